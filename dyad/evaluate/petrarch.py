"""`dyad eval petrarch`: the full pipeline on each sentence of gold/petrarch2_gsr_validation (English
wire sentences with PETRARCH2's CAMEO events), scored as the set of (source, PLOVER type, target)
per sentence. Gold types come through the official CAMEO->PLOVER table (`plover2021_from_cameo`);
CAMEO 01/02 statements have no PLOVER type and are left out of the gold, so an event coded there
counts against precision, as does any event coded on a "no event" sentence.

PETRARCH actor codes are reduced to ours: the country (first three letters), the IGO prefix to
UNO / EUR / IGO, ISIS-like militant codes to ISM, and an unknown country ("---") to "-"."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from dataclasses import dataclass, field

from dyad.evaluate.common import Counts, Table, read_jsonl
from dyad.paths import gold_dir
from dyad.pipeline import Pipeline
from dyad.records import NO_ACTOR_CODE, Article

Triple = tuple[str, str, str]
IGO_BODIES = {"UNO": "UNO", "EUR": "EUR"}
MILITANT_PREFIXES = ("IMG",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--show", action="store_true", help="print each sentence's missed and spurious triples")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")


def actor_code(petrarch_code: str) -> str:
    """A PETRARCH2 actor code as Dyad's actor code: GEOOPP -> GEO, IGOUNOMIL -> UNO, --- -> '-'."""
    code = petrarch_code.upper()
    if code.startswith("---") or not code:
        return NO_ACTOR_CODE
    if code.startswith("IGO"):
        return IGO_BODIES.get(code[3:6], "IGO")
    if code.startswith(MILITANT_PREFIXES):
        return "ISM"
    return code[:3]


def gold_triples(row: dict) -> set[Triple]:
    return {(actor_code(g["sourcecode"]), g["plover2021_from_cameo"], actor_code(g["targetcode"]))
            for g in row["gold"] if g.get("plover2021_from_cameo")}


@dataclass
class Report:
    triples: Table = field(default_factory=Table)
    types_only: Counts = field(default_factory=Counts)
    no_event_sentences: int = 0
    no_event_with_events: int = 0
    details: list[str] = field(default_factory=list)

    def add(self, row_id: str, predicted: set[Triple], gold: set[Triple], no_event: bool) -> None:
        for event_type in {t[1] for t in predicted | gold}:
            self.triples.row(event_type).add({t for t in predicted if t[1] == event_type},
                                             {t for t in gold if t[1] == event_type})
        self.types_only.add({t[1] for t in predicted}, {t[1] for t in gold})
        if no_event:
            self.no_event_sentences += 1
            self.no_event_with_events += bool(predicted)
        if predicted != gold:
            self.details.append(f"{row_id}: missed {sorted(gold - predicted)} spurious {sorted(predicted - gold)}")

    def summary(self) -> dict:
        return {"triples": self.triples.total().as_dict(), "types_only": self.types_only.as_dict(),
                "no_event_sentences": self.no_event_sentences, "no_event_with_events": self.no_event_with_events,
                "per_type": {k: v.as_dict() for k, v in sorted(self.triples.rows.items())}}

    def text(self) -> str:
        total = self.triples.total()
        return "\n".join([
            f"(source, type, target) per sentence: P {total.precision:.3f} R {total.recall:.3f} F1 {total.f1:.3f}",
            f"types only, per sentence: P {self.types_only.precision:.3f} R {self.types_only.recall:.3f} "
            f"F1 {self.types_only.f1:.3f}",
            f"'no event' sentences given an event: {self.no_event_with_events} of {self.no_event_sentences}",
            self.triples.format("type")])


def load_rows(limit: int | None = None) -> list[dict]:
    rows = list(read_jsonl(gold_dir() / "petrarch2_gsr_validation" / "petrarch2_gsr_validation.jsonl"))
    return rows[:limit] if limit else rows


def code_rows(rows: list[dict], pipeline: Pipeline | None = None) -> dict[str, set[Triple]]:
    """Each sentence through the full pipeline as its own English article of the given date."""
    articles = [Article(id=r["id"], text=r["text"], lang=r.get("lang") or "en",
                        date=dt.date.fromisoformat(r["date"]) if r.get("date") else None) for r in rows]
    coded = (pipeline or Pipeline()).code(articles)
    return {c.article.id: {(e.actor.code, e.event_type, e.recipient.code) for e in c.events} for c in coded}


def score(rows: list[dict], predicted: dict[str, set[Triple]]) -> Report:
    report = Report()
    for row in rows:
        report.add(row["id"], predicted.get(row["id"], set()), gold_triples(row), bool(row["meta"].get("noevents")))
    return report


def run(args: argparse.Namespace) -> int:
    rows = load_rows(args.limit)
    report = score(rows, code_rows(rows))
    if args.json:
        print(json.dumps(report.summary(), indent=2))
        return 0
    if args.show:
        print("\n".join(report.details))
    print(f"{len(rows)} sentences")
    print(report.text())
    return 0
