"""`dyad code`: articles in, one JSON event record per line out (or PLOVER JSON, or a table)."""

from __future__ import annotations

import argparse
import json
import sys

from dyad.commands.common import add_source_arguments, report_skipped
from dyad.ingest.errors import Skipped
from dyad.ingest.readers import read_sources, unique_ids
from dyad.pipeline import Pipeline
from dyad.plover import to_plover
from dyad.records import Event


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("code", help="code articles into event records on stdout")
    add_source_arguments(parser)
    parser.add_argument("--format", choices=["json", "plover", "table"], default="json",
                        help="json: one Dyad record a line; plover: PLOVER JSON a line; table: readable")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    pipeline = Pipeline(actors_file=args.actors)
    skipped_count = 0
    rows: list[Event] = []

    def articles():
        nonlocal skipped_count
        for item in unique_ids(read_sources(args.sources, date=args.date, lang=args.lang, max_bytes=args.max_bytes)):
            if isinstance(item, Skipped):
                skipped_count += 1
                report_skipped(item)
            else:
                yield item

    for coded in pipeline.code(articles()):
        if coded.skipped:
            skipped_count += 1
            report_skipped(coded.skipped)
            continue
        if args.format == "table":
            rows.extend(coded.events)
            continue
        for event in coded.events:
            record = to_plover(event) if args.format == "plover" else event.model_dump(mode="json")
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if args.format == "table":
        print_table(rows)
    return 1 if args.strict and skipped_count else 0


def print_table(events: list[Event]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for column in ("article", "date", "actor", "type", "mode", "recipient", "status", "place", "trigger"):
        table.add_column(column, overflow="fold", no_wrap=column == "article")
    for event in events:
        table.add_row(
            event.article_id, str(event.date or ""), _actor_cell(event.actor), event.event_type, event.mode or "",
            _actor_cell(event.recipient), event.status, event.location.name if event.location else "",
            event.evidence[0].trigger if event.evidence else "", )
    # Piped or under make, rich assumes 80 columns and folds every cell; a wide table reads better.
    width = None if sys.stdout.isatty() else 180
    Console(markup=False, highlight=False, width=width).print(table)


def _actor_cell(actor) -> str:
    parts = [actor.code, actor.sector or "", f"({actor.name})" if actor.name else ""]
    return " ".join(p for p in parts if p)

