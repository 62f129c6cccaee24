"""Dyad's column versions of packaged components (AttributeRules for the attribute ruler,
ColumnLemmatizer for the lemmatizer): the same tokens as the packaged ones, on the packaged models,
and on attribute rules that use each kind of pattern AttributeRules reads."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dyad.nlp.attribute_rules import AttributeRules
from dyad.nlp.models import COLUMN_VERSIONS, load, packaged

TEXTS = {
    "fr": ["Le ministre a annoncé hier  que l'armée   quitterait la ville.\n\nIl ne l'a pas dit.",
           "« Nous n'irons pas », a-t-il déclaré à Niamey, le 3 mars 2023."],
    "en": ["It's not what they'd said: there are gonna be talks, and he didn't go.",
           "Let's see whether the ministers are coming, y'all, said the envoy of Mali."],
}


def token_annotations(doc: Doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.lemma_, t.head.i) for t in doc]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_packaged_models_give_the_same_tokens_with_the_column_versions(lang):
    nlp = load(lang)
    assert set(COLUMN_VERSIONS.values()) <= set(nlp.pipe_names)
    assert not set(COLUMN_VERSIONS) & set(nlp.pipe_names)
    # twice: the second time the lemmas come from the memo
    columns = [[token_annotations(doc) for doc in nlp.pipe(TEXTS[lang])] for _ in range(2)]
    with packaged(nlp):
        assert set(COLUMN_VERSIONS) <= set(nlp.pipe_names)
        assert not set(COLUMN_VERSIONS.values()) & set(nlp.pipe_names)
        as_packaged = [token_annotations(doc) for doc in nlp.pipe(TEXTS[lang])]
    assert set(COLUMN_VERSIONS.values()) <= set(nlp.pipe_names)
    assert columns[0] == columns[1] == as_packaged


def blank_with_rules(patterns: list[dict]) -> tuple[spacy.Language, AttributeRules]:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    rules = AttributeRules(nlp)
    rules.copy_from(ruler)
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
        AttributeRules(nlp).copy_from(ruler)
