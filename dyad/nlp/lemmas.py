"""The packaged models' rule lemmatizer, read through a memo of the token columns.

spaCy's Lemmatizer makes a Token object for every token of every doc and sets its lemma through
the string store, even when the answer is in its cache (about 3 microseconds a token, a warm
cache's whole cost). `ColumnLemmatizer` reads the doc's ORTH, POS and MORPH columns, looks each
triple up in a memo of the lemmas it has given, asks the packaged lemmatizer only for triples it has
not met, and writes the LEMMA column at once. The rule lemmatizers of both models give a lemma from
the form, its part of speech and its morphology alone, so the memo changes no answer;
tests/test_column_components.py checks that both give the same tokens.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

LEMMAS = "dyad_lemmas"
MEMO_LIMIT = 500_000


@Language.factory(LEMMAS)
def make_column_lemmatizer(nlp: Language, name: str) -> ColumnLemmatizer:
    return ColumnLemmatizer()


class ColumnLemmatizer:
    def __init__(self) -> None:
        self.packaged: Lemmatizer | None = None
        self.memo: dict[tuple[int, int, int], int] = {}

    def copy_from(self, packaged: Lemmatizer) -> None:
        if packaged.mode != "rule":
            raise ValueError(f"only a rule lemmatizer is read through columns, not mode {packaged.mode!r}")
        self.packaged = packaged

    def __call__(self, doc: Doc) -> Doc:
        if self.packaged is None or not len(doc):
            return doc
        columns = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = columns[:, 3].copy()
        strings, memo, overwrite = doc.vocab.strings, self.memo, self.packaged.overwrite
        if len(memo) > MEMO_LIMIT:  # names and numbers never stop coming in a long ingest
            memo.clear()
        for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = memo[key] = strings.add(self.packaged.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc
