"""The `dyad` command: one verb per job. Each verb lives in dyad/commands/<verb>.py and exposes
`register(subparsers)`, which adds its parser and sets `func(args) -> int` as the handler."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

VERBS = ("code", "ingest", "events", "timeline", "actors", "pledges", "export", "serve", "eval")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dyad", description="Political event data from French and English news.")
    subparsers = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb in VERBS:
        try:
            module = importlib.import_module(f"dyad.commands.{verb}")
        except ModuleNotFoundError as missing:
            if missing.name != f"dyad.commands.{verb}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="dyad: %(message)s")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
