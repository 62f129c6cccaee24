"""Event dates: explicit, relative ("lundi dernier", "ce matin", "il y a trois jours", "last
week"), tense-aware (an intended event's weekday lies after publication), dateline, publication."""

from __future__ import annotations

import datetime as dt

import pytest
from when_geo_helpers import event_at

from dyad.nlp.models import load
from dyad.records import Article, Event
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
    attack = dated(dater, fr_doc, TEXT, event_at(TEXT, "tués"))
    assert (attack.date, attack.date_raw) == (WEDNESDAY, "ce matin")


def test_an_event_the_text_dates_more_than_a_year_back_is_background(fr_doc, dater):
    article = Article(id="t", text=TEXT, lang="fr", date=WEDNESDAY, date_precision="day")
    assert dater.date_events([event_at(TEXT, "signé", "AGREE", actor="NER", recipient="BEN")], fr_doc, article) == []


def test_an_event_with_no_date_in_its_sentence_takes_the_day_of_the_story(fr_doc, dater):
    talk = dated(dater, fr_doc, TEXT, event_at(TEXT, "évoqué", "CONSULT", actor="NER", recipient="BEN"))
    assert (talk.date, talk.date_precision, talk.date_reason, talk.date_raw) == (
        dt.date(2023, 2, 6), "day", "story", "lundi dernier")


def test_with_no_day_named_in_the_text_an_event_takes_the_publication_date(dater):
    text = "Les deux ministres ont évoqué la sécurité à Niamey."
    talk = dated(dater, load("fr")(text), text, event_at(text, "évoqué", "CONSULT"))
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


def test_a_week_is_dated_from_its_monday_to_the_month(dater):
    text = "Des manifestations ont éclaté la semaine dernière à Niamey."
    doc = load("fr")(text)
    event = dated(dater, doc, text, event_at(text, "éclaté", "PROTEST"))
    assert (event.date, event.date_precision, event.date_raw) == (dt.date(2023, 1, 30), "month", "la semaine dernière")


def one_dated(lang: str, text: str, trigger: str, published: dt.date | None = WEDNESDAY, **options) -> Event | None:
    """The one event at `trigger`, dated; None where the dater leaves it out as background."""
    article = Article(id="t", text=text, lang=lang, date=published, date_precision="day" if published else None)
    dated_events = EventDater(lang).date_events([event_at(text, trigger, **options)], load(lang)(text), article)
    return dated_events[0] if dated_events else None


def fields_of(event: Event | None) -> tuple | None:
    return None if event is None else (event.date, event.date_precision, event.date_reason)


def test_a_year_more_than_a_year_back_makes_the_event_background():
    assert one_dated("fr", "En 2021, le Niger a signé un accord avec le Bénin.", "signé", event_type="AGREE") is None
    assert one_dated("en", "Niger signed a deal with Benin in 2021.", "signed", event_type="AGREE") is None
    recent = one_dated("fr", "En 2022, le Niger a signé un accord avec le Bénin.", "signé", event_type="AGREE")
    assert fields_of(recent) == (dt.date(2022, 1, 1), "year", "explicit")


def test_a_lasting_state_since_an_old_date_is_no_background():
    event = one_dated("fr", "Le Niger est sous sanctions depuis 2019.", "sanctions", event_type="SANCTION")
    assert event is not None and event.date_reason == "publication"


def test_a_coup_recalled_with_its_day_gets_that_day():
    text = "Le pays est dirigé par une junte depuis le coup d'État du 26 juillet."
    event = one_dated("fr", text, "coup", dt.date(2023, 11, 20), event_type="COERCE")
    assert fields_of(event) == (dt.date(2023, 7, 26), "day", "relative")


