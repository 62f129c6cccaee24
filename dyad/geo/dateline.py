"""The dateline: where and when a story was filed ("BAMAKO, 7 février (AFP) -", "NIAMEY, Aug 25, 2023
(Reuters) -", "Kinshasa, 10 octobre 2023 (ACP).-", "APA – Bamako (Mali)").

The dateline says where the outlet or its correspondent wrote the story, not where anything in it
happened: the geocoder never places an event there (dyad/geo/geocoder.py), and the dater reads its
date as the story's (dyad/when/dater.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The place: a capitalised word and up to three more, capitalised or a short particle ("Nioro du Sahel").
_NAME = r"[A-ZÀ-Ý][\w'’.]*(?:[ \-](?:[A-ZÀ-Ý][\w'’.]*|[a-zà-ÿ'’]{1,3})){0,3}?"
# An optional agency code before the place ("APA-", "APA – "), the place, an optional "(country)",
# an optional date (after a comma, or a day number), an optional "(AGENCY)", then the dash (or
# wide gap) that ends the dateline; an agency may close it with no dash ("Bamako, 1er mar (AMAP) Le").
DATELINE = re.compile(
    rf"^\s*(?:(?P<code>[A-Z]{{2,6}})\s*[-–—]\s*)?(?P<place>{_NAME})\s*(?:\((?![A-Z/&]{{2,12}}\))(?P<country>[^)\d]{{2,30}})\))?"
    rf"(?:(?P<sep>\s*,\s*|\s+(?=\d))(?P<date>[^\n()–—]{{3,40}}?))?\s*"
    rf"(?:\((?P<agency>[A-Za-z][\w .&/-]{{1,20}})\)\s*\.?\s*(?:[-–—]|\s{{2,}}|$)?|\.?\s*(?:[-–—]|\s{{2,}}|$))",
)
WINDOW = 120


@dataclass(frozen=True)
class Dateline:
    place: str
    country: str | None
    start: int  # the place's offsets in the text
    end: int
    agency: str | None = None  # "AFP", "Reuters", "ACP/IRNA"
    date: str | None = None  # the date as written ("7 février", "Aug 25, 2023"), for the dater
    date_start: int | None = None


def find_dateline(text: str) -> Dateline | None:
    """A dateline opens the story's first line, and is marked by an agency, a date, a country in
    brackets or an upper-case place name; it ends in a dash or a gap unless an agency closes it; a
    headline ending in a dash is not one."""
    offset = len(text) - len(text.lstrip())
    first_line = text[offset:offset + WINDOW].split("\n", 1)[0]
    match = DATELINE.match(first_line)
    if not match:
        return None
    place = match.group("place").strip()
    date = match.group("date")
    if date is not None and not any(ch.isdigit() for ch in date):
        return None  # a clause after a comma ("Selon ses informations, ..."), not a date
    if date is not None and "," not in match.group("sep") and not match.group("agency"):
        return None  # a sentence that opens on its date ("Le 12 mars, ..."): only an agency makes it a dateline
    marked = match.group("agency") or match.group("country") or date or (place.isupper() and len(place) > 2)
    if not marked:
        return None
    start = offset + match.start("place")
    return Dateline(place, match.group("country"), start, start + len(place), match.group("agency") or match.group("code"),
                    date.strip() if date else None, offset + match.start("date") if date else None)
