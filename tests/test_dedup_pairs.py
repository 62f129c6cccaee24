"""The hand-checked merge pairs and the scorer of `dyad eval merge`."""

from __future__ import annotations

import json
import re

import pytest
from store_kit import A1, A2, A3, BAMAKO, GAO, MENAKA, article, coded, event, write

from dyad.evaluate import merge
from dyad.store.connection import reading

PAIRS = merge.load_pairs(merge.DEFAULT_PAIRS)


def test_the_pair_set_has_both_answers_and_well_formed_keys():
    assert len(PAIRS) >= 30
    assert sum(p.same for p in PAIRS) >= 15 and sum(not p.same for p in PAIRS) >= 8
    for pair in PAIRS:
        assert pair.article_a != pair.article_b
        assert pair.status in {"occurred", "intended", "negated"}
        assert all(t.isupper() for t in pair.types) and pair.description


@pytest.mark.shared
def test_pairs_name_corpus_articles_and_copy_none_of_their_text(shared):
    words = re.compile(r"\w+")
    corpus = {}
    runs = set()
    for line in (shared / "corpus" / "articles.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        corpus[record["id"]] = record
        tokens = [w.lower() for w in words.findall(record["text"])]
        runs.update(" ".join(tokens[i:i + 8]) for i in range(len(tokens) - 7))
    for pair in PAIRS:
        assert pair.article_a in corpus and pair.article_b in corpus
        tokens = [w.lower() for w in words.findall(pair.description)]
        copied = [" ".join(tokens[i:i + 8]) for i in range(len(tokens) - 7) if " ".join(tokens[i:i + 8]) in runs]
        assert not copied, f"description copies the article: {copied[0]!r}"


def test_scorer_counts_same_distinct_and_uncoded(tmp_path):
    path = tmp_path / "s.duckdb"
    far = article("a5", "2023-02-08")
    write(path, [coded(A1, event("a1", "ASSAULT", "ISM", "MLI", "2023-02-06", place=GAO)),
                 coded(A2, event("a2", "ASSAULT", "ISM", "MLI", "2023-02-06", place=GAO)),
                 coded(A3, event("a3", "ASSAULT", "ISM", "MLI", "2023-02-19", place=MENAKA)),
                 coded(far, event("a5", "CONSULT", "RUS", "MLI", "2023-02-07", place=BAMAKO))])
    key = {"actors": ("ISM",), "types": ("ASSAULT",), "recipients": ("MLI",), "status": "occurred"}
    pairs = [merge.Pair("a1", "a2", same=True, description="", **key),       # merged: true positive
             merge.Pair("a1", "a3", same=True, description="", **key),       # kept apart: false negative
             merge.Pair("a2", "a3", same=False, description="", **key),      # kept apart: true negative
             merge.Pair("a1", "a5", same=False, description="", **key)]      # a5 has no such record
    with reading(path) as con:
        scores, decisions = merge.score(con, pairs)
    assert [d for _, d in decisions] == ["same", "distinct", "distinct", "uncoded"]
    assert (scores.tp, scores.fp, scores.fn, scores.tn, scores.uncoded) == (1, 0, 1, 1, 1)
    assert (scores.precision, scores.recall) == (1.0, 0.5)