def test_a_deadline_is_no_date_of_the_event():
    text = "Le gouvernement a promis de retirer ses troupes d'ici la fin de l'année."
    fr = one_dated("fr", text, "retirer", dt.date(2023, 6, 14), event_type="RETREAT", status="intended")
    assert fields_of(fr) == (dt.date(2023, 6, 14), "day", "publication")
    text = "The government promised to withdraw its troops by the end of the year."
    en = one_dated("en", text, "withdraw", dt.date(2023, 6, 14), event_type="RETREAT", status="intended")
    assert fields_of(en) == (dt.date(2023, 6, 14), "day", "publication")


def test_the_next_day_follows_its_own_antecedent():
    text = ("Les soldats ont arrêté trois suspects le 3 février près de Gao. "
            "Le lendemain, ils ont attaqué une base rebelle.")
    event = one_dated("fr", text, "attaqué", dt.date(2023, 2, 8))
    assert fields_of(event) == (dt.date(2023, 2, 4), "day", "relative")
    text = "Soldiers arrested three suspects near Gao on 3 February. The next day, they attacked a rebel base."
    assert fields_of(one_dated("en", text, "attacked", dt.date(2023, 2, 8))) == (dt.date(2023, 2, 4), "day", "relative")


def test_the_next_day_with_no_antecedent_is_not_after_publication():
    event = one_dated("fr", "Le lendemain, les soldats ont attaqué une base rebelle.", "attaqué")
    assert event.date <= WEDNESDAY


def test_what_follows_the_day_after_an_event_does_not_date_that_event():
    text = "La foule a manifesté au lendemain de la décision du gouvernement d'expulser l'ambassadeur."
    event = one_dated("fr", text, "expulser", event_type="SANCTION")
    assert event.date_reason == "publication"


def test_the_end_of_last_week_is_its_friday():
    text = "Les manifestants ont bloqué la route fin de la semaine dernière."
    event = one_dated("fr", text, "bloqué", dt.date(2023, 2, 13), event_type="PROTEST")
    assert (event.date, event.date_precision) == (dt.date(2023, 2, 10), "month")


def test_last_week_keeps_the_month():
    event = one_dated("en", "Protesters blocked the road last week.", "blocked", dt.date(2023, 2, 13), event_type="PROTEST")
    assert (event.date, event.date_precision) == (dt.date(2023, 2, 6), "month")


def test_a_past_event_is_never_dated_after_publication():
    text = "Le journaliste avait été arrêté le 8 février dans les locaux du journal."
    event = one_dated("fr", text, "arrêté", dt.date(2023, 11, 7), event_type="COERCE")
    assert fields_of(event) == (dt.date(2023, 2, 8), "day", "relative")


def test_a_day_just_after_publication_stays_in_the_articles_year():
    text = "Les chefs d'État se sont réunis le 10 août à Abuja."
    event = one_dated("fr", text, "réunis", dt.date(2023, 8, 9), event_type="CONSULT")
    assert fields_of(event) == (dt.date(2023, 8, 10), "day", "relative")


def test_a_pluperfect_without_a_date_of_its_own_is_dated_by_the_day_named_before_it():
    text = "Le ministre a reçu lundi l'ambassadeur. Le pays avait rappelé son ambassadeur."
    event = one_dated("fr", text, "rappelé", event_type="SANCTION")
    assert fields_of(event) == (dt.date(2023, 2, 6), "day", "reminder")


def test_a_pluperfect_with_no_day_named_keeps_only_the_month_of_publication():
    event = one_dated("fr", "Le pays avait rappelé son ambassadeur.", "rappelé", event_type="SANCTION")
    assert fields_of(event) == (dt.date(2023, 2, 1), "month", "reminder")


def test_an_archive_caption_gets_no_date():
    text = "Le président malien serre la main de son homologue russe (Archives)."
    event = one_dated("fr", text, "serre la main", event_type="CONSULT")
    assert (event.date, event.date_reason) == (None, "reminder")


def test_the_event_named_after_a_span_of_time_lies_that_long_before():
    text = "Un mois après le coup d'État, la junte a expulsé l'ambassadeur."
    coup = one_dated("fr", text, "coup", dt.date(2023, 8, 26), event_type="COERCE")
    assert fields_of(coup) == (dt.date(2023, 7, 1), "month", "relative")
    expulsion = one_dated("fr", text, "expulsé", dt.date(2023, 8, 26), event_type="SANCTION")
    assert expulsion.date_reason == "publication"


