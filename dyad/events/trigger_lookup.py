"""The trigger lexicon (dyad/lang/<lang>/triggers.yaml, read by dyad.events.lexicon) seen from the
pair typer: the PLOVER types each token of a sentence can trigger."""

from __future__ import annotations

from spacy.tokens import Span

from dyad.events.lexicon import lexicon
from dyad.lang import data_path


def has_lexicon(lang: str) -> bool:
    return data_path(lang, "triggers.yaml").is_file()


def sentence_trigger_types(sent: Span, lang: str) -> dict[int, tuple[str, ...]]:
    """Doc token index -> lexicon types of the trigger headed there, for the tokens of `sent`."""
    if not has_lexicon(lang):
        return {}
    found: dict[int, tuple[str, ...]] = {}
    for match in lexicon(lang).find(sent.doc):
        if sent.start <= match.head.i < sent.end:
            found[match.head.i] = tuple(sorted({entry.type for entry in match.entries}))
    return found
