"""`dyad timeline ACTOR RECIPIENT`: a relation over time, counted once per real-world event."""

from __future__ import annotations

import argparse

from dyad.commands.options import add_db_argument, add_format_argument, add_window_arguments, db_path, needs_store
from dyad.commands.output import Column, emit
from dyad.store.filters import PERIODS

TABLE = (Column("direction"), Column("q1"), Column("q2"), Column("q3"), Column("q4"),
         Column("total"), Column("mean_intensity", "intensity"), Column("num_articles", "articles"))
PERIOD_PRECISION = {"week": "day", "month": "month", "year": "year"}


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("actor", help="actor code, key or name (RUS, IGO:ECOWAS, Mali, CEDEAO, Lavrov)")
    parser.add_argument("recipient", help="the other side")
    add_db_argument(parser)
    add_format_argument(parser, ("table", "csv", "jsonl", "parquet"))
    parser.add_argument("--by", choices=PERIODS, default="month")
    parser.add_argument("--one-way", action="store_true", help="only ACTOR -> RECIPIENT")
    add_window_arguments(parser)
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    from dyad.store import queries
    from dyad.store.connection import reading

    with reading(db_path(args)) as con:
        rows = queries.timeline(con, args.actor, args.recipient, by=args.by, both=not args.one_way,
                                since=args.since, until=args.until)
    emit(rows, args.format, (Column("period", precision=PERIOD_PRECISION[args.by]), *TABLE),
         title=f"{args.actor} <-> {args.recipient} by {args.by}: q1 verbal cooperation, q2 material cooperation, "
               "q3 verbal conflict, q4 material conflict; empty periods count 0")
    return 0
