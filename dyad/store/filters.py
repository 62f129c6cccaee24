"""The values every reader of the store takes, checked where they come in.

The CLI, the REST API and `dyad.open` pass their options through these functions before any query
runs, so a value that means nothing (`--type ATTACK`, `--since 2023-13`, `quad=9`) is refused the
same way everywhere: `InvalidFilter`, a ValueError that names the parameter and what it accepts.
The CLI turns it into a message and status 2, the API into 422. Actor names are resolved against
the actor tables and the store in `dyad.store.actor_names`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dyad.vocabulary import EVENT_TYPES, STATUSES

PERIODS = ("week", "month", "year")
PLEDGE_STATES = ("pending", "fulfilled", "lapsed")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_COUNTRY = re.compile(r"[A-Za-z]{3}")


class InvalidFilter(ValueError):
    """A filter value that names nothing Dyad knows; `message` says what would be accepted."""

    def __init__(self, parameter: str, message: str, value: object) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter, self.message, self.value = parameter, message, value


def choice(parameter: str, value: str, choices: tuple[str, ...]) -> str:
    """`value` as it is spelt in `choices` (case-insensitive)."""
    for option in choices:
        if str(value).strip().lower() == option.lower():
            return option
    raise InvalidFilter(parameter, f"{value!r} is not one of {', '.join(choices)}", value)


def event_type(value: str) -> str:
    return choice("type", value, EVENT_TYPES)


def status(value: str) -> str:
    return choice("status", value, STATUSES)


def period(value: str) -> str:
    return choice("by", value, PERIODS)


def pledge_state(value: str) -> str:
    return choice("state", value, PLEDGE_STATES)


def whole(parameter: str, value: int | str, *, least: int, most: int | None = None) -> int:
    """A whole number in [least, most]."""
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InvalidFilter(parameter, f"{value!r} is not a whole number", value) from None
    if number < least or (most is not None and number > most):
        span = f"from {least} to {most}" if most is not None else f"{least} or more"
        raise InvalidFilter(parameter, f"{number} is out of range: give a whole number {span}", value)
    return number


def quad(value: int | str) -> int:
    return whole("quad", value, least=1, most=4)


def country(value: str) -> str:
    """An ISO 3166 alpha-3 code, upper case (whether any event took place there is the query's business)."""
    if not _COUNTRY.fullmatch(str(value).strip()):
        raise InvalidFilter("country", f"{value!r} is not an ISO 3166 alpha-3 code (MLI, FRA, RUS, ...)", value)
    return str(value).strip().upper()


def bound(parameter: str, value: str | dt.date, *, end: bool = False) -> dt.date:
    """'2023', '2023-02' or '2023-02-07' as the first day it covers (with `end`, the last)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = _BOUND.fullmatch(str(value).strip())
    if not found:
        raise InvalidFilter(parameter, f"{value!r} is not a date: give {DATE_FORMS}", value)
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return dt.date(year, month, day)
    except (ValueError, calendar.IllegalMonthError) as error:
        raise InvalidFilter(parameter, f"{value!r} is no real day ({error})", value) from None


def window(since: str | dt.date | None, until: str | dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """A since/until pair as days, checked to be in order."""
    first = bound("since", since) if since not in (None, "") else None
    last = bound("until", until, end=True) if until not in (None, "") else None
    if first and last and first > last:
        raise InvalidFilter("until", f"{until} is before since ({since})", until)
    return first, last
