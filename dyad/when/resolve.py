"""Turning a time expression into a value, relative to an anchor date (the publication date)
and to the tense of its clause: an intended event's "mardi" lies after the anchor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from dyad.when.expressions import TimeExpression
from dyad.when.vocab import TimeVocabulary

Tense = Literal["past", "present", "future"] | None
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# A week or a weekend is no day: its record keeps the month ("la semaine dernière" is labelled so).
RECORD_PRECISION = {"day": "day", "week": "month", "weekend": "month", "month": "month", "season": "month",
                    "year": "year", "decade": "year", "century": "year"}
# How far a bare weekday may lie from the anchor when the tense does not say which side.
NEAREST_WEEKDAY_SPAN = 3
# The tense picks the side of the anchor for a day and month without a year only within half a
# year: a past-tense clause may still report a date a few weeks ahead ("a fixé au 30 juin").
TENSE_REACH_DAYS = 183
# A done act may be dated up to two weeks after its article: the article's date is often the day it
# was written or filed ("les ministres se réunissent le 10 août" in an article dated 9 August), a
# visit "le 15" told in the present is often still to come, and a year back is never the better
# reading of a day-month that close (on the train split 14 days gives 3 more right dates than 2,
# fr_timebank unchanged).
PUBLICATION_SLACK_DAYS = 14
# "La fin de la semaine" is its Friday (Monday + 4).
FRIDAY = 4
# A two-digit number alone is a year ("98") only where it cannot be a day of the month.
MAX_DAY = 31


@dataclass(frozen=True)
class TimeValue:
    start: dt.date
    precision: str
    label: str | None = None  # TimeML form where the date alone does not say it (seasons, decades)

    def iso(self) -> str:
        """The TimeML/ISO value: 2023-02-07, 2023-02, 2023, 2023-W06, 2023-W06-WE, 2023-SU, 196X."""
        if self.label:
            return self.label
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        if self.precision in ("week", "weekend"):
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}" + ("-WE" if self.precision == "weekend" else "")
        return str(self.start.year)

    @property
    def record_precision(self) -> str:
        return RECORD_PRECISION[self.precision]

    @property
    def end(self) -> dt.date:
        """The last day of the period the value names (the day itself for a day)."""
        if self.precision == "month" or self.precision == "season":
            following = dt.date(self.start.year + self.start.month // 12, self.start.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        if self.precision in ("year", "decade", "century"):
            return dt.date(self.start.year, 12, 31)
        if self.precision in ("week", "weekend"):
            return self.start + dt.timedelta(days=6 if self.precision == "week" else 1)
        return self.start


def resolve(expression: TimeExpression, vocab: TimeVocabulary, anchor: dt.date | None, tense: Tense = None,
            previous: dt.date | None = None, *, done: bool = False) -> TimeValue | None:
    """The value of an expression; None where it needs an anchor and has none, or is no date.
    `done` says the event has happened: a day without a year then lies on or before the anchor."""
    g = expression.groups
    year = _year(g.get("year") or g.get("year2"), anchor)
    kind = expression.kind
    if kind == "short_year" and int(g["year"].lstrip("'")) <= MAX_DAY:
        return None
    if kind in ("year", "short_year"):
        return TimeValue(dt.date(year, 1, 1), "year") if year else None
    if kind == "decade":
        digits = g["decade"][-2:] if len(g["decade"]) == 2 else g["decade"][2:]
        century = g["decade"][:2] if len(g["decade"]) == 4 else "19"
        return TimeValue(dt.date(int(century + digits), 1, 1), "decade", f"{century}{digits[0]}X")
    if kind == "century":
        number = _roman(g["roman"])
        return TimeValue(dt.date(max(1, (number - 1) * 100), 1, 1), "century", f"{number - 1:02d}XX") if number else None
    if kind in ("day_month", "month_day"):
        return _day_month(g, vocab, anchor, year, tense, done)
    if anchor is None:
        return None
    direction = vocab.direction(g.get("pre")) or vocab.direction(g.get("mod"))
    if kind == "month":
        month = vocab.lookup(vocab.months, g["month"])
        if year:
            return TimeValue(dt.date(year, month, 1), "month")
        return TimeValue(_month_near(anchor, month, direction, tense), "month")
    if kind == "weekday":
        return TimeValue(_weekday_near(anchor, vocab.lookup(vocab.weekdays, g["wd"]), direction, tense), "day")
    if kind == "days":
        return TimeValue(anchor + dt.timedelta(days=vocab.lookup(vocab.days, g["rel"])), "day")
    if kind == "anaphoric":
        return TimeValue((previous or anchor) + dt.timedelta(days=vocab.lookup(vocab.anaphoric, g["ana"])), "day")
    if kind in ("ago", "after"):
        return _ago(g, vocab, anchor)
    if kind == "period":
        return _period(vocab, vocab.lookup(vocab.units, g["unit"]), direction, anchor, tense, g.get("part"))
    if kind == "season":
        season = vocab.lookup(vocab.seasons, g["season"])
        season_year = year or anchor.year + direction
        return TimeValue(dt.date(season_year, 1, 1), "season", f"{season_year}-{season}")
    return None


def _year(text: str | None, anchor: dt.date | None) -> int | None:
    if not text:
        return None
    digits = text.lstrip("'")
    if len(digits) == 4:
        return int(digits)
    base = anchor.year if anchor else 2000
    candidate = base - base % 100 + int(digits)
    return candidate - 100 if candidate > base + 10 else candidate


def _roman(text: str) -> int | None:
    values = [ROMAN.get(c) for c in text.upper()]
    if None in values:
        return None
    total = 0
    for value, following in zip(values, [*values[1:], 0], strict=True):
        total += -value if value < following else value
    return total


def _day_month(g: dict, vocab: TimeVocabulary, anchor: dt.date | None, year: int | None, tense: Tense,
               done: bool = False) -> TimeValue | None:
    month = vocab.lookup(vocab.months, g["month"])
    day_text = g["day"]
    day = int(day_text) if day_text.isdigit() else 1
    if not 1 <= day <= 31:
        return None
    if year:
        return _safe_date(year, month, day)
    if anchor is None:
        return None
    weekday = vocab.lookup(vocab.weekdays, g["wd"]) if g.get("wd") else None
    direction = vocab.direction(g.get("mod"))
    candidates = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _date_or_none(y, month, day))]
    if weekday is not None and (matching := [d for d in candidates if d.weekday() == weekday]):
        candidates = matching
    elif done and direction <= 0:
        latest = anchor + dt.timedelta(days=PUBLICATION_SLACK_DAYS)
        candidates = [d for d in candidates if d <= latest] or candidates
    elif direction < 0:
        candidates = [d for d in candidates if d <= anchor] or candidates
    elif direction > 0:
        candidates = [d for d in candidates if d >= anchor] or candidates
    elif tense in ("past", "future"):
        side = [d for d in candidates if (d <= anchor if tense == "past" else d >= anchor)]
        candidates = [d for d in side if abs((d - anchor).days) <= TENSE_REACH_DAYS] or candidates
    return TimeValue(min(candidates, key=lambda d: abs((d - anchor).days)), "day")


def _safe_date(year: int, month: int, day: int) -> TimeValue | None:
    date = _date_or_none(year, month, day)
    return TimeValue(date, "day") if date else None


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_near(anchor: dt.date, month: int, direction: int, tense: Tense) -> dt.date:
    """The month named, in the year that the modifier or tense points to ("septembre dernier")."""
    this_year = dt.date(anchor.year, month, 1)
    current = dt.date(anchor.year, anchor.month, 1)
    if direction < 0:
        return this_year if this_year < current else dt.date(anchor.year - 1, month, 1)
    if direction > 0:
        return this_year if this_year > current else dt.date(anchor.year + 1, month, 1)
    if tense == "past":
        return this_year if this_year <= current else dt.date(anchor.year - 1, month, 1)
    if tense == "future":
        return this_year if this_year >= current else dt.date(anchor.year + 1, month, 1)
    options = [dt.date(anchor.year + k, month, 1) for k in (-1, 0, 1)]
    return min(options, key=lambda d: (abs((d - current).days), d > current))


def _weekday_near(anchor: dt.date, weekday: int, direction: int, tense: Tense) -> dt.date:
    """"lundi dernier" is the last Monday before the anchor, "lundi prochain" the next after it;
    a bare "lundi" is the last one on or before it in the past tense, the next on or after it for
    what is intended, and the nearest otherwise."""
    back = (anchor.weekday() - weekday) % 7
    ahead = (weekday - anchor.weekday()) % 7
    if direction < 0:
        return anchor - dt.timedelta(days=back or 7)
    if direction > 0:
        return anchor + dt.timedelta(days=ahead or 7)
    if tense == "past":
        return anchor - dt.timedelta(days=back)
    if tense == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back) if back <= NEAREST_WEEKDAY_SPAN else anchor + dt.timedelta(days=ahead)


def _ago(g: dict, vocab: TimeVocabulary, anchor: dt.date) -> TimeValue | None:
    count_text = (g.get("n") or "").lower()
    count = int(count_text) if count_text.isdigit() else vocab.lookup(vocab.numbers, count_text)
    unit = vocab.lookup(vocab.units, g["unit"])
    if count is None or unit is None:
        return None
    if unit == "day":
        return TimeValue(anchor - dt.timedelta(days=count), "day")
    if unit in ("week", "weekend"):
        return TimeValue(anchor - dt.timedelta(days=7 * count), "day")
    if unit == "month":
        months = anchor.year * 12 + anchor.month - 1 - count
        return TimeValue(dt.date(months // 12, months % 12 + 1, 1), "month")
    return TimeValue(dt.date(anchor.year - count, 1, 1), "year")


def _period(vocab: TimeVocabulary, unit: str | None, direction: int, anchor: dt.date, tense: Tense,
            part: str | None) -> TimeValue | None:
    """"la semaine dernière", "cette année", "le mois prochain", "ce week-end", "la fin de l'année"."""
    if unit == "week":
        day = anchor + dt.timedelta(days=7 * direction)
        monday = day - dt.timedelta(days=day.weekday())
        if part and vocab.is_end_part(part):
            return TimeValue(monday + dt.timedelta(days=FRIDAY), "week")
        return TimeValue(monday, "week")
    if unit == "weekend":
        saturday = anchor + dt.timedelta(days=(5 - anchor.weekday()) % 7)
        before = saturday - dt.timedelta(days=7)
        if direction < 0 or (direction == 0 and (tense == "past" or (tense is None and (anchor - before).days <= (saturday - anchor).days))):
            return TimeValue(before, "weekend")
        return TimeValue(saturday, "weekend")
    if unit == "month":
        months = anchor.year * 12 + anchor.month - 1 + direction
        return TimeValue(dt.date(months // 12, months % 12 + 1, 1), "month")
    if unit == "year":
        return TimeValue(dt.date(anchor.year + direction, 1, 1), "year")
    if unit == "day" and direction == 0:
        return TimeValue(anchor, "day")
    return None
