"""Places: the gazetteer (GeoNames cities with alternate names, countries, Sahel and West African
regions, the Sahel towns and provinces GeoNames lacks), disambiguation by the article's countries,
datelines, and the event's own location: the place attached to it in its sentence, else the
article's main place in a party's country, else the visit host's capital, else none; never the
dateline or the outlet's home town."""

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


@pytest.mark.parametrize(("text", "place", "agency", "date"), [
    ("BAMAKO, 7 février (AFP) - Le ministre a parlé.", "BAMAKO", "AFP", "7 février"),
    ("BAMAKO, 7 fév (AFP) - Le ministre a parlé.", "BAMAKO", "AFP", "7 fév"),
    ("NIAMEY, Aug 25, 2023 (Reuters) - The junta said on Friday.", "NIAMEY", "Reuters", "Aug 25, 2023"),
    ("WASHINGTON (AP) — The senator spoke.", "WASHINGTON", "AP", None),
    ("Niamey (AFP) - Le chef de l'Etat a parlé.", "Niamey", "AFP", None),
    ("APA-Dakar (Sénégal)  Le gouvernement a annoncé", "Dakar", "APA", None),
    ("APA – Bamako (Mali)  Le gouvernement a annoncé", "Bamako", "APA", None),
    ("Kinshasa, 10 octobre 2023 (ACP).- Les opérations ont commencé.", "Kinshasa", "ACP", "10 octobre 2023"),
    ("Kinshasa 3 mars 2023(ACP/IRNA).- Les opérations ont commencé.", "Kinshasa", "ACP/IRNA", "3 mars 2023"),
    ("Gao, 1er mars (AMAP) Le gouverneur a parlé.", "Gao", "AMAP", "1er mars"),
])
def test_datelines(text, place, agency, date):
    dateline = find_dateline(text)
    assert (dateline.place, dateline.agency, dateline.date) == (place, agency, date)
    assert text[dateline.start:dateline.end] == place
    if date is not None:
        assert text[dateline.date_start:].startswith(date)


@pytest.mark.parametrize("text", ["Le Mali - une crise sans fin", "La Russie a livré des avions au Mali.",
                                  "Le 12 mars, les soldats ont quitté la ville.",
                                  "Selon nos sources, le convoi a été attaqué  hier."])
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
    events = [event_at(TEXT, "attaqué"), event_at(TEXT, "frappes"), event_at(TEXT, "dénoncé", "ACCUSE", actor="FRA"),
              event_at(TEXT, "rencontré", "CONSULT", mode="visit", actor="MLI", recipient="SEN"),
              event_at(TEXT, "embuscade")]
    return geocoder.locate_events(events, doc, article, DocActors(doc))


def test_the_place_attached_to_the_event_in_its_sentence(located):
    attack, strikes, _, _, ambush = located
    assert (attack.location.name, attack.location.country, attack.location.precision) == ("Ménaka", "MLI", "town")
    assert (strikes.location.name, strikes.location.precision) == ("Tillabéri", "region")
    assert (ambush.location.name, ambush.location.country) == ("Fada N'gourma", "BFA")
    assert ambush.location.text == "Fada N'Gourma"


def test_no_place_in_the_sentence_and_a_main_place_in_no_partys_country_gives_no_location(located):
    assert located[2].location is None


def test_a_visit_without_a_place_is_in_the_hosts_capital(located):
    meeting = located[3].location
    assert (meeting.name, meeting.country) == ("Dakar", "SEN")


@pytest.mark.parametrize(("lang", "text", "trigger"), [
    ("fr", "NIAMEY, 8 février (AFP) - Le gouvernement a dénoncé les sanctions.", "dénoncé"),
    ("en", "NIAMEY, Aug 25, 2023 (Reuters) - The junta condemned the sanctions.", "condemned"),
    ("fr", "Kinshasa, 3 mars 2023 (ACP).- Le Mali a dénoncé les sanctions de la Cédéao.", "dénoncé"),
])
def test_the_dateline_is_never_the_events_place(lang, text, trigger):
    assert located_alone(lang, text, trigger, "ACCUSE", actor="NER").location is None


def test_the_outlets_home_town_is_the_events_place_only_where_its_sentence_names_it():
    text = ("Kinshasa, 3 mars 2023 (ACP).- Des soldats ont attaqué un village près de Kinshasa. "
            "Le gouvernement a dénoncé ces violences.")
    doc = load("fr")(text)
    attack, statement = Geocoder("fr").locate_events(
        [event_at(text, "attaqué", actor="COD"), event_at(text, "dénoncé", "ACCUSE", actor="COD")], doc,
        Article(id="t", text=text, lang="fr", source="Agence Congolaise de Presse"), DocActors(doc))
    assert (attack.location.name, attack.location.precision) == ("Kinshasa", "town")
    assert statement.location is None


def _two_events(text: str, source: str | None = None, actor: str = "BFA") -> list:
    doc = load("fr")(text)
    events = [event_at(text, "attaqué", actor=actor), event_at(text, "dénoncé", "ACCUSE", actor=actor)]
    return Geocoder("fr").locate_events(events, doc, Article(id="t", text=text, lang="fr", source=source),
                                        DocActors(doc))


