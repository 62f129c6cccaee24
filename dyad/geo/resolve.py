"""Choosing one gazetteer entry for a place name, with the article's countries as context."""

from __future__ import annotations

import math
import re
from collections.abc import Collection

from dyad.geo.gazetteer import Gazetteer, Place
from dyad.geo.names import name_key
from dyad.records import Location

# Score bonuses, in units of log10(population). A country or continent named outright is that
# country ("Mali", not Mali in Guinea), and a world feature its own table names ("Atlantic", "Sahel")
# beats namesake towns short of a city of millions in the article's country; a name the article's
# countries already own beats a larger namesake abroad; a region beats a small namesake town
# elsewhere ("Iowa" is the state, not Iowa, Louisiana), though not the town it is named after
# (see _has_its_seat); a place whose main name it is beats one that merely lists it among its
# alternate names.
KIND_BONUS = {"country": 20.0, "continent": 15.0, "feature": 8.0, "city": 0.0, "region": -1.0}
CONTEXT_BONUS = 2.0
REGION_CONTEXT_BONUS = 1.5
MAIN_NAME_BONUS = 2.0
SEAT_MIN_POPULATION = 10_000
# A town is "exact" where the event is said to be in it and "town" where only near it (ACLED's
# geo_precision 1 and 2); a region (cercle, province, first-level region) and a country are themselves.
PRECISION = {"city": "exact", "region": "region", "country": "country"}
# A place named inside a longer name ("Dubai World Cup", "University of California") is taken
# only where it is prominent enough not to be a chance namesake of an ordinary word, and never a
# world feature (an "Atlantic Avenue" is not on the ocean).
EMBEDDED_MIN_POPULATION = 50_000


class PlaceResolver:
    def __init__(self, gazetteer: Gazetteer, name_prefixes: Collection[str] = (),
                 name_suffixes: Collection[str] = ()) -> None:
        self.gazetteer = gazetteer
        self._prefix = _affix_pattern(name_prefixes, r"^(?:{})\s+")
        self._suffix = _affix_pattern(name_suffixes, r"\s+(?:{})$")

    def candidates(self, text: str) -> tuple[list[Place], bool]:
        """Places named `text`, and whether a region word framed the name ("région de Mopti",
        "Orange County": GeoNames' namesake town stands for a county the gazetteer lacks)."""
        places = self.gazetteer.lookup(text)
        if places:
            return places, False
        key = name_key(text)
        for pattern in filter(None, (self._prefix, self._suffix)):
            stripped = pattern.sub("", key)
            if stripped != key and (places := self.gazetteer.lookup(stripped)):
                return places, pattern is self._prefix
        return [], False

    def resolve_embedded(self, text: str, context: Collection[str] = ()) -> Place | None:
        """A prominent place named inside a longer name, the longest run of its words first."""
        words = text.split()
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                run = words[start:start + size]
                if not all(w[:1].isupper() for w in run):
                    continue
                place = self.resolve(" ".join(run), context)
                if place is not None and place.kind != "feature" and (
                        place.kind != "city" or place.population >= EMBEDDED_MIN_POPULATION):
                    return place
        return None

    def resolve(self, text: str, context: Collection[str] = (), *, region: bool = False) -> Place | None:
        """The likeliest place called `text`; `context` holds the ISO3 codes of the article's
        countries and the names of the regions (admin1) it names; `region` says that the text
        introduced it as a region, which then wins over the town of the same name."""
        places, prefixed = self.candidates(text)
        places = [p for p in places if not p.generic or p.country in context]
        if not places:
            return None
        key = name_key(text)
        if region or prefixed:
            places = [p for p in places if p.kind == "region"] or places
        else:
            places = [p for p in places if not _has_its_seat(p, places, key)]
        return max(places, key=lambda p: _score(p, key, context))


def _affix_pattern(affixes: Collection[str], template: str) -> re.Pattern[str] | None:
    keys = sorted((name_key(a) for a in affixes), key=len, reverse=True)
    return re.compile(template.format("|".join(re.escape(k) for k in keys))) if keys else None


def _score(place: Place, key: str, context: Collection[str]) -> float:
    score = math.log10(place.population + 1) + KIND_BONUS[place.kind]
    if place.country in context:
        score += CONTEXT_BONUS
    if place.kind == "city" and place.admin1 in context:
        score += REGION_CONTEXT_BONUS
    if place.kind in ("city", "region") and name_key(place.name) == key:
        score += MAIN_NAME_BONUS
    return score


def _has_its_seat(region: Place, places: list[Place], key: str) -> bool:
    """Whether `region` is named after a town among `places` that lies in it (Mopti in Mopti,
    Timbuktu in Tombouctou): the name is then the town's, not the region's. A village that
    merely carries the region's name ("Montana City") is no seat."""
    return region.kind == "region" and any(
        p.kind == "city" and p.country == region.country and p.admin1 == region.admin1
        and (name_key(p.name) == key or p.population >= SEAT_MIN_POPULATION) for p in places)


def to_location(place: Place, text: str | None, *, near: bool = False) -> Location | None:
    """A Location record, for the kinds an event can be placed at (not a continent); `near`: the
    text puts the event near the place, not in it."""
    if place.kind not in PRECISION:
        return None
    precision = "town" if near and place.kind == "city" else PRECISION[place.kind]
    return Location(name=place.name, text=text, country=place.country, admin1=place.admin1,
                    lat=round(place.lat, 5), lon=round(place.lon, 5), geonameid=place.geonameid,
                    precision=precision)
