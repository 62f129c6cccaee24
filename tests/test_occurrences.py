"""The same act told on two days the text names is two records, each with its own date, toll and
place (events.md: two attacks on different days are two ASSAULTs), through the whole Pipeline."""

from __future__ import annotations

import datetime as dt

from dyad.nlp.models import load
from dyad.pipeline import Pipeline
from dyad.records import Article


def test_two_attacks_on_two_days_are_two_records_with_their_own_fields():
    text = ("Le 3 février, l'armée malienne a attaqué une base de l'État islamique près de Ménaka, tuant "
            "12 combattants. Le 6 février, l'armée malienne a de nouveau attaqué l'État islamique près "
            "d'Ansongo, tuant cinq combattants.")
    article = Article(id="t", text=text, lang="fr", date=dt.date(2023, 2, 8), date_precision="day")
    records = Pipeline().code_doc(load("fr")(text), article)
    assert [(r.event_type, r.actor.code, r.recipient.code, r.date, {k: c.n for k, c in (r.counts or {}).items()},
             r.location.name if r.location else None) for r in records] == [
        ("ASSAULT", "MLI", "ISM", dt.date(2023, 2, 3), {"dead": 12}, "Ménaka"),
        ("ASSAULT", "MLI", "ISM", dt.date(2023, 2, 6), {"dead": 5}, "Ansongo")]
