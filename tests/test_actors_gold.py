"""The actor resolver against ../shared: the seed article's worked example (docs/events.md), a
fixed slice of ngec_actor_resolution with a floor, and our French cases."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dyad.actors import ActorResolver
from dyad.evaluate.actors import NGEC_WRITTEN, french_cases, ngec_cases, ngec_view, score
from dyad.nlp.models import load

NGEC_SLICE = 120
NGEC_COUNTRY_FLOOR = 0.87
NGEC_SECTOR_FLOOR = 0.82
FRENCH_FLOOR = 0.95

# The worked example's actors: (phrase as the seed writes it, code, sector).
SEED_ACTORS = [
    ("Sergueï Lavrov", "RUS", "GOV"),
    ("son homologue Malien", "MLI", "GOV"),
    ("le Mali", "MLI", "GOV"),
    ("la Russie", "RUS", "GOV"),
    ("l’Union Européenne", "EUR", None),
    ("Le Ministre DIOP", "MLI", "GOV"),
    ("le président de la transition", "MLI", "GOV"),
    ("Assimi GOITA", "MLI", "GOV"),
    ("les Forces armées du Mali", "MLI", "MIL"),
    ("le ministre russe des affaires étrangères", "RUS", "GOV"),
    ("Le Diplomate russe", "RUS", "GOV"),
]


@pytest.fixture(scope="module")
def seed(shared):
    article = json.loads((shared / "seed" / "seed.jsonl").read_text(encoding="utf-8").splitlines()[0])
    doc = load("fr")(article["text"])
    return doc, ActorResolver("fr").analyse(doc, dt.date.fromisoformat(article["date"]))


@pytest.mark.parametrize(("phrase", "code", "sector"), SEED_ACTORS)
def test_seed_worked_example(seed, phrase, code, sector):
    doc, doc_actors = seed
    start = doc.text.index(phrase)
    span = doc.char_span(start, start + len(phrase), alignment_mode="expand")
    actor = doc_actors.actor_for_span(span)
    assert actor is not None and (actor.code, actor.sector) == (code, sector)


def test_seed_names_the_people(seed):
    _, doc_actors = seed
    names = {m.actor.name for m in doc_actors.mentions}
    assert {"Sergey Lavrov", "Abdoulaye Diop", "Assimi Goïta", "EU", "FAMa"} <= names


def test_ngec_slice_floor(shared):
    path = shared / "gold" / "ngec_actor_resolution" / "ngec_actor_resolution.jsonl"
    cases = list(ngec_cases(path, NGEC_WRITTEN))[:NGEC_SLICE]
    result = score(cases, "en", ActorResolver("en"), ngec_view)
    assert result.ratio(result.country_right, result.country_total) >= NGEC_COUNTRY_FLOOR, result.misses
    assert result.ratio(result.sector_right, result.sector_total) >= NGEC_SECTOR_FLOOR, result.misses


def test_french_cases_floor():
    result = score(list(french_cases()), "fr", ActorResolver("fr"))
    assert result.ratio(result.country_right, result.country_total) >= FRENCH_FLOOR, result.misses
    assert result.ratio(result.sector_right, result.sector_total) >= FRENCH_FLOOR, result.misses
    assert result.ratio(result.name_right, result.name_total) >= FRENCH_FLOOR, result.misses
