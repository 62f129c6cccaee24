"""`dyad eval petrarch`: actor code mapping and the per-sentence triple scoring."""

from __future__ import annotations

import pytest

from dyad.evaluate.petrarch import actor_code, code_rows, gold_triples, load_rows, score
from dyad.pipeline import Pipeline


@pytest.mark.parametrize(("petrarch", "ours"), [
    ("USAGOV", "USA"), ("GEOOPP", "GEO"), ("RUS", "RUS"), ("IGOUNOMIL", "UNO"), ("IGOEUREEC", "EUR"),
    ("IGOCOPITP", "IGO"), ("IMGMUSISI", "ISM"), ("---LEG", "-"), ("---", "-"),
])
def test_actor_codes_reduce_to_ours(petrarch, ours):
    assert actor_code(petrarch) == ours


def test_cameo_statements_without_plover_type_are_not_gold():
    row = {"gold": [{"sourcecode": "USAGOV", "targetcode": "CHN", "plover2021_from_cameo": "CONSULT"},
                    {"sourcecode": "USA", "targetcode": "CHN", "plover2021_from_cameo": None}]}
    assert gold_triples(row) == {("USA", "CONSULT", "CHN")}


def test_events_on_no_event_sentences_count_against_precision():
    rows = [{"id": "a", "gold": [{"sourcecode": "FRA", "targetcode": "MLI", "plover2021_from_cameo": "AID"}],
             "meta": {}},
            {"id": "b", "gold": [], "meta": {"noevents": True}}]
    report = score(rows, {"a": {("FRA", "AID", "MLI")}, "b": {("MLI", "ACCUSE", "FRA")}})
    total = report.triples.total()
    assert (total.tp, total.fp, total.fn) == (1, 1, 0)
    assert report.no_event_with_events == 1 and report.no_event_sentences == 1


def test_gold_scores_perfectly_against_itself(shared):
    rows = load_rows()
    report = score(rows, {row["id"]: gold_triples(row) for row in rows})
    assert report.triples.total().f1 == 1.0
    assert report.no_event_sentences == 12


@pytest.mark.slow
def test_pipeline_codes_every_sentence_of_a_slice(shared):
    rows = load_rows(limit=8)
    predicted = code_rows(rows)
    assert set(predicted) == {row["id"] for row in rows}
    for triples in predicted.values():
        assert all(len(t) == 3 and t[1].isupper() for t in triples)


SLICE_ROWS = 40
SLICE_F1_FLOOR = 0.22
# The learned coder finds an event in one of the slice's no-event sentences (the rules in none): a
# ceiling that only falls.
NO_EVENT_SPURIOUS_CEILING = 1


def test_petrarch_slice_stays_above_its_floor(shared):
    """The first 40 validation sentences through the whole pipeline; `dyad eval petrarch` scores all."""
    rows = load_rows(SLICE_ROWS)
    report = score(rows, code_rows(rows))
    assert report.triples.total().f1 >= SLICE_F1_FLOOR
    assert report.no_event_with_events <= NO_EVENT_SPURIOUS_CEILING


def test_the_rules_code_the_slices_no_event_sentences_empty(shared):
    rows = load_rows(SLICE_ROWS)
    report = score(rows, code_rows(rows, Pipeline(coder="rules")))
    assert report.no_event_with_events == 0
