"""`dyad events`: event records (or merged events) from the store, filtered."""

from __future__ import annotations

import argparse
import json
import sys

from dyad.store import queries
from dyad.store.connection import reading
from dyad.store.output import (
    add_db_argument,
    add_filter_arguments,
    add_format_argument,
    db_path,
    emit,
    filters_of,
    needs_store,
)

RECORD_COLUMNS = ("event_id", "day", "actor_key", "event_type", "mode", "recipient_key", "status", "place_name",
                  "confidence", "sentence")
MERGED_COLUMNS = ("merged_id", "date", "actor_key", "event_type", "recipient_key", "status", "place_name",
                  "num_articles", "num_sources", "first_seen", "last_seen", "sentence")
TABLE_LIMIT = 50


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("events", help="list events from the store")
    add_db_argument(parser)
    add_filter_arguments(parser)
    add_format_argument(parser)
    parser.add_argument("--merged", action="store_true",
                        help="one row per real-world event (merged across articles) instead of per record")
    parser.add_argument("--order", choices=sorted(queries.EVENT_ORDERS), default="date")
    parser.add_argument("--limit", type=int, default=None,
                        help=f"at most N rows (default: all; {TABLE_LIMIT} for --format table)")
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    filters = filters_of(args)
    limit = args.limit if args.limit is not None else (TABLE_LIMIT if args.format == "table" else None)
    with reading(db_path(args)) as con:
        if args.merged:
            rows = queries.merged_events(con, limit=limit, order=args.order, **filters)
            total = queries.count_merged(con, **filters)
        elif args.format == "jsonl":
            for record in queries.event_records(con, limit=limit, order=args.order, **filters):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            return 0
        else:
            rows = queries.events(con, limit=limit, order=args.order, **filters)
            total = queries.count_events(con, **filters)
    emit(rows, args.format, MERGED_COLUMNS if args.merged else RECORD_COLUMNS)
    if args.format == "table" and total > len(rows):
        print(f"{len(rows)} of {total} shown (--limit N for more)", file=sys.stderr)
    return 0
