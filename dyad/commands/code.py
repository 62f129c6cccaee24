"""`dyad code`: articles in, one JSON event record per line out (or PLOVER JSON, or a table)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from dyad.commands.common import add_source_arguments, report_skipped
from dyad.commands.output import Column, print_table

if TYPE_CHECKING:
    from dyad.records import Actor, Event

TABLE = (Column("article", rank=2), Column("date", precision="date_precision"), Column("actor"),
         Column("actor_name", "actor name", rank=2), Column("type"), Column("mode", rank=2), Column("recipient"),
         Column("recipient_name", "recipient name", rank=2), Column("status"), Column("place", rank=2),
         Column("trigger", text=True))


def register(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser)
    parser.add_argument("--format", choices=["json", "plover", "table"], default="json",
                        help="json: one Dyad record a line; plover: PLOVER JSON a line; table: readable")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dyad.ingest.errors import Skipped
    from dyad.ingest.readers import read_sources, unique_ids
    from dyad.pipeline import Pipeline
    from dyad.plover import to_plover

    pipeline = Pipeline(actors_file=args.actors)
    skipped_count = 0
    rows: list[dict[str, Any]] = []

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
            rows.extend(table_row(event) for event in coded.events)
            continue
        for index, event in enumerate(coded.events):
            # The id the store gives the record (`dyad ingest`): article id and position.
            record = (to_plover(event, event_id=f"{event.article_id}:{index}", story_date=coded.article.date)
                      if args.format == "plover" else event.model_dump(mode="json"))
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if args.format == "table":
        print_table(rows, TABLE)
    return 1 if args.strict and skipped_count else 0


def table_row(event: Event) -> dict[str, Any]:
    return {"article": event.article_id, "date": event.date, "date_precision": event.date_precision,
            "actor": _code_and_sector(event.actor), "actor_name": event.actor.name, "type": event.event_type,
            "mode": event.mode, "recipient": _code_and_sector(event.recipient), "recipient_name": event.recipient.name,
            "status": event.status, "place": event.location.name if event.location else None,
            "trigger": event.evidence[0].trigger if event.evidence else None}


def _code_and_sector(actor: Actor) -> str:
    return f"{actor.code} {actor.sector}" if actor.sector else actor.code
