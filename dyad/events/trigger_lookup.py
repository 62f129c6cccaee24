"""The trigger lexicon (dyad/lang/<lang>/triggers.yaml, read by dyad.events.lexicon) seen from the
pair typer: the PLOVER types each token of a sentence can trigger."""

from __future__ import annotations

from spacy.tokens import Span, Token

from dyad.events.lexicon import Entry, lexicon
from dyad.lang import data_path

OBJECT_DEPS = {"obj", "dobj"}


def has_lexicon(lang: str) -> bool:
    return data_path(lang, "triggers.yaml").is_file()


def sentence_trigger_types(sent: Span, lang: str) -> dict[int, tuple[str, ...]]:
    """Doc token index -> lexicon types of the trigger headed there, for the tokens of `sent`."""
    if not has_lexicon(lang):
        return {}
    found: dict[int, tuple[str, ...]] = {}
    for match in lexicon(lang).find(sent.doc):
        if sent.start <= match.head.i < sent.end:
            types = fitting_types(match.head, match.entries)
            if types:
                found[match.head.i] = types
    return found


def fitting_types(head: Token, entries: tuple[Entry, ...]) -> tuple[str, ...]:
    """Types of the entries whose object constraints the head's direct object meets; an entry that
    names its objects wins over plain entries of the same words, as in the coder."""
    obj = next((c.lemma_.lower() for c in head.children if c.dep_ in OBJECT_DEPS), None)
    fitting = [e for e in entries if obj not in e.not_objects and (not e.objects or obj in e.objects)]
    constrained = [e for e in fitting if e.objects]
    return tuple(dict.fromkeys(e.type for e in (constrained or fitting)))
