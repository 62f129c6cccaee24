"""Options and output shared by the verbs that read sources (`code`, `ingest`)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from dyad.ingest.errors import Skipped
from dyad.ingest.readers import DEFAULT_MAX_BYTES


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from error


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from error
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
    return number


def seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from error
    if not 0 <= number < float("inf"):
        raise argparse.ArgumentTypeError(f"must be 0 or more seconds: {value!r}")
    return number


def add_source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="*", default=["-"],
                        help="JSONL, .txt, HTML or RSS/Atom files, folders of them, or - for standard input")
    parser.add_argument("--lang", choices=["fr", "en"], help="language of bare text (else detected)")
    parser.add_argument("--date", type=iso_date, help="publication date for bare text (YYYY-MM-DD)")
    parser.add_argument("--actors", type=Path, help="your own actor table (YAML) to add or correct actors")
    parser.add_argument("--max-bytes", type=positive_int, default=DEFAULT_MAX_BYTES,
                        help=f"skip articles whose text is larger (default {DEFAULT_MAX_BYTES})")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if any input was skipped")


def report_skipped(skipped: Skipped) -> None:
    print(f"dyad: {skipped}", file=sys.stderr)
