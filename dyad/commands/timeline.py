"""`dyad timeline ACTOR RECIPIENT`: a relation over time, counted once per real-world event."""

from __future__ import annotations

import argparse

from dyad.store import queries
from dyad.store.connection import reading
from dyad.store.output import add_db_argument, add_format_argument, db_path, emit, needs_store

COLUMNS = ("period", "direction", "q1", "q2", "q3", "q4", "total", "mean_intensity", "num_articles")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("timeline", help="merged events between two actors per week or month")
    parser.add_argument("actor", help="actor code, key or name (RUS, IGO:ECOWAS, Lavrov)")
    parser.add_argument("recipient", help="the other side")
    add_db_argument(parser)
    add_format_argument(parser)
    parser.add_argument("--by", choices=queries.PERIODS, default="month")
    parser.add_argument("--one-way", action="store_true", help="only ACTOR -> RECIPIENT")
    parser.add_argument("--since", help="first day (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--until", help="last day")
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    with reading(db_path(args)) as con:
        rows = queries.timeline(con, args.actor, args.recipient, by=args.by, both=not args.one_way,
                                since=args.since, until=args.until)
    emit(rows, args.format, COLUMNS,
         title=f"{args.actor} <-> {args.recipient} by {args.by} (q1 verbal coop, q2 material coop, "
               "q3 verbal conflict, q4 material conflict)")
    return 0
