"""AttributeRules, the column version of a model's attribute ruler: the same tokens as the packaged
ruler, on the packaged models and on rules that use each kind of pattern it reads."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dyad.nlp.attribute_rules import ATTRIBUTE_RULES, PACKAGED_RULER, AttributeRules, packaged_ruler
from dyad.nlp.models import load

TEXTS = {
    "fr": ["Le ministre a annoncé hier  que l'armée   quitterait la ville.\n\nIl ne l'a pas dit.",
           "« Nous n'irons pas », a-t-il déclaré à Niamey, le 3 mars 2023."],
    "en": ["It's not what they'd said: there are gonna be talks, and he didn't go.",
           "Let's see whether the ministers are coming, y'all, said the envoy of Mali."],
}


def token_annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.lemma_, t.head.i) for t in doc]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_packaged_models_give_the_same_tokens_with_either_ruler(lang):
    nlp = load(lang)
    assert ATTRIBUTE_RULES in nlp.pipe_names and PACKAGED_RULER not in nlp.pipe_names
    fast = [token_annotations(doc) for doc in nlp.pipe(TEXTS[lang])]
    with packaged_ruler(nlp):
        assert PACKAGED_RULER in nlp.pipe_names and ATTRIBUTE_RULES not in nlp.pipe_names
        packaged = [token_annotations(doc) for doc in nlp.pipe(TEXTS[lang])]
    assert ATTRIBUTE_RULES in nlp.pipe_names
    assert fast == packaged


def blank_with_rules(patterns: list[dict]) -> tuple[spacy.Language, AttributeRules]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    rules = AttributeRules(nlp)
    rules.copy_rules(ruler)
    return nlp, rules


def tagged(nlp: spacy.Language, words: list[str], tags: list[str]) -> Doc:
    return Doc(nlp.vocab, words=words, tags=tags)


PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    # a later rule overrides an earlier one on the same token
    {"patterns": [[{"TAG": "NN", "LOWER": {"IN": ["talks", "truce"]}}]], "attrs": {"POS": "PROPN"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", "DT"]}}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"LOWER": {"REGEX": "^peace"}}]], "attrs": {"LEMMA": "peace"}},
    # two tokens, the attributes going to the last
    {"patterns": [[{"LOWER": "the"}, {"TAG": "NN"}]], "attrs": {"MORPH": "Definite=Def"}, "index": -1},
    # an operator only the Matcher runs
    {"patterns": [[{"LOWER": "very", "OP": "+"}, {"LOWER": "long"}]], "attrs": {"LEMMA": "lengthy"}, "index": -1},
]


def test_each_kind_of_pattern_gives_what_the_packaged_ruler_gives():
    nlp, rules = blank_with_rules(PATTERNS)
    words = ["the", "talks", "peacefully", "ended", "the", "war", "very", "very", "long"]
    tags = ["DT", "NN", "RB", "VBD", "DT", "NN", "RB", "RB", "JJ"]
    fast = rules(tagged(nlp, words, tags))
    packaged = nlp.get_pipe("attribute_ruler")(tagged(nlp, words, tags))
    assert token_annotations(fast) == token_annotations(packaged)
    assert [t.pos_ for t in fast] == ["", "PROPN", "VERB", "VERB", "", "NOUN", "VERB", "VERB", "VERB"]
    assert [str(t.morph) for t in fast][5] == "Definite=Def" and str(fast[1].morph) == "Definite=Def"
    assert fast[2].lemma_ == "peace" and fast[8].lemma_ == "lengthy" and fast[7].lemma_ == ""


def test_a_ruler_that_sets_a_lexical_attribute_is_refused():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"LOWER": "usa"}]], "attrs": {"NORM": "united states"}}])
    with pytest.raises(ValueError, match="do not write"):
        AttributeRules(nlp).copy_rules(ruler)
