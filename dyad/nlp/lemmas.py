"""spaCy's rule lemmatizer, memoised: the same lemmas, a fraction of the cost.

The packaged lemmatizer spends most of its time in Python overhead per token (building Token
objects, setting `lemma_` through the string store), although its answer depends only on the
word, its part of speech and its morphology (French: word and POS; English also reads the
morphology). This pass reads those three as arrays, asks the model's own lemmatizer once per
distinct triple, and writes every lemma back in one array write. The Pipeline runs it in place of
the `lemmatizer` component; `tests/test_lemmas.py` checks that the lemmas are identical.
"""

from __future__ import annotations

from functools import cache

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "lemmatizer"


class MemoLemmatizer:
    def __init__(self, nlp: Language) -> None:
        self.lemmatizer = nlp.get_pipe(COMPONENT)
        self.overwrite = bool(getattr(self.lemmatizer, "overwrite", False))
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = self.memo.get(key)
            if found is None:
                found = self.memo[key] = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(found)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64"))
        return doc


@cache
def memo_lemmatizer(lang: str) -> MemoLemmatizer:
    from dyad.nlp.models import load

    return MemoLemmatizer(load(lang))
