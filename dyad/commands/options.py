"""Options of the verbs that read the store (`events`, `timeline`, `actors`, `pledges`, `export`),
each checked as it is parsed by dyad.store.filters, so `--type ATTACK` or `--since 2023-13` end
with a usage line, a message naming what is accepted, and status 2. Actor names need the store
to resolve; `needs_store` turns what the query then refuses into the same message and status.

Only the standard library and dyad.store.filters are imported here: `dyad --help` must not wait
for DuckDB, pandas or spaCy.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dyad.store import filters as check

FILTER_NAMES = ("actor", "recipient", "type", "status", "quad", "country", "place", "since", "until", "q")


def checked(parse: Callable[[str], Any]) -> Callable[[str], Any]:
    """An argparse `type` from a dyad.store.filters check: its message becomes argparse's."""
    def convert(value: str) -> Any:
        try:
            return parse(value)
        except check.InvalidFilter as invalid:
            raise argparse.ArgumentTypeError(invalid.message) from None
    convert.__name__ = parse.__name__
    return convert


def day(name: str, *, end: bool = False) -> Callable[[str], str]:
    """A since/until option: checked to name a real year, month or day, kept as written."""
    def parse(value: str) -> str:
        check.bound(name, value, end=end)
        return value
    return checked(parse)


def whole(name: str, least: int) -> Callable[[str], int]:
    return checked(lambda value: check.whole(name, value, least=least))


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="store file (default: $DYAD_DB, else ./dyad.duckdb)")


def db_path(args: argparse.Namespace) -> Path:
    from dyad.store.connection import default_db_path

    return args.db if args.db is not None else default_db_path()


def add_format_argument(parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("table", "jsonl", "csv"),
                        default: str = "table") -> None:
    parser.add_argument("--format", choices=formats, default=default, help=f"output format (default {default})")


def add_window_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=day("since"), help="first day (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--until", type=day("until", end=True), help="last day (YYYY, YYYY-MM or YYYY-MM-DD)")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The event filters of dyad.store.queries, as options."""
    parser.add_argument("--actor", help="actor code (RUS), key (IGO:ECOWAS) or name (Mali, CEDEAO, Lavrov)")
    parser.add_argument("--recipient", help="recipient code, key or name")
    parser.add_argument("--type", type=checked(check.event_type), metavar="TYPE",
                        help=f"PLOVER event type: {', '.join(check.EVENT_TYPES)}")
    parser.add_argument("--status", type=checked(check.status), metavar="STATUS",
                        help=f"{', '.join(check.STATUSES)}")
    parser.add_argument("--quad", type=checked(check.quad), metavar="1-4",
                        help="quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                             "4 material conflict")
    parser.add_argument("--country", type=checked(check.country), help="ISO3 of the event's place")
    parser.add_argument("--place", help="part of the place name or region")
    add_window_arguments(parser)
    parser.add_argument("--q", help="free text in the evidence, the actors' words or the place")


def filters_of(args: argparse.Namespace) -> dict[str, Any]:
    return {name: getattr(args, name) for name in FILTER_NAMES if getattr(args, name, None) not in (None, "")}


def needs_store(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A verb handler that answers a missing store, or a filter the store cannot resolve (an
    unknown actor), with one line and status 2, not a traceback."""
    def run(args: argparse.Namespace) -> int:
        from dyad.store.connection import StoreMissing

        try:
            return handler(args)
        except (StoreMissing, check.InvalidFilter) as problem:
            print(f"dyad: {problem}", file=sys.stderr)
            return 2
    return run
