"""Counts on ASSAULT, COERCE and PROTEST records (dyad/events/counts.py), on sentences of our own."""

from __future__ import annotations

import pytest

from dyad.events.counts import CountReader, reader
from dyad.records import Actor, Event, Evidence


def found(lang: str, sentence: str, *keys: str) -> dict[str, tuple[int, str]]:
    counts: dict[str, tuple[int, str]] = {}
    for item in reader(lang).read(sentence, keys):
        counts.setdefault(item.key, (item.count.n, item.count.precision))
    return counts


@pytest.mark.parametrize("sentence, keys, expected", [
    ("L'embuscade a fait au moins 17 morts et une dizaine de blessés près de Gao.", ("dead", "injured"),
     {"dead": (17, "at_least"), "injured": (10, "approx")}),
    ("Vingt-cinq gendarmes ont été tués mardi dans l'attaque du poste.", ("dead", "injured"), {"dead": (25, "exact")}),
    ("Des centaines de manifestants ont défilé samedi à Niamey.", ("size",), {"size": (100, "approx")}),
    ("Plusieurs dizaines de milliers de personnes ont manifesté dans la capitale.", ("size",),
     {"size": (10000, "approx")}),
    ("Plus d'un million de personnes ont manifesté jeudi.", ("size",), {"size": (1000000, "at_least")}),
    ("Selon la préfecture, 2,5 millions de personnes ont défilé.", ("size",), {"size": (2500000, "exact")}),
    ("La police a arrêté 12 militants le 3 mars à Dakar.", ("arrested",), {"arrested": (12, "exact")}),
    ("Le journaliste a été interpellé à son domicile de Niamey.", ("arrested",), {"arrested": (1, "exact")}),
    ("Un mort et trois blessés dans une fusillade au marché.", ("dead", "injured"),
     {"dead": (1, "exact"), "injured": (3, "exact")}),
    ("Près de 200 personnes ont été interpellées samedi soir.", ("arrested",), {"arrested": (200, "approx")}),
    ("Au moins 15 civils, dont 4 enfants, ont été tués dans le village.", ("dead",), {"dead": (15, "at_least")}),
    ("Les 1.200 manifestants réunis devant le palais ont été dispersés.", ("size",), {"size": (1200, "exact")}),
    ("Des milliers de partisans du nouveau régime, venus de tout le pays, se sont rassemblés place de la Nation.",
     ("size",), {"size": (1000, "approx")}),
    ("Les enseignants se sont mobilisés par milliers dans toutes les régions.", ("size",), {"size": (1000, "approx")}),
    ("Le maire a finalement été arrêté samedi à son domicile.", ("arrested",), {"arrested": (1, "exact")}),
    ("Trois agents du consulat du Niger à Abidjan en Côte d'Ivoire ont été arrêtés mardi soir.", ("arrested",),
     {"arrested": (3, "exact")}),
    ("Onze villageois (des éleveurs, selon le maire) ont été enlevés puis tués.", ("dead",),
     {"dead": (11, "exact")}),
    ("Le tir a causé des blessures à trois infirmiers de l'hôpital.", ("injured",), {"injured": (3, "exact")}),
])
def test_french_counts(sentence: str, keys: tuple[str, ...], expected: dict) -> None:
    assert found("fr", sentence, *keys) == expected


@pytest.mark.parametrize("sentence, keys", [
    ("Depuis 2012, les attaques ont tué des civils dans la région.", ("dead",)),   # a year counts no one
    ("Il a été tué par une douzaine de balles dans la nuit du 6 au 7 juillet.", ("injured",)),
    ("La préfecture a publié un arrêté interdisant tout rassemblement.", ("arrested",)),   # a decree, not an arrest
    ("Arrêtés en 2023, ils ont été libérés mardi.", ("arrested",)),   # the year is no count of them
    ("Deux bâtiments publics ont été visés par des manifestants en colère.", ("size",)),   # the agent is uncounted
])
def test_french_non_counts(sentence: str, keys: tuple[str, ...]) -> None:
    assert found("fr", sentence, *keys) == {}


