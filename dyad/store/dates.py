"""Dates shown as precisely as they are known: a year-only date is 2023, not 1 January."""

from __future__ import annotations

import datetime as dt


def shown_date(day: dt.date | None, precision: str | None = "day") -> str:
    """2023, 2023-08 or 2023-08-26 as the precision says (a day where it says nothing)."""
    if day is None:
        return ""
    if precision == "year":
        return f"{day:%Y}"
    if precision == "month":
        return f"{day:%Y-%m}"
    return day.isoformat()
