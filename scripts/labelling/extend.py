"""Add articles to the labelled set's train split, never to dev or test: the next most political
articles of a pool that no one has labelled yet. The locked dev and test splits are unchanged.

Usage: extend.py NAME --fr N --en N [--batch-size 30] [--batches /work/labelling/batches.json]
                  [--raw /work/labelling/raw]

Writes the chosen ids into data/labels/splits.json (their split: train; `added_later` says when and
why) and the labellers' batches into the batches file (frNN, enNN numbered after the last batch).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from sample import english_score, political_score, ranked_rows

SPLITS = Path("data/labels/splits.json")


def unlabelled(source: str, known: frozenset[str], count: int, key) -> list[str]:
    return [r["id"] for r in ranked_rows(source, key, leave_out=known)[:count]]


def next_number(names: set[str], lang: str) -> int:
    numbers = [int(m.group(1)) for name in names if (m := re.fullmatch(rf"{lang}(\d+)", name))]
    return max(numbers, default=0) + 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("name", help="what this addition is called in splits.json")
    parser.add_argument("--fr", type=int, default=0)
    parser.add_argument("--en", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=30)
    parser.add_argument("--batches", type=Path, default=Path("/work/labelling/batches.json"))
    parser.add_argument("--raw", type=Path, default=Path("/work/labelling/raw"),
                        help="labellers' batch files: a new batch never takes the name of one there")
    args = parser.parse_args()
    splits = json.loads(SPLITS.read_text(encoding="utf-8"))
    if any(added["name"] == args.name for added in splits.get("added_later", [])):
        raise SystemExit(f"{args.name} was added already")
    known = frozenset(splits["sources"])
    chosen = {
        "pool_fr": unlabelled("pool_fr", known, args.fr, political_score),
        "pool_en": unlabelled("pool_en", known, args.en, english_score),
    }
    batches = json.loads(args.batches.read_text(encoding="utf-8")) if args.batches.exists() else {}
    for (source, ids), lang in zip(chosen.items(), ("fr", "en"), strict=True):
        splits["splits"][lang]["train"] = sorted(set(splits["splits"][lang]["train"]) | set(ids))
        splits["sources"].update({article_id: source for article_id in ids})
        first = next_number(set(batches) | {p.stem for p in args.raw.glob("*.jsonl")}, lang)
        for offset in range(0, len(ids), args.batch_size):
            batches[f"{lang}{first + offset // args.batch_size:02d}"] = ids[offset:offset + args.batch_size]
    splits.setdefault("added_later", []).append({
        "name": args.name, "ids": sorted(chosen["pool_fr"] + chosen["pool_en"]),
        "why": "more training examples for the learned coder: the next most political unlabelled articles of "
               "each pool (same ranking as sample.py), train split only"})
    SPLITS.write_text(json.dumps(splits, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    args.batches.write_text(json.dumps(batches, indent=1) + "\n", encoding="utf-8")
    print(f"added {len(chosen['pool_fr'])} French and {len(chosen['pool_en'])} English articles to train")


if __name__ == "__main__":
    main()
