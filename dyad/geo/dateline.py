"""The dateline: the place a wire story is filed from ("BAMAKO, 7 février (AFP) -",
"Kinshasa, 10 octobre 2023 (ACP).-", "APA-Bruxelles (Belgique)")."""

from __future__ import annotations

import re
from dataclasses import dataclass

# An optional agency prefix ("APA-"), the place, an optional "(country)", an optional ", date",
# an optional "(AGENCY)", then the dash that ends the dateline; or an upper-case place and a comma.
_NAME = r"[A-ZÀ-Ý][\w'’.]*(?:[ \-][A-ZÀ-Ýa-zà-ÿ'’][\w'’.]*){0,3}?"
DATELINE = re.compile(
    rf"^\s*(?:[A-Z]{{2,6}}-)?(?P<place>{_NAME})\s*(?:\((?P<country>[^)\d]{{2,30}})\))?"
    rf"(?P<date>\s*,\s*[^\n()–—]{{3,40}}?)?\s*(?P<agency>\([A-Za-z][\w .&/-]{{1,20}}\))?\s*\.?\s*(?P<dash>[-–—]|\s{{2,}}|$)",
)
WINDOW = 120


@dataclass(frozen=True)
class Dateline:
    place: str
    country: str | None
    start: int
    end: int


def find_dateline(text: str) -> Dateline | None:
    """A dateline opens the story's first line, and is marked by an agency, a date, a country
    in brackets or an upper-case place name; a headline ending in a dash is not one."""
    first_line = text.lstrip()[:WINDOW].split("\n", 1)[0]
    offset = len(text) - len(text.lstrip())
    match = DATELINE.match(first_line)
    if not match or not match.group("dash"):
        return None
    place = match.group("place").strip()
    marked = match.group("agency") or match.group("country") or match.group("date") or (place.isupper() and len(place) > 2)
    if not marked:
        return None
    return Dateline(place, match.group("country"), offset + match.start("place"), offset + match.start("place") + len(place))
