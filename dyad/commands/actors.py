"""`dyad actors`: the most active actors, or with --dyads the most active pairs."""

from __future__ import annotations

import argparse

from dyad.store import queries
from dyad.store.connection import reading
from dyad.store.output import add_db_argument, add_format_argument, db_path, emit, needs_store

ACTOR_COLUMNS = ("key", "name", "as_actor", "as_recipient", "total", "cooperation", "conflict")
DYAD_COLUMNS = ("actor_key", "recipient_key", "total", "q1", "q2", "q3", "q4", "mean_intensity", "num_articles",
                "first_date", "last_date")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("actors", help="most active actors and dyads in the store")
    add_db_argument(parser)
    add_format_argument(parser)
    parser.add_argument("--dyads", action="store_true", help="list (actor, recipient) pairs instead")
    parser.add_argument("--actor", help="with --dyads: only pairs that include this actor")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--since", help="first day (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--until", help="last day")
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    with reading(db_path(args)) as con:
        if args.dyads:
            rows = queries.dyads(con, actor=args.actor, limit=args.limit, since=args.since, until=args.until)
        else:
            rows = queries.actors(con, limit=args.limit, since=args.since, until=args.until)
    emit(rows, args.format, DYAD_COLUMNS if args.dyads else ACTOR_COLUMNS)
    return 0