def test_a_singular_participle_with_its_agent_is_one_person_and_an_age_no_count() -> None:
    assert found("fr", "Le garçon (17 ans), tué par un policier, sera inhumé vendredi.", "dead") == {"dead": (1, "exact")}
    assert found("fr", "Le militant, arrêté par la gendarmerie mardi, a été libéré.", "arrested") == {
        "arrested": (1, "exact")}
    # Plural participles agree: the number before them is the count, not one.
    assert found("fr", "Trois soldats tués par une mine ont été inhumés.", "dead") == {"dead": (3, "exact")}
    # English participles do not agree in number: "killed by" alone says nothing of how many.
    assert found("en", "Protesters killed by the police were buried on Friday.", "dead") == {}


def test_a_passive_verb_takes_no_object_as_its_count() -> None:
    # One man was killed (the singular passive); the dozen bullets are no count of the dead.
    assert found("fr", "Il a été tué par une douzaine de balles.", "dead") == {"dead": (1, "exact")}


@pytest.mark.parametrize("sentence, keys, expected", [
    ("Gunmen killed at least 12 soldiers and wounded dozens in the raid.", ("dead", "injured"),
     {"dead": (12, "at_least"), "injured": (12, "approx")}),
    ("Thousands marched through the capital on Friday.", ("size",), {"size": (1000, "approx")}),
    ("Tens of thousands of protesters gathered outside parliament.", ("size",), {"size": (10000, "approx")}),
    ("A 33-year-old man was arrested on Tuesday around 10:20.", ("arrested",), {"arrested": (1, "exact")}),
    ("Police arrested two hundred and ten people overnight.", ("arrested",), {"arrested": (210, "exact")}),
    ("The blast left 1,200 dead and some 300 injured.", ("dead", "injured"),
     {"dead": (1200, "exact"), "injured": (300, "approx")}),
    ("Eleven people were killed and 25 others injured when the bomb went off.", ("dead", "injured"),
     {"dead": (11, "exact"), "injured": (25, "exact")}),
])
def test_english_counts(sentence: str, keys: tuple[str, ...], expected: dict) -> None:
    assert found("en", sentence, *keys) == expected


def _event(event_type: str, sentence: str, trigger: str) -> Event:
    start = sentence.index(trigger)
    evidence = Evidence(sentence=sentence, sentence_start=0, trigger=trigger, trigger_start=start,
                        trigger_end=start + len(trigger))
    return Event(article_id="a", event_type=event_type, actor=Actor(code="MLI"), evidence=[evidence],
                 quad_class=4, intensity=-9.0, cameo_root="18")


def test_each_type_gets_only_its_own_counts() -> None:
    sentence = "Des soldats ont arrêté 40 personnes lors d'un raid qui a fait trois morts."
    coerce, assault = CountReader("fr").count_events([_event("COERCE", sentence, "arrêté"),
                                                      _event("ASSAULT", sentence, "raid")])
    assert {k: (c.n, c.precision) for k, c in coerce.counts.items()} == {"arrested": (40, "exact")}
    assert {k: (c.n, c.precision) for k, c in assault.counts.items()} == {"dead": (3, "exact")}


def test_the_count_nearest_the_trigger_wins() -> None:
    sentence = "Une frappe a fait deux morts à Gao, tandis qu'une embuscade près de Ménaka a fait neuf morts."
    (event,) = CountReader("fr").count_events([_event("ASSAULT", sentence, "embuscade")])
    assert event.counts["dead"].n == 9


def test_the_first_evidence_sentence_that_gives_a_count_wins() -> None:
    first = "Des centaines de manifestants se sont rassemblés devant la mairie."
    second = "La veille, quelques dizaines de jeunes avaient manifesté au même endroit."
    event = _event("PROTEST", first, "rassemblés")
    start = len(first) + 1
    later = Evidence(sentence=second, sentence_start=start, trigger="manifesté",
                     trigger_start=start + second.index("manifesté"), trigger_end=start + second.index("manifesté") + 9)
    (counted,) = CountReader("fr").count_events([event.model_copy(update={"evidence": [*event.evidence, later]})])
    assert (counted.counts["size"].n, counted.counts["size"].precision) == (100, "approx")


def test_other_types_and_records_without_counts_are_left_as_they_were() -> None:
    consult = _event("CONSULT", "Les deux ministres, qui ont rencontré 300 manifestants, se sont parlé.", "parlé")
    protest = _event("PROTEST", "Des habitants ont protesté devant la mairie.", "protesté")
    assert CountReader("fr").count_events([consult, protest]) == [consult, protest]

