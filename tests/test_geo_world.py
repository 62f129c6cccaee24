"""Places beyond the Sahel: world features (seas, rivers, deserts, world regions), first-level
regions and British counties elsewhere, regions against small namesake towns, and the article-level
geoparse that puts a street or a building in the article's focus city."""

from __future__ import annotations

import pytest
from when_geo_helpers import located_alone

from dyad.geo import Geocoder
from dyad.geo.document import DocumentResolver, focus_city
from dyad.geo.resolve import PlaceResolver, to_location
from dyad.geo.shared import shared_gazetteer
from dyad.nlp.models import load


@pytest.fixture(scope="module")
def resolver():
    return PlaceResolver(shared_gazetteer())


@pytest.mark.parametrize(("text", "name"), [
    ("Atlantic", "Atlantic Ocean"),
    ("mer Méditerranée", "Mediterranean Sea"),
    ("lac Tchad", "Lake Chad"),
    ("fleuve Niger", "Niger River"),
    ("Moyen-Orient", "Middle East"),
    ("Afrique de l'Ouest", "West Africa"),
    ("Adrar des Ifoghas", "Adrar des Ifoghas"),
    ("Sahara", "Sahara"),
])
def test_world_features_resolve(resolver, text, name):
    place = resolver.resolve(text)
    assert (place.name, place.kind) == (name, "feature")


def test_a_feature_never_takes_a_countrys_name(resolver):
    assert resolver.resolve("Niger").kind == "country"


def test_a_feature_is_no_event_location(resolver):
    assert to_location(resolver.resolve("Atlantic"), "Atlantic") is None


def test_a_feature_is_not_read_inside_a_longer_name(resolver):
    assert resolver.resolve_embedded("Atlantic Avenue") is None


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Iowa", "Iowa", "USA"),  # the state, not Iowa, Louisiana
    ("Montana", "Montana", "USA"),  # the state, not the village of Montana City
    ("Western Cape", "Western Cape", "ZAF"),
    ("Tigray", "Tigray", "ETH"),
    ("Jalisco", "Jalisco", "MEX"),
    ("English", "England", "GBR"),
    ("région de Kharkiv", "Kharkiv Oblast", "UKR"),
    ("Bretagne", "Bretagne", "FRA"),
    ("région de Koursk", "Kursk Oblast", "RUS"),
])
def test_regions_resolve(resolver, text, name, country):
    place = resolver.resolve(text)
    assert (place.name, place.kind, place.country) == (name, "region", country)


def test_the_town_a_region_is_named_after_stays_the_town(resolver):
    assert resolver.resolve("Mopti").kind == "city"
    assert resolver.resolve("Guadalajara", {"MEX"}).kind == "city"


def test_a_british_county_needs_its_country_against_a_larger_namesake(resolver):
    assert resolver.resolve("Kent", {"GBR"}).kind == "region"
    assert resolver.resolve("Kent", {"GBR"}).country == "GBR"
    assert resolver.resolve("Hampshire", {"GBR"}).name == "Hampshire"


def test_counties_leave_the_nation_to_its_towns(resolver):
    assert resolver.resolve("Maidstone").admin1 == "England"


@pytest.mark.parametrize(("text", "admin1"), [
    ("Marseille", "Provence-Alpes-Côte d'Azur"),
    ("Bakhmut", "Donetsk Oblast"),  # a town of the oblast, not its seat
    ("Kiev", "Kyiv City"),  # the capital is a division of its own
    ("Belgorod", "Belgorod Oblast"),
])
def test_the_towns_of_a_listed_country_carry_their_region(resolver, text, admin1):
    assert resolver.resolve(text).admin1 == admin1


def test_a_region_named_after_its_seat_leaves_the_seat_a_town(resolver):
    assert resolver.resolve("Kharkiv").kind == "city"
    assert resolver.resolve("Kherson", {"UKR"}).kind == "city"


def test_korea_alone_is_south_korea(resolver):
    assert resolver.resolve("Korea").country == "KOR"


@pytest.fixture(scope="module")
def documents(resolver):
    return DocumentResolver(resolver, ["street", "stadium", "rue", "stade"])


def test_a_site_falls_to_the_article_focus_city(documents):
    names = ["Ségou", "stade Amadou Konaté", "Bamako", "Bamako", "Tree Lane Street"]
    resolved = documents.resolve_all(names)
    assert [(r.place.name if r.place else None, r.from_focus) for r in resolved] == [
        ("Ségou", False), ("Bamako", True), ("Bamako", False), ("Bamako", False), ("Bamako", True)]


def test_an_unknown_name_that_is_no_site_stays_unresolved(documents):
    resolved = documents.resolve_all(["Bamako", "Zorglubville"])
    assert resolved[1].place is None


def test_no_focus_without_a_city(documents):
    assert documents.resolve_all(["Mali", "rue Zorglub"])[1].place is None


def test_the_focus_is_the_first_of_the_most_named_cities(resolver):
    places = [resolver.resolve(n) for n in ("Gao", "Mopti", "Mali", "Mopti", "Gao")]
    assert focus_city(places).name == "Gao"


def test_the_article_context_names_its_regions_and_countries(documents):
    assert documents.context(["Burkina Faso", "Centre-Nord", "Kaya"]) >= {"BFA", "Centre-Nord"}


def test_article_places_put_a_site_in_the_focus_city():
    text = "Thousands marched in Kano on Friday. Police blocked Ahmadu Street in Kano."
    doc = load("en")(text)
    places = Geocoder("en").article_places(doc, set())
    assert [(span.text, r.place.name, r.from_focus) for span, r in places] == [
        ("Kano", "Kano", False), ("Ahmadu Street", "Kano", True), ("Kano", "Kano", False)]


def test_an_event_at_a_site_is_not_placed_in_the_focus_city():
    text = "Le président était à Ségou lundi. Les manifestants se sont rassemblés au stade Zorglub."
    # French protesters: Ségou, the article's main place, is in no party's country.
    event = located_alone("fr", text, "rassemblés", "PROTEST", actor="FRA")
    assert event.location is None


def test_a_date_after_in_is_no_place():
    text = "American troops left the base in August."  # not August, California
    event = located_alone("en", text, "left", "RETREAT", actor="USA")
    assert event.location is None
