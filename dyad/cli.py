"""The `dyad` command: one verb per job. Each verb lives in dyad/commands/<verb>.py and exposes
`register(parser)`, which adds its options to the verb's parser and sets `func(args) -> int` as the
handler. Only the module of the verb being run is imported, so `dyad --help` and the store's
queries never wait for spaCy, pandas or the web stack."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from dyad.ingest.errors import printable
from dyad.store.errors import StoreError

VERBS = {
    "code": "code articles into event records on stdout",
    "ingest": "code articles into the store (each article once)",
    "events": "list events from the store",
    "timeline": "merged events between two actors per week, month or year",
    "actors": "most active actors and dyads in the store",
    "pledges": "pledges (intended events) and their fulfilment",
    "export": "export the store (PLOVER JSONL, CSV, Parquet, GDELT-style)",
    "serve": "serve the dashboard and the JSON API over a store",
    "eval": "score Dyad on the gold sets in ../shared/gold",
    "train": "rebuild the learned coder's models from labelled articles",
}


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser for `argv`: every verb is listed, and the one `argv` names is given its options."""
    parser = argparse.ArgumentParser(prog="dyad", description="Political event data from French and English news.")
    subparsers = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    chosen = argv[0] if argv else None
    for verb, help_text in VERBS.items():
        verb_parser = subparsers.add_parser(verb, help=help_text, description=help_text)
        if verb == chosen:
            importlib.import_module(f"dyad.commands.{verb}").register(verb_parser)
    return parser


class OneLineFormatter(logging.Formatter):
    """Each warning as one line of printable text: a file name or an id quoted in a message (or in a
    library's message) cannot forge lines, colours or right-to-left runs on the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter("dyad: %(message)s"))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])


def main(argv: list[str] | None = None) -> int:
    _log_to_stderr()
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    try:
        return args.func(args)
    except StoreError as error:
        print(f"dyad: {printable(str(error))}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
