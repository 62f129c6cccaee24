"""`dyad pledges`: promised events and whether they were kept: fulfilled, no fulfilment found yet
(pending), or lapsed (the deadline passed and the store holds no fulfilment)."""

from __future__ import annotations

import argparse

from dyad.commands.options import add_db_argument, add_format_argument, checked, day, db_path, needs_store
from dyad.commands.output import Column, emit
from dyad.store import filters as check

TABLE = (Column("state_label", "state"), Column("announced"), Column("actor_key", "actor"),
         Column("event_type", "type"), Column("recipient_key", "recipient"), Column("contexts", rank=2),
         Column("deadline", rank=2), Column("fulfilled_date", "fulfilled", rank=2),
         Column("delay_days", "delay", rank=2), Column("num_articles", "articles", rank=2),
         Column("sentence", "evidence", text=True))


def register(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_format_argument(parser, ("table", "csv", "jsonl", "parquet"))
    parser.add_argument("--state", type=checked(check.pledge_state), metavar="STATE",
                        help="pending (no fulfilment found yet), fulfilled or lapsed (none found by the deadline)")
    parser.add_argument("--actor", help="actor code, key or name")
    parser.add_argument("--recipient", help="recipient code, key or name")
    parser.add_argument("--type", type=checked(check.event_type), metavar="TYPE",
                        help="PLOVER type (AID, COOPERATE, CONSULT, ...)")
    parser.add_argument("--as-of", type=day("as_of", end=True),
                        help="judge lapses on this day (default: the newest article in the store)")
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    from dyad.store import queries
    from dyad.store.connection import reading

    with reading(db_path(args)) as con:
        rows = queries.pledges(con, state=args.state, actor=args.actor, recipient=args.recipient, type=args.type,
                               as_of=args.as_of)
    emit(rows, args.format, TABLE)
    return 0
