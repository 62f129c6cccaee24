"""`dyad pledges`: promised events and whether they were kept (pending, fulfilled, lapsed)."""

from __future__ import annotations

import argparse

from dyad.store import queries
from dyad.store.connection import reading
from dyad.store.output import add_db_argument, add_format_argument, db_path, emit, needs_store

COLUMNS = ("state", "announced", "actor_key", "event_type", "recipient_key", "contexts", "deadline",
           "fulfilled_date", "delay_days", "num_articles", "sentence")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("pledges", help="pledges (intended events) and their fulfilment")
    add_db_argument(parser)
    add_format_argument(parser)
    parser.add_argument("--state", choices=["pending", "fulfilled", "lapsed"])
    parser.add_argument("--actor", help="actor code, key or name")
    parser.add_argument("--recipient", help="recipient code, key or name")
    parser.add_argument("--type", help="PLOVER type (AID, COOPERATE, CONSULT, ...)")
    parser.add_argument("--as-of", help="judge lapses on this day (default: the newest article in the store)")
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    with reading(db_path(args)) as con:
        rows = queries.pledges(con, state=args.state, actor=args.actor, recipient=args.recipient, type=args.type,
                               as_of=args.as_of)
    emit(rows, args.format, COLUMNS)
    return 0
