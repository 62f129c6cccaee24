"""`dyad actors`: the most active actors, or with --dyads the most active pairs."""

from __future__ import annotations

import argparse
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

ACTOR_TABLE = (Column("key"), Column("name"), Column("people", rank=2, text=True), Column("as_actor", rank=2),
               Column("as_recipient", rank=2), Column("total"), Column("cooperation", "coop."),
               Column("conflict"))
DYAD_TABLE = (Column("actor_key", "actor"), Column("recipient_key", "recipient"), Column("total"), Column("q1"),
              Column("q2"), Column("q3"), Column("q4"), Column("mean_intensity", "intensity", rank=2),
              Column("num_articles", "articles", rank=2), Column("first_date", "first", rank=2),
              Column("last_date", "last", rank=2))


def register(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_format_argument(parser, ("table", "csv", "jsonl", "parquet"))
    parser.add_argument("--dyads", action="store_true",
                        help="(actor, recipient) pairs instead, among the events the filters keep")
    parser.add_argument("--involving", help="with --dyads: only pairs with this actor on either side")
    parser.add_argument("--limit", type=whole("limit", 1), default=20, help="at most N rows (default 20)")
    add_filter_arguments(parser)
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    from dyad.store import queries
    from dyad.store.connection import reading

    filters = filters_of(args)
    with reading(db_path(args)) as con:
        if args.dyads:
            rows = queries.dyads(con, involving=args.involving, limit=args.limit, **filters)
        else:
            if args.involving or set(filters) - {"since", "until"}:
                print("dyad: without --dyads, actors take --since, --until and --limit only", file=sys.stderr)
                return 2
            rows = queries.actors(con, limit=args.limit, **filters)
    emit(rows, args.format, DYAD_TABLE if args.dyads else ACTOR_TABLE)
    return 0
