"""`dyad eval stages`: the learned coder scored stage by stage on a split of the labelled set
(default dev; the locked test split only when a change is finished): triggers (precision and recall
of the words that yield an event, and the share of labelled triggers among the candidates), roles
given the trigger, type given the pair, and the document-level (actor, type, recipient) score."""

from __future__ import annotations

import argparse
import json

from dyad import labels


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--split", choices=["train", "dev", "test"], default="dev")
    parser.add_argument("--lang", choices=["fr", "en"], nargs="+", default=["fr", "en"])


def run(args: argparse.Namespace) -> int:
    from dyad.events.learned.coder import thresholds
    from dyad.events.learned.training import doc_scores, prepare, read_split, stage_scores

    report = {}
    for lang in args.lang:
        rows = read_split(labels.label_files_of_project(), lang, args.split)[: args.limit]
        items = prepare(rows, lang)
        report[lang] = stage_scores(items, lang) | {
            "articles": len(items), "document": doc_scores(items, lang, thresholds(lang)).total().as_dict()}
    print(json.dumps(report, indent=1))
    return 0
