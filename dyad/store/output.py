"""Output of the store's CLI verbs: `--db`, and rows as a table, JSON lines or CSV on stdout."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dyad.store.connection import StoreMissing, default_db_path

FORMATS = ("table", "jsonl", "csv")


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="store file (default: $DYAD_DB, else ./dyad.duckdb)")


def db_path(args: argparse.Namespace) -> Path:
    return args.db if args.db is not None else default_db_path()


def add_format_argument(parser: argparse.ArgumentParser, default: str = "table") -> None:
    parser.add_argument("--format", choices=FORMATS, default=default, help=f"output format (default {default})")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, set):
        return sorted(value)
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(_plain(value))


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, *, title: str | None = None) -> None:
    """Write rows to stdout; `columns` picks and orders columns for table and CSV (all for JSON lines)."""
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False, default=str) + "\n")
        return
    names = list(columns) if columns else (list(rows[0]) if rows else [])
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(row.get(name)) for name in names])
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for name in names:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(name)) for name in names))
    Console(markup=False, highlight=False).print(table)


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The event filters of dyad.store.queries, as options."""
    parser.add_argument("--actor", help="actor code (RUS), key (IGO:ECOWAS) or name")
    parser.add_argument("--recipient", help="recipient code, key or name")
    parser.add_argument("--type", help="PLOVER event type (ASSAULT, AID, ...)")
    parser.add_argument("--status", choices=["occurred", "intended", "negated"])
    parser.add_argument("--quad", type=int, choices=[1, 2, 3, 4], help="quad class")
    parser.add_argument("--country", help="ISO3 of the event's place")
    parser.add_argument("--place", help="part of the place name or region")
    parser.add_argument("--since", help="first day (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--until", help="last day (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--q", help="free text in the evidence, the actors' words or the place")


FILTER_NAMES = ("actor", "recipient", "type", "status", "quad", "country", "place", "since", "until", "q")


def filters_of(args: argparse.Namespace) -> dict[str, Any]:
    return {name: getattr(args, name) for name in FILTER_NAMES if getattr(args, name, None) not in (None, "")}


def needs_store(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A verb handler that answers a missing store with one line and status 2, not a traceback."""
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except StoreMissing as missing:
            print(f"dyad: {missing}", file=sys.stderr)
            return 2
    return run
