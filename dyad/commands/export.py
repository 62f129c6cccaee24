"""`dyad export --format plover|csv|parquet|gdelt OUT`: the store in exchange formats."""

from __future__ import annotations

import argparse
from pathlib import Path

from dyad.store.connection import reading
from dyad.store.export import FORMATS, export
from dyad.store.output import add_db_argument, db_path, needs_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="export the store (PLOVER JSONL, CSV, Parquet, GDELT-style)")
    parser.add_argument("out", type=Path, help="a file for plover and csv; a folder for parquet and gdelt")
    add_db_argument(parser)
    parser.add_argument("--format", choices=FORMATS, required=True,
                        help="plover: JSONL; csv: one row per record; parquet: folder partitioned by month; "
                             "gdelt: folder with events.csv and mentions.csv (tab-separated)")
    parser.add_argument("--merged", action="store_true", help="csv: merged events instead of records")
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    with reading(db_path(args)) as con:
        counts = export(con, args.format, args.out, merged=args.merged)
    print(", ".join(f"{n} {table}" for table, n in counts.items()) + f" written to {args.out}")
    return 0
