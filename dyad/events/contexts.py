"""PLOVER contexts of an event: those its trigger implies plus those cue words around it suggest
(dyad/lang/<lang>/contexts.yaml)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.tokens import Token

from dyad.lang import read_yaml


class ContextCues:
    def __init__(self, lang: str) -> None:
        self.by_word: dict[str, list[str]] = {}
        for context, words in read_yaml(lang, "contexts.yaml").items():
            for word in words:
                self.by_word.setdefault(word.lower(), []).append(context)

    def contexts(self, tokens: Iterable[Token], implied: Iterable[str] = ()) -> list[str]:
        found = list(dict.fromkeys(implied))
        for token in tokens:
            for context in self.by_word.get(token.lemma_.lower(), ()) or self.by_word.get(token.lower_, ()):
                if context not in found:
                    found.append(context)
        return found


@cache
def context_cues(lang: str) -> ContextCues:
    return ContextCues(lang)