def test_an_event_without_a_place_takes_the_main_place_of_a_partys_country():
    attack, statement = _two_events("Des hommes armés ont attaqué un poste de gendarmerie à Djibo dimanche. "
                                    "Le gouvernement a dénoncé une attaque lâche.")
    assert (attack.location.name, attack.location.precision, attack.location.admin1) == ("Djibo", "exact", "Sahel")
    assert statement.location.name == "Djibo"


def test_the_main_place_of_another_country_is_no_fallback():
    _, statement = _two_events("Des hommes armés ont attaqué un poste de gendarmerie à Djibo dimanche. "
                               "Le gouvernement a dénoncé une attaque lâche.", actor="FRA")
    assert statement.location is None


def test_the_outlets_home_town_is_never_the_main_place():
    _, statement = _two_events("Des hommes armés ont attaqué un poste de gendarmerie à Ouagadougou dimanche. "
                               "Le gouvernement a dénoncé une attaque lâche.", source="Le Pays (Ouagadougou)")
    assert statement.location is None


@pytest.mark.parametrize(("lang", "text", "trigger"), [
    ("en", "The French president held talks with his Ukrainian counterpart in the Ukrainian city of Lviv.", "talks"),
    ("fr", "Le président français a rencontré son homologue dans la ville ukrainienne de Lviv.", "rencontré"),
])
def test_a_named_town_beats_the_hosts_capital(lang, text, trigger):
    event = located_alone(lang, text, trigger, "CONSULT", mode="visit", actor="FRA", recipient="UKR")
    assert (event.location.name, event.location.country, event.location.precision) == ("Lviv", "UKR", "exact")


def test_talks_of_no_stated_mode_are_in_the_hosts_capital_only_where_the_visitor_came():
    text = "Le président français s'est entretenu avec son homologue sénégalais."
    assert located_alone("fr", text, "entretenu", "CONSULT", actor="FRA", recipient="SEN").location is None
    text = "À la tête d'une délégation, le ministre français s'est entretenu avec son homologue sénégalais."
    event = located_alone("fr", text, "entretenu", "CONSULT", actor="FRA", recipient="SEN")
    assert (event.location.name, event.location.country) == ("Dakar", "SEN")


@pytest.mark.parametrize(("text", "name", "kind", "country", "admin1"), [
    ("Gossi", "Gossi", "city", "MLI", "Tombouctou"),
    ("Kamboinsé", "Kamboinsin", "city", "BFA", "Centre"),
    ("Ayourou", "Ayorou", "city", "NER", "Tillabéri"),
    ("province du Soum", "Soum", "region", "BFA", "Sahel"),
    ("Yagha", "Yagha", "region", "BFA", "Sahel"),
    ("Bardaï", "Bardaï", "city", "TCD", "Tibesti"),  # GeoNames' region code matches no region of ours
])
def test_sahel_towns_and_provinces(text, name, kind, country, admin1):
    place = PlaceResolver(shared_gazetteer(), ["province du"]).resolve(text)
    assert (place.name, place.kind, place.country, place.admin1) == (name, kind, country, admin1)


def test_a_province_named_like_a_town_abroad_needs_its_country(resolver):
    assert resolver.resolve("Bam").country == "IRN"
    assert resolver.resolve("Bam", {"BFA"}).kind == "region"


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
    assert all(meeting.date == dt.date(2023, 2, 7) for meeting in meetings)
    # The text names no town: the place chooser leaves the host's capital out unless it scores (on
    # the labelled set a visit's capital is the gold place one time in six), and no meeting is
    # placed anywhere but Bamako.
    assert all(km(m.location.lat, m.location.lon, *BAMAKO) < 25 for m in meetings if m.location is not None)


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


@pytest.mark.parametrize(("lang", "text", "trigger"), [
    ("fr", "Le tribunal de Zinder a condamné mardi un opposant à cinq ans de prison.", "condamné"),
    ("en", "A court in Zinder sentenced an opposition leader to five years in prison on Tuesday.", "sentenced"),
])
def test_a_sentence_is_passed_where_its_court_sits(lang, text, trigger):
    event = located_alone(lang, text, trigger, "COERCE", actor="NER")
    assert (event.location.name, event.location.precision) == ("Zinder", "exact")


@pytest.mark.parametrize(("lang", "text", "trigger", "place"), [
    ("fr", "Le retrait des soldats français du Mali est achevé.", "retrait", "Mali"),
    ("en", "French troops withdrew from Mali in December.", "withdrew", "Mali"),
    ("fr", "Le retrait de France des soldats est achevé.", "retrait", None),  # who leaves, not where from
])
def test_a_retreat_is_where_it_leaves_from(lang, text, trigger, place):
    event = located_alone(lang, text, trigger, "RETREAT", actor="FRA")
    assert (event.location.name if event.location else None) == place


@pytest.mark.parametrize(("text", "trigger", "event_type", "place"), [
    ("La Cédéao a imposé des sanctions au Niger.", "imposé", "SANCTION", None),
    ("Le ministre a dénoncé les actions des putschistes au Niger.", "dénoncé", "ACCUSE", None),
    ("Le président a accusé, en Algérie, son voisin de mentir.", "accusé", "ACCUSE", "Algeria"),
    ("Le ministre a dénoncé les violences à Niamey.", "dénoncé", "ACCUSE", "Niamey"),
])
def test_a_country_a_statement_is_about_is_not_its_place(text, trigger, event_type, place):
    event = located_alone("fr", text, trigger, event_type, actor="FRA")
    assert (event.location.name if event.location else None) == place
