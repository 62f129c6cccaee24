"""Event dates: explicit, relative ("lundi dernier", "ce matin", "il y a trois jours", "last
week"), tense-aware (an intended event's weekday lies after publication), dateline, publication."""

from __future__ import annotations

import datetime as dt

import pytest
from when_geo_helpers import event_at

from dyad.nlp.models import load
from dyad.records import Article
from dyad.when import EventDater
from dyad.when.expressions import find_expressions
from dyad.when.resolve import resolve
from dyad.when.vocab import vocabulary

WEDNESDAY = dt.date(2023, 2, 8)


def value(text: str, lang: str = "fr", tense=None, anchor: dt.date = WEDNESDAY) -> str | None:
    vocab = vocabulary(lang)
    expressions = find_expressions(text, vocab, cued_years_only=False)
    assert len(expressions) == 1, expressions
    result = resolve(expressions[0], vocab, anchor, tense)
    return result.iso() if result else None


@pytest.mark.parametrize(("text", "expected"), [
    ("hier", "2023-02-07"),
    ("avant-hier", "2023-02-06"),
    ("ce matin", "2023-02-08"),
    ("ce soir", "2023-02-08"),
    ("demain", "2023-02-09"),
    ("lundi dernier", "2023-02-06"),
    ("mercredi dernier", "2023-02-01"),
    ("lundi prochain", "2023-02-13"),
    ("il y a trois jours", "2023-02-05"),
    ("il y a deux mois", "2022-12"),
    ("la semaine dernière", "2023-W05"),
    ("cette semaine", "2023-W06"),
    ("le mois dernier", "2023-01"),
    ("l'an dernier", "2022"),
    ("l'année prochaine", "2024"),
    ("mardi 7 février 2023", "2023-02-07"),
    ("le 1er juin 2022", "2022-06-01"),
    ("7 fevrier", "2023-02-07"),
    ("septembre dernier", "2022-09"),
    ("fin septembre 2000", "2000-09"),
    ("octobre 98", "1998-10"),
    ("les années 60", "196X"),
    ("ce week-end", "2023-W06-WE"),
    ("le week-end dernier", "2023-W05-WE"),
])
def test_french_expressions(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("yesterday", "2023-02-07"),
    ("last Monday", "2023-02-06"),
    ("last week", "2023-W05"),
    ("three days ago", "2023-02-05"),
    ("February 7, 2023", "2023-02-07"),
    ("Tuesday, Feb. 7", "2023-02-07"),
    ("next year", "2024"),
])
def test_english_expressions(text, expected):
    assert value(text, "en") == expected


def test_a_bare_weekday_follows_the_tense():
    assert value("mardi", tense="past") == "2023-02-07"
    assert value("mardi", tense="future") == "2023-02-14"
    assert value("vendredi") == "2023-02-10"  # nearest where the tense is silent
    assert value("mercredi", tense="past") == "2023-02-08"  # the publication day itself


def test_a_day_without_year_stays_within_half_a_year_whatever_the_tense():
    assert value("le 30 juin", tense="past", anchor=dt.date(2023, 5, 21)) == "2023-06-30"
    assert value("le 6 mai dernier", anchor=dt.date(2023, 5, 27)) == "2023-05-06"
    assert value("le 20 décembre", tense="past", anchor=dt.date(2023, 1, 10)) == "2022-12-20"


def test_words_that_are_not_dates():
    vocab = vocabulary("fr")
    assert find_expressions("sept personnes ont été tuées dans 1500 villages", vocab) == []
    assert find_expressions("They may march on the capital.", vocabulary("en")) == []


TEXT = ("Le ministre nigérien a reçu lundi dernier son homologue béninois. "
        "Il doit se rendre mardi à Cotonou pour signer un accord. "
        "Les deux pays avaient déjà signé un accord le 20 mai 2021. "
        "Des soldats ont été tués ce matin près de la frontière. "
        "Les deux ministres ont évoqué la sécurité.")


@pytest.fixture(scope="module")
def fr_doc():
    return load("fr")(TEXT)


@pytest.fixture(scope="module")
def dater():
    return EventDater("fr")


def dated(dater, doc, text, event, published=WEDNESDAY):
    article = Article(id="t", text=text, lang="fr", date=published, date_precision="day")
    return dater.date_events([event], doc, article)[0]


