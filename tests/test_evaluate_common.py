"""Scoring helpers shared by the `dyad eval` scorers, and the dyad_dev scoring key."""

from __future__ import annotations

import pytest

from dyad.evaluate.common import Counts, Table, macro_f1
from dyad.evaluate.doc import gold_tuples, party_key


def test_counts_precision_recall_f1():
    counts = Counts()
    counts.add({"a", "b", "c"}, {"b", "c", "d", "e"})
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 2)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(0.5)
    assert counts.f1 == pytest.approx(4 / 7)


def test_empty_counts_score_zero():
    assert Counts().f1 == 0.0


def test_table_total_is_micro_averaged_and_macro_f1_skips_absent_labels():
    table = Table()
    table.row("fr").add({1, 2}, {1, 3})
    table.row("en").add({4}, {4})
    table.row("xx").add({9}, set())
    total = table.total()
    assert (total.tp, total.fp, total.fn) == (2, 2, 1)
    assert macro_f1(table) == pytest.approx((0.5 + 1.0) / 2)
    assert "all" in table.format("lang")


def test_party_keys_follow_the_gold_readme():
    assert party_key({"code": "RUS", "sector": "GOV", "name": "Sergei Lavrov"}) == "RUS"
    assert party_key({"code": "IGO", "name": "CEDEAO"}) == party_key({"code": "IGO", "name": "ECOWAS"})
    assert party_key({"code": "ISM", "name": "EIGS"}) == "ISM:ISGS"
    assert party_key({"code": "MNC", "name": "SpaceX"}) == "MNC"
    assert party_key(None) == party_key({"code": "-"}) == "-"


def test_status_aware_tuples_add_the_status():
    row = {"events": [{"actor": {"code": "RUS"}, "event_type": "AID", "recipient": {"code": "MLI"},
                       "status": "intended"}]}
    assert gold_tuples(row, False) == {("RUS", "AID", "MLI")}
    assert gold_tuples(row, True) == {("RUS", "AID", "MLI", "intended")}
