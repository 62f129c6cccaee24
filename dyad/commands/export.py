"""`dyad export --format plover|csv|parquet|gdelt OUT`: the store, or what the filters keep of it,
in exchange formats."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dyad.commands.options import add_db_argument, add_filter_arguments, db_path, filters_of, needs_store

FORMATS = ("plover", "csv", "parquet", "gdelt")


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="a file for plover and csv; a folder for parquet and gdelt "
                                               "(new, empty, or an earlier export of the same format, replaced whole)")
    add_db_argument(parser)
    parser.add_argument("--format", choices=FORMATS, required=True,
                        help="plover: JSONL; csv: one row per record, the columns of `dyad events --format csv`; "
                             "parquet: folder partitioned by month; gdelt: folder with events.csv and mentions.csv "
                             "(tab-separated)")
    parser.add_argument("--merged", action="store_true", help="csv: merged events instead of records")
    add_filter_arguments(parser)
    parser.set_defaults(func=needs_store(run))


def run(args: argparse.Namespace) -> int:
    from dyad.store.connection import reading
    from dyad.store.export import ExportRefused, export

    if args.merged and args.format != "csv":
        print("dyad: --merged is for --format csv (parquet and gdelt hold merged events already)", file=sys.stderr)
        return 2
    with reading(db_path(args)) as con:
        try:
            counts = export(con, args.format, args.out, merged=args.merged, **filters_of(args))
        except ExportRefused as refused:
            print(f"dyad: cannot export to {args.out}: {refused}", file=sys.stderr)
            return 2
        except OSError as failed:
            print(f"dyad: export to {args.out} failed, nothing written: {failed.strerror or failed}", file=sys.stderr)
            return 2
    print(", ".join(f"{n} {table}" for table, n in counts.items()) + f" written to {args.out}")
    return 0
