"""`dyad eval fields`: the one-to-one matching of predicted to gold events and the scoring of their
date, place and counts, on records made by hand (no parsing, no gazetteer)."""

from __future__ import annotations

import datetime as dt

from dyad.evaluate.fields import Report, counts_of, date_right, gold_events, match, score_articles
from dyad.geo.gazetteer import Place
from dyad.plover import derived_fields
from dyad.records import Actor, Count, Event, Evidence, Location

TEXT = "Les soldats ont attaqué le camp lundi. Puis ils ont attaqué le village mardi."


def predicted(trigger_start: int, *, date: str | None = None, precision: str | None = None,
              location: Location | None = None, event_type: str = "ASSAULT", actor: str = "MLI") -> Event:
    return Event(article_id="a", event_type=event_type, actor=Actor(code=actor), recipient=Actor(code="-"),
                 date=dt.date.fromisoformat(date) if date else None, date_precision=precision, location=location,
                 evidence=[Evidence(sentence=TEXT, sentence_start=0, trigger="attaqué",
                                    trigger_start=trigger_start, trigger_end=trigger_start + 7)],
                 **derived_fields(event_type))


def gold(trigger_start: int, *, date: str | None = None, precision: str | None = None,
         location: dict | None = None, counts: dict | None = None, event_type: str = "ASSAULT") -> dict:
    return {"event_type": event_type, "status": "occurred", "actor": {"code": "MLI"}, "recipient": {"code": "-"},
            "trigger": [trigger_start, trigger_start + 7], "date": date, "date_precision": precision,
            "location": location, "counts": counts}


FIRST, SECOND = TEXT.index("attaqué"), TEXT.rindex("attaqué")
SEVARE = Place(row=0, geonameid=1, name="Sévaré", kind="city", country="MLI", admin1="Mopti",
               lat=14.53, lon=-4.10, population=1, generic=False)


def identity(_row: dict):
    return lambda offset: offset


def geocode_sevare(name: str, country: str | None) -> Place | None:
    return SEVARE if name == "Sévaré" else None


def test_match_pairs_the_nearest_triggers_one_to_one():
    golds = [gold(SECOND), gold(FIRST)]
    events = [predicted(FIRST + 1), predicted(SECOND - 2), predicted(FIRST)]
    pairs = match(golds, events, lambda offset: offset)
    assert [(g["trigger"][0], e.evidence[0].trigger_start) for g, e in pairs] == [(FIRST, FIRST), (SECOND, SECOND - 2)]


def test_match_needs_the_same_actor_type_and_recipient():
    assert match([gold(FIRST)], [predicted(FIRST, actor="NER"), predicted(FIRST, event_type="COERCE")],
                 lambda offset: offset) == []


def test_date_is_right_to_the_gold_precision_only():
    assert date_right("2023-07", "month", predicted(FIRST, date="2023-07-26", precision="day"))
    assert not date_right("2023-07-26", "day", predicted(FIRST, date="2023-07-01", precision="month"))
    assert not date_right("2023-07-26", "day", predicted(FIRST, date="2023-07-27", precision="day"))
    assert date_right("2021", "year", predicted(FIRST, date="2021-01-01", precision="year"))
    assert not date_right("2021", "year", predicted(FIRST))


def test_counts_compare_numbers_and_precisions_of_every_key():
    assert counts_of({"dead": {"n": 12, "precision": "at_least"}, "injured": None}) == {"dead": (12, "at_least")}
    assert counts_of(None) == {}


def test_scores_of_matched_pairs():
    near = Location(name="Sévaré", country="MLI", lat=14.60, lon=-4.05)
    far = Location(name="Bamako", country="MLI", lat=12.65, lon=-8.0)
    golds = [gold(FIRST, date="2023-02-06", precision="day", location={"name": "Sévaré", "country": "MLI"},
                  counts={"dead": {"n": 3, "precision": "exact"}}),
             gold(SECOND, date="2023-02", precision="month", location={"name": "Nowhere Town", "country": "MLI"})]
    events = [predicted(FIRST, date="2023-02-06", precision="day", location=near),
              predicted(SECOND, date="2023-03-07", precision="day", location=far),
              predicted(SECOND + 3, event_type="PROTEST")]
    report = score_articles([{"id": "a", "lang": "fr", "events": golds}], {"a": events}, geocode_sevare, identity)
    assert (report.gold, report.predicted, report.matched) == (2, 3, 2)
    assert {name: (s.right, s.n) for name, s in report.scores.items()} == {
        "date": (1, 2), "place": (1, 2), "no_place": (0, 0), "counts": (0, 1)}
    assert (report.place_not_geocoded, report.place_by_name) == (1, 1)


def test_no_place_where_the_gold_has_none():
    report = score_articles([{"id": "a", "lang": "fr", "events": [gold(FIRST), gold(SECOND)]}],
                            {"a": [predicted(FIRST), predicted(SECOND, location=Location(name="Gao", country="MLI"))]},
                            geocode_sevare, identity)
    assert (report.scores["no_place"].right, report.scores["no_place"].n) == (1, 2)


def test_reports_add_up():
    one, two = Report(articles=1, matched=2), Report(articles=3, matched=1)
    one.scores["date"].add(True)
    two.scores["date"].add(False)
    one.merge(two)
    assert (one.articles, one.matched, one.scores["date"].right, one.scores["date"].n) == (4, 3, 1, 2)


def test_predicted_counts_equal_to_the_gold_score_right():
    golds = [gold(FIRST, counts={"dead": {"n": 3, "precision": "exact"}}),
             gold(SECOND, counts={"dead": {"n": 3, "precision": "exact"}})]
    events = [predicted(FIRST).model_copy(update={"counts": {"dead": Count(n=3, precision="exact")}}),
              predicted(SECOND).model_copy(update={"counts": {"dead": Count(n=3, precision="at_least")}})]
    report = score_articles([{"id": "a", "lang": "fr", "events": golds}], {"a": events}, geocode_sevare, identity)
    assert (report.scores["counts"].right, report.scores["counts"].n) == (1, 2)


def test_gold_events_become_undated_records_at_their_triggers():
    row = {"id": "a", "events": [gold(FIRST, date="2023-02-06", precision="day"), gold(-5)]}
    events = gold_events(row, lambda offset: offset if offset >= 0 else None)
    assert [(e.event_type, e.actor.code, e.evidence[0].trigger_start, e.evidence[0].trigger_end, e.date)
            for e in events] == [("ASSAULT", "MLI", FIRST, FIRST + 7, None)]