def test_events_get_their_own_dates(fr_doc, dater):
    meeting = dated(dater, fr_doc, TEXT, event_at(TEXT, "reçu", "CONSULT", actor="NER", recipient="BEN"))
    assert (meeting.date, meeting.date_precision, meeting.date_reason, meeting.date_raw) == (
        dt.date(2023, 2, 6), "day", "relative", "lundi dernier")
    trip = dated(dater, fr_doc, TEXT, event_at(TEXT, "rendre", "CONSULT", status="intended", actor="NER", recipient="BEN"))
    assert (trip.date, trip.date_reason, trip.date_raw) == (dt.date(2023, 2, 14), "relative", "mardi")
    old = dated(dater, fr_doc, TEXT, event_at(TEXT, "signé", "AGREE", actor="NER", recipient="BEN"))
    assert (old.date, old.date_precision, old.date_reason) == (dt.date(2021, 5, 20), "day", "explicit")
    attack = dated(dater, fr_doc, TEXT, event_at(TEXT, "tués"))
    assert (attack.date, attack.date_raw) == (WEDNESDAY, "ce matin")


def test_an_event_with_no_date_in_its_sentence_takes_the_publication_date(fr_doc, dater):
    talk = dated(dater, fr_doc, TEXT, event_at(TEXT, "évoqué", "CONSULT", actor="NER", recipient="BEN"))
    assert (talk.date, talk.date_precision, talk.date_reason, talk.date_raw) == (WEDNESDAY, "day", "publication", None)


def test_the_dateline_date_comes_before_the_publication_date(dater):
    text = "Publié le mardi 7 février 2023\nLe chef de la diplomatie russe a rencontré son homologue malien."
    doc = load("fr")(text)
    meeting = dated(dater, doc, text, event_at(text, "rencontré", "CONSULT", actor="RUS"), published=dt.date(2023, 2, 9))
    assert (meeting.date, meeting.date_reason, meeting.date_raw) == (dt.date(2023, 2, 7), "dateline", "mardi 7 février 2023")


def test_no_date_at_all_leaves_the_event_undated(dater):
    text = "Le ministre a rencontré son homologue."
    doc = load("fr")(text)
    article = Article(id="t", text=text, lang="fr")
    event = dater.date_events([event_at(text, "rencontré", "CONSULT")], doc, article)[0]
    assert (event.date, event.date_reason) == (None, None)


def test_english_events(dater):
    text = "Nigerien troops killed ten militants near the border last Monday. The minister will visit Niamey on Friday."
    doc = load("en")(text)
    english = EventDater("en")
    article = Article(id="t", text=text, lang="en", date=WEDNESDAY)
    attack, visit = english.date_events([event_at(text, "killed"),
                                         event_at(text, "visit", "CONSULT", status="intended")], doc, article)
    assert (attack.date, attack.date_raw) == (dt.date(2023, 2, 6), "last Monday")
    assert (visit.date, visit.date_raw) == (dt.date(2023, 2, 10), "Friday")


@pytest.mark.shared
def test_fr_timebank_slice_scores_above_its_floor(shared):
    from dyad.evaluate.time import read_gold, score

    right, total, _ = score(list(read_gold(limit=40)))
    assert total >= 80
    assert right / total >= 0.85


def test_dates_of_a_clause_describing_a_noun_are_not_the_events(dater):
    text = "Le gouvernement a dénoncé mardi l'accord de défense conclu à Paris le 24 avril 1961."
    doc = load("fr")(text)
    event = dated(dater, doc, text, event_at(text, "dénoncé", "ACCUSE"))
    assert (event.date, event.date_raw) == (dt.date(2023, 2, 7), "mardi")


def test_an_old_date_not_governed_by_the_trigger_is_background(dater):
    text = "Le président a salué la mémoire des victimes, tombées en 2015 sous les balles."
    doc = load("fr")(text)
    event = dated(dater, doc, text, event_at(text, "salué", "SUPPORT"))
    assert event.date_reason == "publication"


def test_a_week_is_dated_from_its_monday(dater):
    text = "Des manifestations ont éclaté la semaine dernière à Niamey."
    doc = load("fr")(text)
    event = dated(dater, doc, text, event_at(text, "éclaté", "PROTEST"))
    assert (event.date, event.date_precision, event.date_raw) == (dt.date(2023, 1, 30), "day", "la semaine dernière")
