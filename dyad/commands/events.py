"""`dyad events`: event records (or merged events) from the store, filtered."""

from __future__ import annotations

import argparse
import json
import sys

from dyad.commands.options import (
    add_db_argument,
    add_filter_arguments,
    add_format_argument,
    db_path,
    filters_of,
    needs_store,
    whole,
)
from dyad.commands.output import Column, emit

FORMATS = ("table", "csv", "jsonl", "parquet", "json")
RECORD_TABLE = (Column("event_id", "id", rank=2), Column("date", precision="date_precision"),
                Column("actor_key", "actor"), Column("event_type", "type"), Column("mode", rank=2),
                Column("recipient_key", "recipient"), Column("status"), Column("place_name", "place", rank=2),
                Column("confidence", "conf.", rank=2), Column("sentence", "evidence", text=True))
MERGED_TABLE = (Column("merged_id", "id", rank=2), Column("date", precision="date_precision"),
                Column("actor_key", "actor"), Column("event_type", "type"), Column("recipient_key", "recipient"),
                Column("status"), Column("place_name", "place", rank=2), Column("num_articles", "articles", rank=2),
                Column("num_sources", "sources", rank=2), Column("sentence", "evidence", text=True))
TABLE_LIMIT = 50
RECORD_ORDERS = ("date", "-date", "confidence", "-confidence")
MERGED_ORDERS = ("date", "-date", "articles", "-articles")


def register(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_filter_arguments(parser)
    add_format_argument(parser, FORMATS)
    parser.epilog = ("csv, jsonl and parquet give every column (the columns of `dyad export`); json gives each "
                     "record as `dyad code` prints it; parquet goes to a redirected standard output")
    parser.add_argument("--merged", action="store_true",
                        help="one row per real-world event (merged across articles) instead of per record")
    parser.add_argument("--order", choices=sorted({*RECORD_ORDERS, *MERGED_ORDERS}), default="date",
                        help=f"records: {', '.join(RECORD_ORDERS)}; merged: {', '.join(MERGED_ORDERS)}")
    parser.add_argument("--limit", type=whole("limit", 1), default=None,
                        help=f"at most N rows (default: all; {TABLE_LIMIT} for --format table)")
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    from dyad.store import queries
    from dyad.store.connection import reading

    if args.format == "parquet" and sys.stdout.isatty():
        print("dyad: parquet is binary: redirect the output (> events.parquet)", file=sys.stderr)
        return 2
    if args.merged and args.format == "json":
        print("dyad: --format json gives records as `dyad code` prints them; merged events have csv, jsonl, "
              "parquet or table", file=sys.stderr)
        return 2
    filters = filters_of(args)
    limit = args.limit if args.limit is not None else (TABLE_LIMIT if args.format == "table" else None)
    with reading(db_path(args)) as con:
        if args.format == "json":
            for record in queries.event_records(con, limit=limit, order=args.order, **filters):
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
            return 0
        if args.merged:
            rows = queries.merged_events(con, limit=limit, order=args.order, **filters)
            total = queries.count_merged(con, **filters) if args.format == "table" else len(rows)
        else:
            rows = queries.events(con, limit=limit, order=args.order, **filters)
            total = queries.count_events(con, **filters) if args.format == "table" else len(rows)
    emit(rows, args.format, MERGED_TABLE if args.merged else RECORD_TABLE)
    if args.format == "table" and total > len(rows):
        print(f"{len(rows)} of {total} shown (--limit N for more)", file=sys.stderr)
    return 0
