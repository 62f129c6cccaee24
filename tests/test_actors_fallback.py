"""Names the tables lack (misspelt countries and demonyms, places of the gazetteer), and the
sector rules added with them."""

from __future__ import annotations

import pytest

from dyad.actors import ActorResolver
from dyad.actors.fallback import FuzzyForms, PlaceNames
from dyad.actors.tables import Entry
from dyad.nlp.models import load


@pytest.fixture(scope="module")
def en():
    return ActorResolver("en")


@pytest.fixture(scope="module")
def fr():
    return ActorResolver("fr")


def actors(resolver: ActorResolver, text: str) -> list[tuple[str, str | None, str]]:
    doc = load(resolver.lang)(text)
    found = resolver.analyse(doc, None)
    return [(m.actor.code, m.actor.sector, doc[m.start_token:m.end_token].text) for m in found.mentions]


def test_one_edit_matches_a_single_country():
    fuzzy = FuzzyForms({"Kazakhs": [Entry("demonym", "KAZ")], "Nigeria": [Entry("country", "NGA", "GOV")],
                        "Nigerian": [Entry("demonym", "NGA")], "Niger": [Entry("country", "NER", "GOV")]})
    assert fuzzy.match("Kazahks").code == "KAZ"       # transposition
    assert fuzzy.match("Nigerria").code == "NGA"      # insertion
    assert fuzzy.match("Nigeran").code == "NGA"       # deletion
    assert fuzzy.match("Kazakhs") is None             # the table matches it already
    assert fuzzy.match("Nigre") is None               # too short to correct


def test_one_edit_that_reaches_two_countries_is_no_match():
    fuzzy = FuzzyForms({"Austrian": [Entry("demonym", "AUT")], "Austrias": [Entry("demonym", "XXX")]})
    assert fuzzy.match("Austrial") is None


def test_gazetteer_place_by_population_then_context():
    places = PlaceNames()
    assert places.best("Oxford").country == "GBR"
    assert places.best("St. Andrews").country == "GBR"  # spelt out: Saint Andrews
    assert places.best("Madras").country == "IND"       # another name of a large city


@pytest.mark.parametrize(("text", "expected"), [
    ("The Kazahks protested.", ("KAZ", "CVL", "Kazahks")),
    ("Dehli police arrested him.", ("IND", "COP", "Dehli police")),
    ("Residents of Puerto Penasco fled.", ("MEX", "CVL", "Residents of Puerto Penasco")),
    ("Oxford University said so.", ("GBR", "EDU", "Oxford University")),
    ("Amherst College closed.", ("USA", "EDU", "Amherst College")),
])
def test_english_fallbacks(en, text, expected):
    assert expected in actors(en, text)


def test_a_place_that_heads_a_body_name_is_no_place(en):
    # "Bank" names a small town in India too.
    assert actors(en, "The Bank of Mexico raised rates.") == [("MEX", "GOV", "Mexico")]


def test_a_place_in_a_country_the_article_names_wins(fr):
    # Abala is a town of Niger and a larger one in Ethiopia.
    assert ("ETH", "CVL", "habitants d'Abala") in actors(fr, "Les habitants d'Abala ont fui.")
    assert ("NER", "CVL", "habitants d'Abala") in actors(fr, "Au Niger, les habitants d'Abala ont fui.")


def test_capitalised_articles_are_no_places(fr):
    assert actors(fr, "Les policiers nigériens ont dispersé la foule.") == [("NER", "COP", "policiers nigériens")]


def test_a_professor_at_a_university_takes_its_country(en):
    found = actors(en, "a professor at the University of Oxford")
    assert found[0] == ("GBR", "EDU", "professor")


def test_a_faith_makes_a_leader_religious(en, fr):
    assert actors(en, "A Jewish community leader in France spoke.")[0] == ("FRA", "REL", "community leader")
    assert actors(en, "A community leader in France spoke.")[0] == ("FRA", "CVL", "community leader")
    assert ("MLI", "REL", "dirigeants musulmans du Mali") in actors(fr, "Les dirigeants musulmans du Mali ont parlé.")


def test_a_verbless_headline_keeps_its_role(en):
    doc = load("en")("wanted persons")
    found = en.analyse(doc, None)
    assert [(m.actor.sector, m.kind) for m in found.partial] == [("CRM", "role")]
