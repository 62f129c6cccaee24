"""The coder through the full pipeline on ../shared: the seed's worked example (docs/events.md) and a
fixed slice of gold/dyad_dev with a floor. `dyad eval doc` scores the whole set.

The dyad_dev floor guards the rules alone: they were written against dyad_dev, so it measures that
they still do what they were written to do. The learned coder, trained without dyad_dev, has its
floor on the labelled set's dev split (tests/test_learned_coder.py)."""

from __future__ import annotations

import pytest

from dyad.evaluate.common import read_articles
from dyad.evaluate.doc import Report, load_gold
from dyad.pipeline import Pipeline

WORKED_EXAMPLE = {
    ("RUS", "CONSULT", "MLI", "occurred"),
    ("RUS", "AID", "MLI", "intended"),
    ("RUS", "AID", "MLI", "occurred"),
    ("RUS", "AGREE", "MLI", "occurred"),
    ("MLI", "AGREE", "RUS", "occurred"),
    ("MLI", "SUPPORT", "RUS", "occurred"),
    ("EUR", "SANCTION", "RUS", "occurred"),
    ("MLI", "ACCUSE", "-", "occurred"),
    ("RUS", "CONSULT", "MLI", "intended"),
}
SLICE_FR, SLICE_EN = 4, 2
SLICE_F1_FLOOR = 0.70


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline()


@pytest.fixture(scope="module")
def rules_pipeline():
    return Pipeline(coder="rules")


def test_seed_yields_the_worked_example(shared, pipeline):
    articles = list(read_articles(shared / "seed" / "seed.jsonl").values())
    (coded,) = list(pipeline.code(articles))
    keys = {event.key() for event in coded.events}
    assert WORKED_EXAMPLE <= keys
    assert len(keys - WORKED_EXAMPLE) <= 2
    for event in coded.events:
        assert event.evidence and 0 < event.confidence <= 1


def test_dyad_dev_slice_stays_above_its_floor(shared, rules_pipeline):
    gold = load_gold(lang="fr")[:SLICE_FR] + load_gold(lang="en")[:SLICE_EN]
    articles = read_articles(shared / "corpus" / "articles.jsonl", {row["id"] for row in gold})
    ordered = [articles[row["id"]].model_copy(update={"lang": row["lang"]}) for row in gold]
    coded = {c.article.id: c.events for c in rules_pipeline.code(ordered)}
    report = Report()
    for row in gold:
        report.add(row, coded[row["id"]])
    assert report.by_lang.total().f1 >= SLICE_F1_FLOOR
