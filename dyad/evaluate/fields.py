"""`dyad eval fields`: the fields of coded events (date, place, counts) against the labelled set.

The split's labelled articles are coded with the default Pipeline; each article's predicted events
are matched one-to-one to its gold events on the document scorer's key (actor key, type, recipient
key: dyad/evaluate/doc.py), the nearest triggers paired first. Over the matched pairs:

- date: right to the gold's precision (same day, month or year; no predicted date, or a coarser one,
  is wrong), over pairs whose gold has a date;
- place: the predicted point within 50 km of the gold place, geocoded with the project's gazetteer
  from its name and country (where the gold name cannot be geocoded: the same country and the same
  name; where either is a region: the region holds the other), over pairs whose gold has a place;
- no place: no predicted place, over pairs whose gold has none;
- counts: the same counts as the gold's (dead, injured, arrested, size: n and precision), over
  ASSAULT, COERCE and PROTEST pairs whose gold has counts; an Event without a `counts` field scores 0.

With `--gold-triggers` the gold events themselves (parties, type, status, trigger) go through the
Pipeline's dater and geocoder, so that dates and places are scored apart from the coder's recall; a
gold event the dater leaves out as background counts as a wrong date.

The output's layout is stable: other tools read it.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from dyad import labels
from dyad.evaluate.doc import code_articles, load_labelled, party_key
from dyad.evaluate.geo import distance_km
from dyad.geo.gazetteer import Place
from dyad.geo.names import name_key
from dyad.paths import REPO_ROOT
from dyad.records import Article, Event, Location
from dyad.when.dater import PRECISION_LENGTH

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from dyad.pipeline import Pipeline

PLACE_KM = 50.0
COUNT_KEYS = ("dead", "injured", "arrested", "size")
FIELDS = ("date", "place", "no_place", "counts")
LABELS = {"date": "date right to gold precision", "place": "place within 50 km of gold",
          "no_place": "no place where gold has none", "counts": "counts equal to gold"}
DEFAULT_CACHE = REPO_ROOT / ".cache" / "parses"

# A gold place -> its gazetteer point, or None where the name cannot be geocoded.
Geocode = Callable[[str, str | None], Place | None]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--split", choices=["train", "dev", "test"], default="dev")
    parser.add_argument("--lang", choices=["fr", "en"], default=None, help="one language only (default both)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="keep parsed articles here")
    parser.add_argument("--coder", choices=["learned", "rules"], default="learned",
                        help="the learned coder (default, as the Pipeline codes) or the hand-written rules alone")
    parser.add_argument("--gold-triggers", action="store_true",
                        help="date and place the gold events themselves (their parties, type, status and "
                             "trigger), so that the dater and the geocoder are scored apart from the coder")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--show", choices=FIELDS, nargs="+", default=None,
                        help="print each wrong pair of these fields (not on the locked test split)")


@dataclass
class Score:
    right: int = 0
    n: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.n += 1

    @property
    def share(self) -> float:
        return self.right / self.n if self.n else 0.0


@dataclass
class Report:
    """Scores of one language (or of all), with the counts the figures rest on."""

    articles: int = 0
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    place_by_name: int = 0
    place_not_geocoded: int = 0
    counts_field: bool = False
    wrong: list[str] = field(default_factory=list)

    def merge(self, other: Report) -> None:
        self.articles += other.articles
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        for name, score in other.scores.items():
            self.scores[name].right += score.right
            self.scores[name].n += score.n
        self.place_by_name += other.place_by_name
        self.place_not_geocoded += other.place_not_geocoded
        self.counts_field = self.counts_field or other.counts_field

    def as_dict(self) -> dict:
        return {"articles": self.articles, "gold_events": self.gold, "predicted_events": self.predicted,
                "matched": self.matched, "place_gold_not_geocoded": self.place_not_geocoded,
                "place_scored_by_country_and_name": self.place_by_name, "counts_field": self.counts_field}\
            | {name: {"score": round(s.share, 3), "right": s.right, "n": s.n} for name, s in self.scores.items()}

    def text(self, title: str) -> str:
        lines = [f"== {title}: {self.articles} articles, {self.gold} gold events, "
                 f"{self.predicted} predicted, {self.matched} matched",
                 f"{'field':<32} {'score':>6} {'right':>6} {'n':>6}"]
        lines += [f"{LABELS[name]:<32} {s.share:6.3f} {s.right:6d} {s.n:6d}" for name, s in self.scores.items()]
        lines.append(f"gold places not geocoded: {self.place_not_geocoded} "
                     f"(scored by same country and name: {self.place_by_name})")
        if not self.counts_field:
            lines.append("predicted events carry no `counts` field: counts score 0")
        return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.show and args.split == "test":
        print("--show is for the train and dev splits: the test split is scored, never inspected")
        return 2
    langs = [args.lang] if args.lang else ["fr", "en"]
    geocode = gazetteer_geocoder()
    reports: dict[str, Report] = {}
    for lang in langs:
        gold = load_labelled(None, args.split, lang=lang, limit=args.limit)
        predicted = (place_gold_events(gold, args.cache) if args.gold_triggers
                     else code_articles(gold, args.cache, args.coder))
        reports[lang] = score_articles(gold, predicted, geocode, offsets_of)
    total = Report()
    for report in reports.values():
        total.merge(report)
    if len(reports) > 1:
        reports["all"] = total
    if args.json:
        print(json.dumps({"split": args.split} | {k: r.as_dict() for k, r in reports.items()}, indent=1))
        return 0
    for lang, report in reports.items():
        if args.show:
            print("\n".join(line for line in report.wrong if line.split(" ", 1)[0] in args.show))
        print(report.text(f"{args.split} {lang}"))
    if args.gold_triggers:
        print("--gold-triggers: the gold events dated and placed by the Pipeline's dater and geocoder; "
              "counts are the coder's and are not read here")
    return 0


def place_gold_events(gold: list[dict], cache_dir: Path | None) -> dict[str, list[Event]]:
    """The gold events of each article as records, through the Pipeline's dater and geocoder only.
    An event the dater leaves out as background stays, undated, so that it scores as a wrong date."""
    placed: dict[str, list[Event]] = {}
    for row, article, doc, pipeline in gold_docs(gold, cache_dir):
        resolver, _, dater, geocoder = pipeline.stages(article.lang)
        events = gold_events(row, offsets_of(row))
        dated = dater.date_events(events, doc, article)
        kept = {id(event.evidence[0]) for event in dated}
        left_out = [event for event in events if id(event.evidence[0]) not in kept]
        placed[row["id"]] = geocoder.locate_events(dated, doc, article, resolver.analyse(doc, article.date)) + left_out
    return placed


def gold_docs(gold: list[dict], cache_dir: Path | None) -> Iterator[tuple[dict, Article, Doc, Pipeline]]:
    """(label row, its article, the parsed article, the Pipeline whose stages read it) for each
    labelled article whose text ../shared holds."""
    from dyad.evaluate.common import parse_cached, read_articles
    from dyad.paths import corpus_path, shared_dir
    from dyad.pipeline import Pipeline

    articles: dict = {}
    for source in {row.get("source", "corpus") for row in gold}:
        path = corpus_path() if source == "corpus" else shared_dir() / labels.SOURCES[source]
        articles |= read_articles(path, {row["id"] for row in gold if row.get("source", "corpus") == source})
    pipeline = Pipeline()
    for lang in ("fr", "en"):
        rows = [row for row in gold if row["id"] in articles and row["lang"] == lang]
        chosen = [articles[row["id"]].model_copy(update={"lang": lang}) for row in rows]
        for row, article, doc in zip(rows, chosen, parse_cached(chosen, lang, cache_dir), strict=True):
            yield row, article, doc, pipeline


def gold_events(row: dict, to_body: Callable[[int], int | None]) -> list[Event]:
    """An undated, unplaced record for each gold event whose trigger lies in the body."""
    from dyad.plover import derived_fields
    from dyad.records import Actor, Evidence

    events = []
    for gold in row["events"]:
        start, end = to_body(gold["trigger"][0]), to_body(gold["trigger"][1])
        if start is None or end is None:
            continue
        parties = [Actor(code=party["code"], name=party.get("name")) for party in (gold["actor"], gold["recipient"])]
        events.append(Event(article_id=row["id"], event_type=gold["event_type"], status=gold["status"],
                            actor=parties[0], recipient=parties[1],
                            evidence=[Evidence(sentence="", sentence_start=start, trigger="", trigger_start=start,
                                               trigger_end=end)], mode=gold.get("mode"),
                            **derived_fields(gold["event_type"])))
    return events


def gazetteer_geocoder() -> Geocode:
    """The gold place's likeliest gazetteer entry in its country (the gazetteer's own choice where
    the gold gives no country)."""
    from dyad.geo.resolve import PlaceResolver
    from dyad.geo.shared import shared_gazetteer

    resolver = PlaceResolver(shared_gazetteer())

    def geocode(name: str, country: str | None) -> Place | None:
        place = resolver.resolve(name, {country} if country else set())
        if place is None or country is None or place.country == country:
            return place
        in_country = [p for p in resolver.candidates(name)[0] if p.country == country]
        return max(in_country, key=lambda p: p.population) if in_country else None

    return geocode


def offsets_of(row: dict) -> Callable[[int], int | None]:
    """Label offset -> offset in the text the pipeline codes."""
    return labels.body_offset_map(labels.source_row(row.get("source", "corpus"), row["id"]))


def score_articles(gold: list[dict], predicted: dict[str, list[Event]], geocode: Geocode,
                   offsets: Callable[[dict], Callable[[int], int | None]]) -> Report:
    report = Report(counts_field="counts" in Event.model_fields)
    for row in gold:
        events = predicted.get(row["id"], [])
        report.articles += 1
        report.gold += len(row["events"])
        report.predicted += len(events)
        to_body = offsets(row)
        for gold_event, event in match(row["events"], events, to_body):
            report.matched += 1
            score_pair(report, row["id"], gold_event, event, geocode)
    return report


def match(gold_events: list[dict], events: list[Event],
          to_body: Callable[[int], int | None]) -> list[tuple[dict, Event]]:
    """One-to-one pairs of gold and predicted events with the same (actor, type, recipient) key,
    the closest triggers first (a gold trigger in the title is far from every predicted one)."""
    candidates = []
    for g, gold_event in enumerate(gold_events):
        key = (party_key(gold_event["actor"]), gold_event["event_type"], party_key(gold_event.get("recipient")))
        gold_at = to_body(gold_event["trigger"][0])
        for p, event in enumerate(events):
            if key == (party_key(event.actor.model_dump()), event.event_type, party_key(event.recipient.model_dump())):
                candidates.append((_distance(gold_at, event), g, p))
    pairs, used_gold, used_predicted = [], set(), set()
    for _, g, p in sorted(candidates):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            pairs.append((gold_events[g], events[p]))
    return pairs


def _distance(gold_at: int | None, event: Event) -> float:
    starts = [e.trigger_start for e in event.evidence]
    if gold_at is None or not starts:
        return float("inf")
    return min(abs(start - gold_at) for start in starts)


def score_pair(report: Report, article_id: str, gold: dict, event: Event, geocode: Geocode) -> None:
    where = f"{article_id} {gold['event_type']} {party_key(gold['actor'])}->{party_key(gold.get('recipient'))}"
    trigger = event.evidence[0].trigger if event.evidence else ""
    if gold.get("date"):
        ok = date_right(gold["date"], gold["date_precision"], event)
        report.scores["date"].add(ok)
        if not ok:
            report.wrong.append(f"date {where} [{trigger}] gold {gold['date']} ({gold['date_precision']}) "
                                f"got {event.date} ({event.date_precision}, {event.date_reason}: {event.date_raw!r})")
    if gold.get("location"):
        ok, by_name = place_right(gold["location"], event, geocode, report)
        report.scores["place"].add(ok)
        report.place_by_name += by_name
        if not ok:
            got = event.location.name if event.location else None
            report.wrong.append(f"place {where} [{trigger}] gold {gold['location']} got {got}")
    else:
        report.scores["no_place"].add(event.location is None)
        if event.location is not None:
            report.wrong.append(f"no_place {where} [{trigger}] got {event.location.name}")
    if gold.get("counts") and gold["event_type"] in labels.COUNTED_TYPES:
        ok = report.counts_field and counts_of(gold["counts"]) == counts_of(getattr(event, "counts", None))
        report.scores["counts"].add(ok)
        if not ok:
            report.wrong.append(f"counts {where} [{trigger}] gold {counts_of(gold['counts'])} "
                                f"got {counts_of(getattr(event, 'counts', None))}")


def date_right(gold_date: str, gold_precision: str, event: Event) -> bool:
    """The predicted date equals the gold's to the gold's precision, and is at least that precise."""
    if event.date is None or event.date_precision is None:
        return False
    length = PRECISION_LENGTH[gold_precision]
    return PRECISION_LENGTH[event.date_precision] >= length and event.date.isoformat()[:length] == gold_date[:length]


def place_right(gold: dict, event: Event, geocode: Geocode, report: Report) -> tuple[bool, bool]:
    """(right, scored by country and name): within PLACE_KM of the geocoded gold place; where the gold
    name cannot be geocoded, the same country and the same name."""
    ok, by_name = location_right(gold, event.location, geocode)
    report.place_not_geocoded += by_name
    return ok, by_name


def location_right(gold: dict, location: Location | None, geocode: Geocode) -> tuple[bool, bool]:
    """(right, scored by country and name, as the gold name cannot be geocoded)."""
    point = geocode(gold["name"], gold.get("country"))
    if point is None:
        if location is None:
            return False, True
        names = {name_key(n) for n in (location.name, location.text) if n}
        return location.country == gold.get("country") and name_key(gold["name"]) in names, True
    if location is None or location.lat is None or location.lon is None:
        return False, False
    if "region" in (point.kind, location.precision) and point.country == location.country:
        # A region's point is its middle: a region is right where it holds the other place.
        return bool(point.admin1) and point.admin1 == location.admin1, False
    return distance_km(point.lat, point.lon, location.lat, location.lon) <= PLACE_KM, False


def counts_of(counts: object) -> dict[str, tuple[int, str]]:
    """{key: (n, precision)} of a gold or predicted counts mapping (dicts or models), absent keys left out."""
    if counts is None:
        return {}
    if hasattr(counts, "model_dump"):
        counts = counts.model_dump()
    found = {}
    for key in COUNT_KEYS:
        value = counts.get(key) if isinstance(counts, dict) else None
        if value is None:
            continue
        value = value.model_dump() if hasattr(value, "model_dump") else value
        found[key] = (value["n"], value["precision"])
    return found

