"""`dyad eval SET`: score the coder on one gold set of ../shared/gold. Each scorer lives in
dyad/evaluate/<set>.py with `add_arguments(parser)` and `run(args) -> int`."""

from __future__ import annotations

import argparse
import importlib

SCORERS = {
    "doc": "document-level (actor, type, recipient) P/R/F1 on dyad_dev, plus status-aware",
    "stages": "the learned coder stage by stage on a split of the labelled set (triggers, roles, types)",
    "plv": "PLOVER type of each marked pair in plv_train (5-fold CV for trained parts)",
    "petrarch": "petrarch2_gsr_validation through CAMEO->PLOVER",
    "actors": "country and sector accuracy on ngec_actor_resolution and our French cases",
    "time": "DATE value accuracy on fr_timebank",
    "geo": "toponyms resolved within 161 km on geowebnews",
    "fields": "date, place and counts of events matched to the labelled set's (--split dev|test)",
    "merge": "merge decision P/R on hand-checked corpus article pairs (tests/data/merge_pairs.tsv)",
}


def register(parser: argparse.ArgumentParser) -> None:
    sets = parser.add_subparsers(dest="gold_set", required=True, metavar="SET")
    for name, help_text in SCORERS.items():
        try:
            module = importlib.import_module(f"dyad.evaluate.{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"dyad.evaluate.{name}":
                raise
            continue
        sub = sets.add_parser(name, help=help_text)
        sub.add_argument("--limit", type=int, default=None, help="score only the first N items")
        module.add_arguments(sub)
        sub.set_defaults(func=module.run)
