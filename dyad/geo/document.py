"""Resolving all the place names of one article together: the countries and regions it names
outright disambiguate the rest, and a site the gazetteer cannot hold (a street, a building, an
institution, a neighbourhood: a name with one of the language's `site_words`, "Royal Street",
"stade Modibo Keïta") is placed in the article's focus, the city it names most often.

This is the article-level geoparse (every mention); an event's own location follows the stricter
rule of `Geocoder.locate_events` (its sentence's place, else the dateline) and never this focus."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from dyad.geo.gazetteer import Place
from dyad.geo.names import name_key
from dyad.geo.resolve import PlaceResolver


@dataclass(frozen=True)
class ResolvedName:
    text: str
    place: Place | None
    from_focus: bool = False  # a site the gazetteer does not hold, placed in the article's focus city


class DocumentResolver:
    def __init__(self, resolver: PlaceResolver, site_words: Collection[str] = ()) -> None:
        self.resolver = resolver
        self._site_words = frozenset(name_key(w) for w in site_words)

    def context(self, names: Sequence[str]) -> set[str]:
        """The ISO3 codes of the countries the names include, and the regions (admin1) with their
        countries: what the article is about."""
        context: set[str] = set()
        for name in names:
            place = self.resolver.resolve(name)
            if place is not None and place.kind == "country" and place.country:
                context.add(place.country)
            elif place is not None and place.kind == "region" and place.admin1 and place.country:
                context.update((place.admin1, place.country))
        return context

    def resolve_all(self, names: Sequence[str], context: Collection[str] = ()) -> list[ResolvedName]:
        """Each name's place, in order; `context` adds the article's countries known otherwise
        (its actors')."""
        context = self.context(names) | set(context)
        places = [self.resolver.resolve(n, context) or self.resolver.resolve_embedded(n, context) for n in names]
        focus = focus_city(places)
        return [ResolvedName(n, focus, from_focus=True) if p is None and focus is not None and self.is_site(n)
                else ResolvedName(n, p) for n, p in zip(names, places, strict=True)]

    def is_site(self, name: str) -> bool:
        return not self._site_words.isdisjoint(name_key(name).split())


def focus_city(places: Sequence[Place | None]) -> Place | None:
    """The city the article names most often (the first named, among equals)."""
    counts = Counter(p.row for p in places if p is not None and p.kind == "city")
    if not counts:
        return None
    top = max(counts.values())
    return next(p for p in places if p is not None and p.kind == "city" and counts[p.row] == top)
