"""Views of a parsed Doc kept for the stages: the same answers as spaCy's own attributes."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from dyad.nlp.views import RECENT_DOCS, views


def made_doc() -> Doc:
    nlp = spacy.blank("fr")
    words = ["Le", "Mali", "a", "parlé", ".", "La", "France", "aussi", ".", "fin"]
    doc = Doc(nlp.vocab, words=words, sent_starts=[True, False, False, False, False, True, False, False, False, True])
    doc.ents = [Span(doc, 1, 2, label="LOC"), Span(doc, 6, 7, label="LOC")]
    return doc


def test_views_answer_as_spacy_does():
    doc = made_doc()
    seen = views(doc)
    assert [(e.start, e.end, e.label_) for e in seen.entities] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert seen.sentence_starts == [s.start for s in doc.sents] == [0, 5, 9]
    for token in doc:
        assert seen.sentence_bounds(token.i) == (token.sent.start, token.sent.end)
        assert seen.sentence(token.i) == token.sent
        assert seen.sentence_start(token.i) == token.sent.start
    assert seen.capitalised == [t.i for t in doc if t.text[:1].isupper()] == [0, 1, 5, 6]
    assert seen.texts == [t.text for t in doc]


def test_views_are_kept_per_doc_for_the_last_few_docs():
    first = made_doc()
    kept = views(first)
    assert views(first) is kept
    others = [made_doc() for _ in range(RECENT_DOCS)]
    for doc in others:
        assert views(doc).doc is doc
    # the first doc's views made way for the later docs' (a view holds its doc alive) and come again
    again = views(first)
    assert again is not kept and again.doc is first and again.sentence_starts == [0, 5, 9]