def test_it_has_been_months_since():
    text = "Cela fait trois mois que l'armée a lancé son offensive dans le nord."
    event = one_dated("fr", text, "lancé son offensive", dt.date(2023, 6, 2))
    assert fields_of(event) == (dt.date(2023, 3, 1), "month", "relative")


def test_a_habit_is_no_date():
    text = "Les fidèles ont été appelés à manifester chaque vendredi devant l'ambassade."
    assert one_dated("fr", text, "manifester", event_type="PROTEST").date_reason == "publication"


def test_a_range_of_days_is_dated_from_its_first():
    assert value("les 3 et 4 mars", tense="future") == "2023-03-03"
    assert value("3-4 March", "en", tense="future") == "2023-03-03"


def test_a_number_after_a_comma_is_no_year():
    assert [e.text for e in find_expressions("le 7 octobre, 30 personnes ont été tuées", vocabulary("fr"))] == ["7 octobre"]


def test_wire_datelines_give_the_date_where_the_article_has_none():
    text = "NIAMEY, Aug 25, 2023 (Reuters) - Niger's junta ordered the French ambassador to leave the country."
    event = one_dated("en", text, "ordered", None, event_type="SANCTION", actor="NER")
    assert fields_of(event) == (dt.date(2023, 8, 25), "day", "dateline")


def test_a_french_wire_dateline_dates_the_story():
    text = "BAMAKO, 7 fév (AFP) - Le gouvernement malien a expulsé le représentant de la mission onusienne."
    event = one_dated("fr", text, "expulsé", dt.date(2023, 2, 8), event_type="SANCTION")
    assert fields_of(event) == (dt.date(2023, 2, 7), "day", "dateline")


@pytest.mark.parametrize(("lang", "text"), [
    ("fr", "Des milliers de partisans du régime issu d'un coup d'État ont défilé samedi dans la capitale. "
           "Le pays a changé depuis le putsch du 26 juillet, selon une manifestante."),
    ("en", "Supporters of the junta born of a coup rallied in the capital on Saturday. "
           "Much has changed since the coup of 26 July, one said."),
])
def test_an_event_noun_takes_the_date_of_its_dated_mention(lang, text):
    coup = one_dated(lang, text, "coup", dt.date(2023, 8, 27), event_type="COERCE", actor="NER", recipient="NER")
    assert fields_of(coup) == (dt.date(2023, 7, 26), "day", "mention")


def test_a_pluperfect_takes_the_last_day_named_before_it():
    text = ("Selon ses avocats, la militante a franchi la frontière le 3 février. "
            "Le pays avait alors rappelé son ambassadeur. Le procès s'est ouvert lundi.")
    event = one_dated("fr", text, "rappelé", dt.date(2023, 11, 8), event_type="SANCTION")
    assert fields_of(event) == (dt.date(2023, 2, 3), "day", "reminder")


def test_a_day_the_text_calls_next_lies_ahead_whatever_the_status():
    text = "Le président reçoit son homologue béninois le mercredi 27 juillet prochain à Paris."
    event = one_dated("fr", text, "reçoit", dt.date(2022, 7, 20), event_type="CONSULT")
    assert fields_of(event) == (dt.date(2022, 7, 27), "day", "relative")


@pytest.mark.parametrize(("lang", "text", "trigger", "event_type", "day"), [
    ("fr", "Une journée de grève est prévue jeudi dans tout le pays.", "grève", "PROTEST", dt.date(2023, 2, 9)),
    ("en", "The president is expected in Paris on Tuesday for talks with his French counterpart.", "talks", "CONSULT",
     dt.date(2023, 2, 14)),
])
def test_what_is_planned_lies_ahead(lang, text, trigger, event_type, day):
    event = one_dated(lang, text, trigger, event_type=event_type, status="intended")
    assert fields_of(event) == (day, "day", "relative")


