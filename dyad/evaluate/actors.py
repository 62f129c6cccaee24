"""`dyad eval actors`: country and sector accuracy of the actor resolver.

Two sets:
- ngec_actor_resolution (English actor phrases, ../shared/gold): each case calls one of NGEC's
  resolution methods; we score the cases whose expectation carries a country (`country`, `cc`)
  and those that carry a non-empty sector (`code_1`). A phrase resolves to the actor of its root
  noun phrase, else to the first mention in it. NGEC writes organisations' codes (UNO, EUR, IGO)
  in its country field, as we do; a case with no country expects none from us. The cases that
  say "today" were written in late 2022: `--today` sets that date.
- our French cases (dyad/actors/data/fr_cases.tsv): short sentences of our own, each naming the
  phrase to resolve, with the expected code, sector and (for organisations) name.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import dateparser

from dyad.actors import ActorResolver, DocActors
from dyad.nlp.models import load
from dyad.paths import gold_dir
from dyad.records import NO_ACTOR_CODE, Actor
from dyad.vocabulary import PRIVATE_CODES

NGEC_METHODS = {"agent_to_code", "short_text_to_agent", "search_nat"}
NGEC_WRITTEN = dt.date(2022, 11, 15)


@dataclass
class Case:
    """One phrase to resolve and what the gold expects of it (None: the gold does not say)."""

    id: str
    text: str
    day: dt.date | None
    country: set[str] | None
    sector: set[str] | None
    name: str | None = None
    target: str | None = None


@dataclass
class Score:
    country_right: int = 0
    country_total: int = 0
    sector_right: int = 0
    sector_total: int = 0
    name_right: int = 0
    name_total: int = 0
    misses: list[str] = field(default_factory=list)

    @staticmethod
    def ratio(right: int, total: int) -> float:
        return right / total if total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"country_accuracy": round(self.ratio(self.country_right, self.country_total), 3),
                "country_cases": self.country_total,
                "sector_accuracy": round(self.ratio(self.sector_right, self.sector_total), 3),
                "sector_cases": self.sector_total,
                "name_accuracy": round(self.ratio(self.name_right, self.name_total), 3),
                "name_cases": self.name_total}


def _expected(value: dict | None) -> set[str] | None:
    if not isinstance(value, dict) or value.get("op") not in ("Eq", "In"):
        return None
    raw = value.get("value")
    values = raw if isinstance(raw, list) else [raw]
    return {str(v) for v in values}


def _day(text: str, today: dt.date) -> dt.date | None:
    """No date given: unknown (a person resolves to their latest office); "today": when written."""
    if not text.strip():
        return None
    if text.strip().lower() == "today":
        return today
    parsed = dateparser.parse(text, languages=["en"])
    return parsed.date() if parsed else None


def ngec_cases(path: Path, today: dt.date) -> Iterator[Case]:
    """The scorable NGEC cases; expected failures (`xfail`) are left out, as NGEC's own suite does."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["meta"].get("xfail"):
                continue
            for gold in row["gold"]:
                if gold["method"] not in NGEC_METHODS:
                    continue
                expect, args = gold["expect"], gold["args"]
                country = _expected(expect.get("country", expect.get("cc")))
                sector = _expected(expect.get("code_1"))
                if sector is not None and sector <= {""}:
                    sector = None
                if country is None and sector is None:
                    continue
                context = args[1] if len(args) > 1 else ""
                day = _day(args[2], today) if len(args) > 2 else None
                text = f"{context} {row['text']}".strip() if context else row["text"].strip()
                yield Case(row["id"], text, day, country, sector)


def french_cases() -> Iterator[Case]:
    text = resources.files("dyad.actors.data").joinpath("fr_cases.tsv").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    for n, row in enumerate(csv.DictReader(lines, delimiter="\t")):
        yield Case(f"fr-{n + 1}", row["text"], dt.date.fromisoformat(row["date"]),
                   {row["code"].replace(NO_ACTOR_CODE, "")}, {row["sector"]} if row["sector"] else None, row["name"] or None, row["target"])


