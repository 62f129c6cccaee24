"""The learned place chooser (dyad/geo/chooser.py) with the shipped model: the geocoder's promises
hold through it (a town the sentence names, no dateline or outlet town, no place for a statement
that names none), and it reads places the rules cannot attach."""

from __future__ import annotations

import numpy as np
import pytest
from when_geo_helpers import event_at

from dyad.actors import DocActors
from dyad.events.learned.linear import LinearModel
from dyad.events.learned.stages import models_dir
from dyad.geo import Geocoder
from dyad.geo.chooser import CLASSES, YES, Candidate, PlaceChooser, load_chooser
from dyad.geo.gazetteer import Place
from dyad.geo.training import Placing, Reading, decisions
from dyad.nlp.models import load
from dyad.pipeline import Pipeline
from dyad.records import Article


@pytest.fixture(scope="module")
def chooser() -> PlaceChooser:
    found = load_chooser(models_dir())
    assert found is not None, "the place chooser's model is shipped in dyad/events/models"
    return found


def locate(chooser: PlaceChooser, lang: str, text: str, events: list, source: str | None = None) -> list:
    doc = load(lang)(text)
    return Geocoder(lang, chooser).locate_events(events, doc, Article(id="t", text=text, lang=lang, source=source),
                                                 DocActors(doc))


def test_the_learned_coder_places_events_with_the_chooser_and_the_rules_without():
    assert Pipeline().stages("fr")[3].chooser is not None
    assert Pipeline(coder="rules").stages("fr")[3].chooser is None


def test_towns_the_sentence_attaches_to_the_event(chooser):
    text = ("Des hommes armés ont attaqué un poste militaire près de Ménaka, dans le nord du Mali. "
            "Le gouvernement a dénoncé ces violences. "
            "Une embuscade a visé un convoi près de Fada N'Gourma au Burkina Faso.")
    attack, ambush = locate(chooser, "fr", text, [event_at(text, "attaqué"), event_at(text, "embuscade", actor="BFA")])
    assert (attack.location.name, attack.location.country, attack.location.precision) == ("Ménaka", "MLI", "town")
    assert (ambush.location.name, ambush.location.country) == ("Fada N'gourma", "BFA")


def test_a_town_named_in_the_sentence_but_not_on_the_trigger(chooser):
    text = "Des milliers de manifestants se sont rassemblés samedi à Niamey pour soutenir les militaires au pouvoir."
    (rally,) = locate(chooser, "fr", text, [event_at(text, "soutenir", "SUPPORT", actor="NER", recipient="NER")])
    assert (rally.location.name, rally.location.country) == ("Niamey", "NER")


def test_a_statement_that_names_no_place_has_none(chooser):
    text = "Le ministre a accusé la France de soutenir les terroristes."
    (statement,) = locate(chooser, "fr", text, [event_at(text, "accusé", "ACCUSE", actor="MLI", recipient="FRA")])
    assert statement.location is None


@pytest.mark.parametrize(("lang", "text", "trigger"), [
    ("fr", "NIAMEY, 8 février (AFP) - Le gouvernement a dénoncé les sanctions.", "dénoncé"),
    ("en", "NIAMEY, Aug 25, 2023 (Reuters) - The junta condemned the sanctions.", "condemned"),
    ("fr", "Kinshasa, 3 mars 2023 (ACP).- Le Mali a dénoncé les sanctions de la Cédéao.", "dénoncé"),
])
def test_the_dateline_is_never_the_events_place(chooser, lang, text, trigger):
    (event,) = locate(chooser, lang, text, [event_at(text, trigger, "ACCUSE", actor="NER")])
    assert event.location is None


def test_the_outlets_home_town_only_where_the_events_sentence_names_it(chooser):
    text = ("Kinshasa, 3 mars 2023 (ACP).- Des soldats ont attaqué un village près de Kinshasa. "
            "Le gouvernement a dénoncé ces violences.")
    attack, statement = locate(chooser, "fr", text, [event_at(text, "attaqué", actor="COD"),
                                                     event_at(text, "dénoncé", "ACCUSE", actor="COD")],
                               source="Agence Congolaise de Presse")
    assert attack.location.name == "Kinshasa"
    assert statement.location is None


def _place(row: int) -> Place:
    return Place(row, None, f"p{row}", "city", "MLI", None, 0.0, 0.0, 1000, False)


def test_an_event_gets_its_best_place_only_where_it_likely_has_one():
    # "near" scores a candidate up, "placed" says the event has a place: one weight each.
    where = LinearModel(CLASSES, {"near": 0}, np.array([[0.0, 4.0]], np.float32), np.zeros((0, 2), np.float32),
                        np.zeros(2, np.float32))
    whether = LinearModel(CLASSES, {"placed": 0}, np.array([[0.0, 4.0]], np.float32), np.zeros((0, 2), np.float32),
                          np.zeros(2, np.float32))
    chooser = PlaceChooser(where, whether, 0.5)
    far, near = Candidate(_place(1), []), Candidate(_place(2), ["near"])
    assert chooser.choose([far, near], ["placed"])[0] is near
    assert chooser.choose([far, near], []) is None
    assert chooser.choose([], ["placed"]) is None
    items = [Placing("a", [Reading([far, near], ["placed"], [False, True])], True, False),
             Placing("b", [Reading([far, near], ["placed"], [True, False])], True, True),
             Placing("c", [Reading([far], [], [False])], False, True)]
    assert decisions(items, chooser) == (1, 2, 1, 1)
    # A record told twice is placed by its likelier sentence: an unplaced first one costs nothing.
    told_twice = [Placing("d", [Reading([far], [], [False]), Reading([far, near], ["placed"], [False, True])], True,
                          False),
                  Placing("e", [Reading([far], [], [False]), Reading([near], ["placed"], [False])], False, True)]
    assert decisions(told_twice, chooser) == (1, 1, 0, 1)
    assert YES in CLASSES


def test_a_record_told_in_two_sentences_is_placed_where_either_names_its_place(chooser):
    text = ("L'armée a repoussé une attaque des jihadistes, selon un communiqué du gouvernement. "
            "Des hommes armés ont attaqué un poste militaire près de Ménaka, dans le nord du pays.")
    first, second = event_at(text, "attaque"), event_at(text, "attaqué")
    told_twice = first.model_copy(update={"evidence": first.evidence + second.evidence})
    (alone,) = locate(chooser, "fr", text, [first])
    (attack,) = locate(chooser, "fr", text, [told_twice])
    assert alone.location is None
    assert (attack.location.name, attack.location.country) == ("Ménaka", "MLI")
