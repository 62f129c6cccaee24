"""`dyad eval doc`: document-level (actor, type, recipient) P/R/F1 on gold/dyad_dev, or on any
label file in the format of `data/labels/` (`--labels FILE`, `--split test|dev|train`).

Each gold article is joined on `id` with its source text, run through the full Pipeline, and scored as
the set of (actor key, type, recipient key) tuples it yields (the key rules are in
gold/dyad_dev/README.md); the status-aware score adds `status` to the tuple. Micro-averaged, per
language and overall, with a per-type table.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from dyad import labels
from dyad.evaluate.common import Table, parse_cached, read_articles, read_jsonl
from dyad.paths import corpus_path, gold_dir, shared_dir
from dyad.pipeline import Pipeline
from dyad.records import Article, Event

NAMED_CODES = {"IGO", "ISM"}
Tuple3 = tuple[str, str, str]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache", type=Path, default=None, help="keep parsed articles here (spaCy DocBin)")
    parser.add_argument("--lang", choices=["fr", "en"], default=None, help="score one language only")
    parser.add_argument("--show", action="store_true", help="print each article's missed and spurious tuples")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--labels", type=Path, nargs="+", default=None,
                        help="score against these label files (data/labels format) instead of dyad_dev")
    parser.add_argument("--coder", choices=["learned", "rules"], default="learned",
                        help="the learned coder (default) or the hand-written rules alone")
    parser.add_argument("--split", choices=["train", "dev", "test"], default=None,
                        help="only the articles of this split of data/labels/splits.json "
                             "(with no --labels: the project's own label files)")
    parser.add_argument("--prefilter", action="store_true",
                        help="code as `dyad code` does, through the prefilter that parses only the sentences "
                             "that may hold an event (no parse cache): compare with a run without it for the "
                             "recall the prefilter costs")


def run(args: argparse.Namespace) -> int:
    if args.labels or args.split:
        gold = load_labelled(args.labels, args.split, lang=args.lang, limit=args.limit)
    else:
        gold = load_gold(limit=args.limit, lang=args.lang)
    predicted = code_articles(gold, args.cache, args.coder, args.prefilter)
    report = score(gold, predicted)
    if args.json:
        print(json.dumps(report.summary(), indent=2))
        return 0
    if args.show:
        for line in report.details:
            print(line)
    print(report.text())
    return 0


def load_gold(limit: int | None = None, lang: str | None = None) -> list[dict]:
    rows = [r for r in read_jsonl(gold_dir() / "dyad_dev" / "dyad_dev.jsonl") if lang is None or r["lang"] == lang]
    return rows[:limit] if limit else rows


def load_labelled(paths: list[Path] | None, split: str | None, lang: str | None = None,
                  limit: int | None = None) -> list[dict]:
    """Label-file articles as gold rows (their events carry codes and names, as dyad_dev's do)."""
    rows = [article.model_dump() for path in (paths or labels.label_files_of_project())
            for article in labels.read_labels(path)]
    if split is not None:
        chosen = labels.split_ids(split)
        rows = [row for row in rows if row["id"] in chosen]
    rows = [row for row in rows if lang is None or row["lang"] == lang]
    return rows[:limit] if limit else rows


def code_articles(gold: list[dict], cache_dir: Path | None, coder: str = "learned",
                  prefilter: bool = False) -> dict[str, list[Event]]:
    """Events per gold article id, from its source text through the pipeline's stages: each article
    parsed whole (and cached), or, with `prefilter`, exactly as `dyad code` parses it."""
    articles: dict[str, Article] = {}
    for source in {row.get("source", "corpus") for row in gold}:
        path = corpus_path() if source == "corpus" else shared_dir() / labels.SOURCES[source]
        articles |= read_articles(path, {row["id"] for row in gold if row.get("source", "corpus") == source})
    pipeline = Pipeline(coder=coder, prefilter=prefilter)
    events: dict[str, list[Event]] = {}
    for lang in ("fr", "en"):
        chosen = [articles[r["id"]] for r in gold if r["id"] in articles and r["lang"] == lang]
        chosen = [a.model_copy(update={"lang": lang}) for a in chosen]
        if prefilter:
            events |= {coded.article.id: coded.events for coded in pipeline.code(chosen)}
            continue
        for article, doc in zip(chosen, parse_cached(chosen, lang, cache_dir), strict=True):
            events[article.id] = pipeline.code_doc(doc, article)
    return events


@cache
def _aliases() -> dict[str, str]:
    text = resources.files("dyad.evaluate").joinpath("org_aliases.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def party_key(party: dict | None) -> str:
    """ISO3 or organisation code; IGO and ISM add their usual English acronym."""
    code = (party or {}).get("code") or "-"
    if code in NAMED_CODES and (party or {}).get("name"):
        name = "".join(ch for ch in party["name"].upper() if ch.isalnum())
        return f"{code}:{_aliases().get(name, name)}"
    return code


def gold_tuples(row: dict, with_status: bool) -> set[tuple]:
    return {_tuple(e["actor"], e["event_type"], e.get("recipient"), e.get("status", "occurred"), with_status)
            for e in row["events"]}


def predicted_tuples(events: Iterable[Event], with_status: bool) -> set[tuple]:
    return {_tuple(e.actor.model_dump(), e.event_type, e.recipient.model_dump(), e.status, with_status)
            for e in events}


def _tuple(actor: dict, event_type: str, recipient: dict | None, status: str, with_status: bool) -> tuple:
    base: Tuple3 = (party_key(actor), event_type, party_key(recipient))
    return (*base, status) if with_status else base


class Report:
    def __init__(self) -> None:
        self.by_lang = Table()
        self.by_lang_status = Table()
        self.by_type = Table()
        self.details: list[str] = []

    def add(self, row: dict, events: list[Event]) -> None:
        gold, predicted = gold_tuples(row, False), predicted_tuples(events, False)
        self.by_lang.row(row["lang"]).add(predicted, gold)
        self.by_lang_status.row(row["lang"]).add(predicted_tuples(events, True), gold_tuples(row, True))
        for event_type in {t[1] for t in gold | predicted}:
            self.by_type.row(event_type).add({t for t in predicted if t[1] == event_type},
                                             {t for t in gold if t[1] == event_type})
        self.details.append(f"== {row['id']} ({row['lang']})")
        self.details += [f"   ok   {t}" for t in sorted(gold & predicted)]
        self.details += [f"   miss {t}" for t in sorted(gold - predicted)]
        self.details += [f"   extra {t}" for t in sorted(predicted - gold)]

    def summary(self) -> dict:
        return {"by_language": {str(k): v.as_dict() for k, v in self.by_lang.rows.items()}
                | {"all": self.by_lang.total().as_dict()},
                "status_aware": {str(k): v.as_dict() for k, v in self.by_lang_status.rows.items()}
                | {"all": self.by_lang_status.total().as_dict()},
                "by_type": {str(k): v.as_dict() for k, v in self.by_type.rows.items()}}

    def text(self) -> str:
        return "\n\n".join([self.by_lang.format("(actor,type,recipient)"),
                            self.by_lang_status.format("status-aware"),
                            self.by_type.format("type")])


def score(gold: list[dict], predicted: dict[str, list[Event]]) -> Report:
    report = Report()
    for row in gold:
        report.add(row, predicted.get(row["id"], []))
    return report