def phrase_actor(doc_actors: DocActors) -> Actor | None:
    """A whole phrase's actor: its root noun phrase's, else the first mention's."""
    doc = doc_actors.doc
    actor = doc_actors.actor_for_span(doc[:], partial=True, subtree=True)
    if actor is None:
        first = min(doc_actors.mentions + doc_actors.partial, key=lambda m: m.start_token, default=None)
        actor = first.actor if first else None
    return actor


def target_actor(doc_actors: DocActors, target: str) -> Actor | None:
    """The actor of the last occurrence of `target` in the text (the cases put it last)."""
    doc = doc_actors.doc
    start = doc.text.rfind(target)
    span = doc.char_span(start, start + len(target), alignment_mode="expand") if start >= 0 else None
    return doc_actors.actor_for_span(span, partial=True) if span is not None else None


def ngec_view(actor: Actor | None) -> tuple[str, str]:
    """(country, sector) as NGEC writes them: no country is "", and NGEC files NGOs and companies
    under the sector, where PLOVER (and we) put them in the code."""
    if actor is None:
        return "", ""
    if actor.code in PRIVATE_CODES:
        return "", actor.sector or actor.code
    return ("" if actor.code == NO_ACTOR_CODE else actor.code), actor.sector or ""


def plover_view(actor: Actor | None) -> tuple[str, str]:
    if actor is None:
        return "", ""
    return ("" if actor.code == NO_ACTOR_CODE else actor.code), actor.sector or ""


def score(cases: list[Case], lang: str, resolver: ActorResolver,
          view: Callable[[Actor | None], tuple[str, str]] = plover_view) -> Score:
    nlp = load(lang)
    result = Score()
    docs = nlp.pipe(case.text for case in cases)
    for case, doc in zip(cases, docs, strict=True):
        doc_actors = resolver.analyse(doc, case.day)
        actor = target_actor(doc_actors, case.target) if case.target else phrase_actor(doc_actors)
        code, sector = view(actor)
        wrong = []
        if case.country is not None:
            result.country_total += 1
            result.country_right += code in case.country
            if code not in case.country:
                wrong.append(f"country {code or '-'} != {'/'.join(sorted(case.country)) or '-'}")
        if case.sector is not None:
            result.sector_total += 1
            result.sector_right += sector in case.sector
            if sector not in case.sector:
                wrong.append(f"sector {sector or '-'} != {'/'.join(sorted(case.sector))}")
        if case.name:
            result.name_total += 1
            result.name_right += bool(actor) and actor.name == case.name
            if not actor or actor.name != case.name:
                wrong.append(f"name {actor.name if actor else None} != {case.name}")
        if wrong:
            result.misses.append(f"{case.id} [{case.target or case.text}] ({case.day}): {'; '.join(wrong)}")
    return result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=dt.date.fromisoformat, default=NGEC_WRITTEN,
                        help=f"date for NGEC cases that say 'today' (default {NGEC_WRITTEN}, when they were written)")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")


def run(args: argparse.Namespace) -> int:
    path = gold_dir() / "ngec_actor_resolution" / "ngec_actor_resolution.jsonl"
    results: dict[str, Score] = {}
    if path.exists():
        cases = list(ngec_cases(path, args.today))[: args.limit]
        results["ngec_actor_resolution"] = score(cases, "en", ActorResolver("en"), ngec_view)
    else:
        print(f"skipping ngec_actor_resolution: {path} is absent")
    results["fr_cases"] = score(list(french_cases())[: args.limit], "fr", ActorResolver("fr"))
    if args.json:
        print(json.dumps({name: s.as_dict() for name, s in results.items()}, indent=2))
    else:
        for name, s in results.items():
            d = s.as_dict()
            names = f"  name {d['name_accuracy']:.3f} ({s.name_right}/{s.name_total})" if s.name_total else ""
            print(f"{name:<24} country {d['country_accuracy']:.3f} ({s.country_right}/{s.country_total})  "
                  f"sector {d['sector_accuracy']:.3f} ({s.sector_right}/{s.sector_total}){names}")
    if args.misses:
        for name, s in results.items():
            print(f"\n{name}: {len(s.misses)} misses")
            print("\n".join(s.misses))
    return 0
