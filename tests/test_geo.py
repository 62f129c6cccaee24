"""Places: the gazetteer (GeoNames cities with alternate names, countries, Sahel and West African
regions), disambiguation by the article's countries, and the event's own location: the place
attached to it in its sentence, else the visit host's capital, else the dateline, else none."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from when_geo_helpers import event_at, located_alone

from dyad.actors import DocActors
from dyad.geo import Geocoder
from dyad.geo.dateline import find_dateline
from dyad.geo.names import name_key
from dyad.geo.resolve import PlaceResolver
from dyad.geo.shared import shared_gazetteer
from dyad.nlp.models import load
from dyad.records import Article

BAMAKO = (12.60915, -7.97522)


def km(lat1, lon1, lat2, lon2) -> float:
    from dyad.evaluate.geo import distance_km

    return distance_km(lat1, lon1, lat2, lon2)


@pytest.fixture(scope="module")
def resolver():
    return PlaceResolver(shared_gazetteer(), ["la région de", "région de"], ["County"])


def test_name_keys_ignore_case_accents_and_punctuation():
    assert name_key("Tillabéri") == name_key("TILLABERI")
    assert name_key("N'Djamena") == name_key("Ndjamena")
    assert name_key("Fada N’Gourma") == name_key("Fada-Ngourma")


@pytest.mark.parametrize(("text", "name", "kind", "country"), [
    ("Tombouctou", "Timbuktu", "city", "MLI"),
    ("Moscou", "Moscow", "city", "RUS"),
    ("Londres", "London", "city", "GBR"),
    ("Bamako", "Bamako", "city", "MLI"),
    ("Mopti", "Mopti", "city", "MLI"),
    ("Ménaka", "Ménaka", "city", "MLI"),
    ("Russie", "Russia", "country", "RUS"),
    ("Côte d'Ivoire", "Ivory Coast", "country", "CIV"),
    ("États-Unis", "United States", "country", "USA"),
    ("Niger", "Niger", "country", "NER"),
    ("Centre-Nord", "Centre-Nord", "region", "BFA"),
    ("Tillaberi", "Tillabéri", "city", "NER"),
    ("région de Tillabéri", "Tillabéri", "region", "NER"),
    ("Liptako", "Liptako", "region", "BFA"),
    ("la région de Kidal", "Kidal", "region", "MLI"),
])
def test_places_resolve(resolver, text, name, kind, country):
    place = resolver.resolve(text)
    assert (place.name, place.kind, place.country) == (name, kind, country)


def test_regions_carry_their_admin1_and_cities_their_region(resolver):
    assert resolver.resolve("Tombouctou").admin1 == "Tombouctou"
    assert resolver.resolve("Dori").admin1 == "Sahel"


def test_generic_region_names_need_their_country_in_the_article(resolver):
    assert resolver.resolve("Centre-Est").country == "BFA"
    assert resolver.resolve("Sahel").kind == "feature"  # the world's Sahel, not Burkina Faso's region
    assert resolver.resolve("Sahel", {"BFA"}).kind == "region"


def test_the_article_countries_pick_among_namesakes(resolver):
    assert resolver.resolve("Koro").country == "MLI"
    assert resolver.resolve("Koro", {"CIV"}).country == "CIV"


def test_countries_have_capitals():
    capital = shared_gazetteer().capital("MLI")
    assert capital.name == "Bamako"


@pytest.mark.parametrize(("text", "place"), [
    ("BAMAKO, 7 février (AFP) - Le ministre a parlé.", "BAMAKO"),
    ("Niamey (AFP) - Le chef de l'Etat a parlé.", "Niamey"),
    ("APA-Dakar (Sénégal)  Le gouvernement a annoncé", "Dakar"),
    ("Kinshasa, 10 octobre 2023 (ACP).- Les opérations ont commencé.", "Kinshasa"),
])
def test_datelines(text, place):
    assert find_dateline(text).place == place


@pytest.mark.parametrize("text", ["Le Mali - une crise sans fin", "La Russie a livré des avions au Mali."])
def test_no_dateline(text):
    assert find_dateline(text) is None


TEXT = ("Des hommes armés ont attaqué un poste militaire près de Ménaka, dans le nord du Mali. "
        "L'armée a mené des frappes dans la région de Tillabéri. "
        "Le ministre a rencontré son homologue sénégalais. "
        "Le président a ensuite dénoncé ces violences. "
        "Une embuscade a visé un convoi près de Fada N'Gourma au Burkina Faso.")


@pytest.fixture(scope="module")
def located():
    doc = load("fr")(TEXT)
    geocoder = Geocoder("fr")
    article = Article(id="t", text=TEXT, lang="fr", date=dt.date(2023, 2, 8))
    events = [event_at(TEXT, "attaqué"), event_at(TEXT, "frappes"), event_at(TEXT, "dénoncé", "ACCUSE"),
              event_at(TEXT, "rencontré", "CONSULT", actor="MLI", recipient="SEN"), event_at(TEXT, "embuscade")]
    return geocoder.locate_events(events, doc, article, DocActors(doc))


def test_the_place_attached_to_the_event_in_its_sentence(located):
    attack, strikes, _, _, ambush = located
    assert (attack.location.name, attack.location.country, attack.location.precision) == ("Ménaka", "MLI", "city")
    assert (strikes.location.name, strikes.location.precision) == ("Tillabéri", "region")
    assert (ambush.location.name, ambush.location.country) == ("Fada N'gourma", "BFA")
    assert ambush.location.text == "Fada N'Gourma"


def test_no_place_in_the_sentence_and_no_dateline_gives_no_location(located):
    assert located[2].location is None


def test_a_visit_without_a_place_is_in_the_hosts_capital(located):
    meeting = located[3].location
    assert (meeting.name, meeting.country) == ("Dakar", "SEN")


def test_the_dateline_is_the_fallback():
    text = "NIAMEY, 8 février (AFP) - Le gouvernement a dénoncé les sanctions."
    event = located_alone("fr", text, "dénoncé", "ACCUSE")
    assert (event.location.name, event.location.country) == ("Niamey", "NER")


def test_english_places():
    text = "Gunmen attacked a police station in Niamey on Monday. The minister condemned the attack."
    doc = load("en")(text)
    geocoder = Geocoder("en")
    attack, statement = geocoder.locate_events([event_at(text, "attacked"), event_at(text, "condemned", "ACCUSE")],
                                               doc, Article(id="t", text=text, lang="en"), DocActors(doc))
    assert (attack.location.name, attack.location.country) == ("Niamey", "NER")
    assert statement.location is None


def test_seed_like_meeting_is_in_bamako():
    text = ("Publié le mardi 7 février 2023\n"
            "Le chef de la diplomatie russe a eu un entretien avec son homologue malien sur la coopération.")
    doc = load("fr")(text)
    from dyad.when import EventDater

    article = Article(id="t", text=text, lang="fr", date=dt.date(2023, 2, 7))
    meeting = event_at(text, "entretien", "CONSULT", mode="visit", actor="RUS", recipient="MLI")
    meeting = EventDater("fr").date_events([meeting], doc, article)[0]
    meeting = Geocoder("fr").locate_events([meeting], doc, article, DocActors(doc))[0]
    assert meeting.date == dt.date(2023, 2, 7)
    assert km(meeting.location.lat, meeting.location.lon, *BAMAKO) < 25


@pytest.mark.shared
def test_seed_through_the_pipeline(shared):
    import json

    from dyad.pipeline import Pipeline

    rows = [json.loads(line) for line in (shared / "seed" / "seed.jsonl").read_text(encoding="utf-8").splitlines()]
    articles = [Article(**{k: row.get(k) for k in ("id", "text", "lang", "title", "date", "source", "url")}) for row in rows]
    events = [e for coded in Pipeline().code(articles) for e in coded.events]
    meetings = [e for e in events if e.event_type == "CONSULT" and e.actor.code == "RUS" and e.recipient.code == "MLI"]
    assert meetings
    for meeting in meetings:
        assert meeting.date == dt.date(2023, 2, 7)
        assert km(meeting.location.lat, meeting.location.lon, *BAMAKO) < 25


@pytest.mark.shared
def test_geowebnews_slice_scores_above_its_floor(shared):
    from dyad.evaluate.geo import read_gold, score_gold_spans
    from dyad.geo.places import place_cues

    cues = place_cues("en")
    scores = score_gold_spans(list(read_gold(limit=50)), PlaceResolver(shared_gazetteer(), cues.name_prefixes, cues.name_suffixes))
    assert scores.with_id.total >= 400
    assert scores.all.value >= 0.83
    assert scores.with_id.value >= 0.88
    assert scores.in_gazetteer.value >= 0.96


def test_distance_sanity():
    assert math.isclose(km(0, 0, 0, 1), 111.19, rel_tol=1e-3)


def test_places_of_a_clause_describing_a_noun_are_not_the_events():
    text = "Le gouvernement a dénoncé mardi l'accord de défense conclu à Paris en 1961 avec la France."
    event = located_alone("fr", text, "dénoncé", "ACCUSE")
    assert event.location is None


def test_a_capitalised_word_the_model_missed_must_be_a_plausible_place():
    text = "Le texte a été adopté en Conseil des ministres. Les soldats ont été déployés à Ménaka."
    doc = load("fr")(text)
    adopted, deployed = Geocoder("fr").locate_events(
        [event_at(text, "adopté", "AGREE"), event_at(text, "déployés", "MOBILIZE")], doc,
        Article(id="t", text=text, lang="fr"), DocActors(doc))
    assert adopted.location is None
    assert deployed.location.name == "Ménaka"


def test_the_built_gazetteer_matches_its_sources():
    from dyad.geo.gazetteer import default_path, fingerprint, is_stale

    assert shared_gazetteer().fingerprint == fingerprint()
    assert not is_stale(default_path())
