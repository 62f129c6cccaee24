"""The trigger lexicons and cue files: every type covered in both languages, every entry valid."""

from __future__ import annotations

from typing import get_args

import pytest
from spacy.matcher import Matcher

from dyad.events.lexicon import Entry, LexiconError, _patterns, lexicon, parse_entry
from dyad.events.rules import type_rules
from dyad.lang import read_yaml
from dyad.nlp.models import load
from dyad.records import EventType

LANGS = ("fr", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_every_plover_type_has_verb_and_noun_triggers(lang):
    entries = lexicon(lang).entries
    for event_type in get_args(EventType):
        kinds = {e.pos for e in entries if e.type == event_type}
        assert kinds, f"{lang}: no trigger for {event_type}"
    assert {e.pos for e in entries} >= {"VERB", "NOUN"}


@pytest.mark.parametrize("lang", LANGS)
def test_entries_name_only_known_types_and_parts_of_speech(lang):
    for entry in lexicon(lang).entries:
        assert entry.pos in {"VERB", "NOUN", "ADJ", "ANY"}
        assert 0 <= entry.head < len(entry.words)
        assert all(isinstance(p, str) for p in entry.preps)
        for target in (entry.via or {}).values():
            assert target is None or target in get_args(EventType)


def test_a_misspelt_key_is_refused():
    with pytest.raises(LexiconError):
        parse_entry({"words": "rencontrer", "type": "CONSULT", "mdoe": "visit"}, "fr")
    with pytest.raises(LexiconError):
        parse_entry({"words": "meet", "type": "CONFER"}, "en")


@pytest.mark.parametrize("lang", LANGS)
def test_cue_files_hold_only_strings(lang):
    for name in ("modality.yaml", "arguments.yaml", "contexts.yaml"):
        data = read_yaml(lang, name)
        for key, values in data.items():
            if isinstance(values, list):
                assert all(isinstance(v, str) for v in values), f"{lang}/{name}:{key}"


def test_type_rules_name_real_types():
    rules = type_rules()
    known = set(get_args(EventType))
    for group in (rules.optional_recipient, rules.mutual, rules.joint_subject, rules.content_objects,
                  rules.inherit_actor, rules.target_is_agent, rules.sentence_recipient, rules.addressee_in_content):
        assert group <= known
    assert set(rules.content) <= known and rules.siding in known


MATCHING = {
    "fr": "La rencontre entre les deux ministres a eu lieu hier. Paris a mis en garde Bamako contre un "
          "coup d'État, puis a rencontré les putschistes. Ils se sont mis d’accord.",
    "en": "The two ministers held talks and met in Dakar. Rebels opened fire before the army cracked down.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_the_pattern_index_finds_what_spacys_matcher_finds_in_the_same_order(lang):
    """The index replaced a token Matcher over the same patterns; the Matcher's order decides ties."""
    lex = lexicon(lang)
    doc = load(lang)(MATCHING[lang])
    reference = Matcher(doc.vocab)
    first_entries: dict[str, Entry] = {}
    for entry in lex.entries:
        first_entries.setdefault(" ".join(entry.words), entry)
    for key, entry in first_entries.items():
        reference.add(key, _patterns(entry))
    expected = [(doc.vocab.strings[key], start, end) for key, start, end in reference(doc)]
    assert any(end - start > 1 for _, start, end in expected)
    assert lex.index.matches(doc) == expected


def test_phrases_match_inflected_with_either_apostrophe_and_win_over_shorter_triggers():
    doc = load("fr")(MATCHING["fr"])
    found = [(m.text, m.entries[0].words) for m in lexicon("fr").find(doc)]
    assert ("mis en garde", ("mettre", "en", "garde")) in found
    assert ("mis d’accord", ("mettre", "d'", "accord")) in found
    assert ("rencontré", ("rencontrer",)) in found
    assert not any(text == "mis" for text, _ in found)