@pytest.mark.parametrize(("lang", "text", "word", "tense"), [
    ("fr", "Une journée de grève est prévue jeudi.", "prévue", "future"),
    ("fr", "Une journée de grève était prévue jeudi.", "prévue", "past"),
    ("en", "The president is expected in Paris on Tuesday.", "expected", "future"),
])
def test_the_tense_of_a_participle_of_planning(lang, text, word, tense):
    from dyad.when.tense import clause_tense

    doc = load(lang)(text)
    assert clause_tense(next(t for t in doc if t.text == word), vocabulary(lang)) == tense


def test_a_recent_start_of_a_lasting_state_dates_it():
    text = "L'organisation régionale menace la junte d'une intervention armée depuis le 30 juillet."
    event = one_dated("fr", text, "menace", dt.date(2023, 9, 21), event_type="THREATEN")
    assert fields_of(event) == (dt.date(2023, 7, 30), "day", "relative")


def told_twice(text: str, trigger: str, again: str, event_type: str = "ASSAULT", **options) -> Event:
    """One record with two evidence sentences, as the coder merges the same (actor, type, recipient)."""
    first, second = event_at(text, trigger, event_type, **options), event_at(text, again, event_type, **options)
    return first.model_copy(update={"evidence": first.evidence + second.evidence})


def test_the_same_act_on_two_days_the_text_names_is_two_records(dater):
    text = ("Des hommes armés ont attaqué le 3 février un poste de l'armée près de Gao. "
            "Le 6 février, ils ont de nouveau attaqué un convoi dans la même zone.")
    article = Article(id="t", text=text, lang="fr", date=WEDNESDAY, date_precision="day")
    records = dater.date_events([told_twice(text, "attaqué", "de nouveau attaqué", actor="MLI", recipient="MLI")],
                                load("fr")(text), article)
    assert [(r.date, r.date_reason, [e.trigger for e in r.evidence]) for r in records] == [
        (dt.date(2023, 2, 3), "relative", ["attaqué"]), (dt.date(2023, 2, 6), "relative", ["de nouveau attaqué"])]


def test_a_record_takes_its_own_date_from_whichever_sentence_gives_it(dater):
    text = ("La rencontre entre les deux ministres a porté sur la sécurité au Sahel. "
            "Ils se sont rencontrés lundi à Niamey, en marge d'un sommet.")
    article = Article(id="t", text=text, lang="fr", date=WEDNESDAY, date_precision="day")
    (meeting,) = dater.date_events([told_twice(text, "rencontre", "rencontrés", "CONSULT", actor="NER", recipient="BEN")],
                                   load("fr")(text), article)
    assert fields_of(meeting) == (dt.date(2023, 2, 6), "day", "relative")
    assert [e.trigger for e in meeting.evidence] == ["rencontre", "rencontrés"]


def test_a_day_two_weeks_after_publication_is_not_read_as_last_year():
    # Coded as done (the present tense), the visit of "le 15 février" is still this February's.
    text = "Le ministre nigérien se rend le 15 février à Cotonou."
    event = one_dated("fr", text, "rend", event_type="CONSULT", actor="NER", recipient="BEN")
    assert fields_of(event) == (dt.date(2023, 2, 15), "day", "relative")


def test_a_month_and_a_day_within_it_are_one_act_dated_by_the_day(dater):
    text = ("Des militaires ont renversé le président fin juillet. "
            "Le 26 juillet, les militaires ont renversé le président et suspendu la constitution.")
    article = Article(id="t", text=text, lang="fr", date=dt.date(2023, 9, 20), date_precision="day")
    records = dater.date_events([told_twice(text, "renversé", "les militaires ont renversé", "COERCE", actor="NER",
                                            recipient="NER")], load("fr")(text), article)
    assert [(fields_of(r), len(r.evidence)) for r in records] == [((dt.date(2023, 7, 26), "day", "relative"), 2)]
