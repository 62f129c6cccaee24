"""`dyad eval geo`: GeoWebNews toponym resolution, scored as the share of gold toponyms with
coordinates whose resolved point lies within 161 km (100 miles) of the gold point.

Two figures: `gold spans` resolves each gold toponym's own text (the article's names resolved
together by dyad.geo.document: its countries as context, its focus city for sites no gazetteer
holds), and
`end to end` finds places itself (spaCy entities) and counts a gold toponym as resolved when one
of our mentions overlaps it and lies within 161 km (with the share of our mentions that do)."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from dyad.geo.document import DocumentResolver
from dyad.geo.gazetteer import Place
from dyad.geo.places import place_cues
from dyad.geo.resolve import PlaceResolver
from dyad.geo.shared import shared_gazetteer
from dyad.paths import gold_dir

THRESHOLD_KM = 161.0
EARTH_RADIUS_KM = 6371.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-end-to-end", action="store_true", help="score only the resolver on gold spans")
    parser.add_argument("--errors", type=int, default=0, help="print the first N misses on gold spans")


def run(args: argparse.Namespace) -> int:
    docs = list(read_gold(args.limit))
    cues = place_cues("en")
    resolver = PlaceResolver(shared_gazetteer(), cues.name_prefixes, cues.name_suffixes)
    spans = score_gold_spans(docs, resolver)
    print(f"geowebnews: {len(docs)} articles")
    print(f"gold spans, all toponyms with coordinates: {spans.all.report()}")
    print(f"gold spans, toponyms with a GeoNames id:   {spans.with_id.report()}")
    print(f"gold spans, GeoNames id in the gazetteer:  {spans.in_gazetteer.report()}")
    for miss in spans.misses[: args.errors]:
        print("  miss:", miss)
    if not args.no_end_to_end:
        recall, precision = score_end_to_end(docs)
        print(f"end to end, gold toponyms with coordinates found and resolved: {recall.report()}")
        print(f"end to end, our place mentions on a gold toponym within 161 km: {precision.report()}")
    return 0


@dataclass
class GoldToponym:
    start: int
    end: int
    text: str
    lat: float
    lon: float
    geonameid: int | None


@dataclass
class GoldDoc:
    id: str
    text: str
    toponyms: list[GoldToponym]


@dataclass
class Share:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += hit
        self.total += 1

    @property
    def value(self) -> float:
        return self.hits / self.total if self.total else 0.0

    def report(self) -> str:
        return f"{self.value:.3f} ({self.hits}/{self.total})"


@dataclass
class SpanScores:
    all: Share = field(default_factory=Share)
    with_id: Share = field(default_factory=Share)
    in_gazetteer: Share = field(default_factory=Share)
    misses: list[str] = field(default_factory=list)


def read_gold(limit: int | None = None) -> Iterator[GoldDoc]:
    path = gold_dir() / "geowebnews" / "geowebnews.jsonl"
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            row = json.loads(line)
            toponyms = [GoldToponym(g["start"], g["end"], g["extractedName"], g["latitude"], g["longitude"],
                                    int(g["geonamesID"]) if g.get("geonamesID") else None)
                        for g in row["gold"] if "latitude" in g and "longitude" in g]
            yield GoldDoc(row["id"], row["text"], toponyms)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def near(place: Place | None, lat: float, lon: float) -> bool:
    return place is not None and distance_km(place.lat, place.lon, lat, lon) <= THRESHOLD_KM


def score_gold_spans(docs: list[GoldDoc], resolver: PlaceResolver) -> SpanScores:
    scores = SpanScores()
    known_ids = gazetteer_ids()
    documents = DocumentResolver(resolver, place_cues("en").site_words)
    for doc in docs:
        for toponym, resolved in zip(doc.toponyms, documents.resolve_all([t.text for t in doc.toponyms]), strict=True):
            place = resolved.place
            hit = near(place, toponym.lat, toponym.lon)
            scores.all.add(hit)
            if toponym.geonameid is not None:
                scores.with_id.add(hit)
                if toponym.geonameid in known_ids:
                    scores.in_gazetteer.add(hit)
            if not hit:
                got = f"{place.name} ({place.kind}, {place.country})" if place else "nothing"
                scores.misses.append(f"{doc.id}: {toponym.text!r} -> {got}{' [focus]' if resolved.from_focus else ''}")
    return scores


def gazetteer_ids() -> set[int]:
    gazetteer = shared_gazetteer()
    return {gid for gid in (gazetteer.place(row).geonameid for row in range(len(gazetteer))) if gid}


def score_end_to_end(docs: list[GoldDoc]) -> tuple[Share, Share]:
    from dyad.geo.geocoder import Geocoder
    from dyad.nlp.models import load

    nlp = load("en")
    geocoder = Geocoder("en")
    recall, precision = Share(), Share()
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        resolved = [(m.start_char, m.end_char, r.place) for m, r in geocoder.article_places(parsed, set()) if r.place is not None]
        for toponym in doc.toponyms:
            recall.add(any(s < toponym.end and toponym.start < e and near(p, toponym.lat, toponym.lon)
                           for s, e, p in resolved))
        for s, e, place in resolved:
            precision.add(any(s < t.end and t.start < e and near(place, t.lat, t.lon) for t in doc.toponyms))
    return recall, precision
