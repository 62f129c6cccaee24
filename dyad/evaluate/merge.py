"""`dyad eval merge`: precision and recall of the merge decision on hand-checked article pairs.

Each pair in tests/data/merge_pairs.tsv names two corpus articles, an event key (actor, type,
recipient, status; `|` separates admissible alternatives) and whether both articles report the
same real-world event. The store says "same" when a record of each article with that key belongs
to one merged event. Pairs where the coder produced no such record in one of the articles are
"uncoded": they measure the coder, not the merge, and are counted apart (coverage).
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dyad.paths import REPO_ROOT, corpus_path
from dyad.store.connection import reading
from dyad.store.ingest import ingest

DEFAULT_PAIRS = REPO_ROOT / "tests" / "data" / "merge_pairs.tsv"


@dataclass(frozen=True)
class Pair:
    article_a: str
    article_b: str
    actors: tuple[str, ...]
    types: tuple[str, ...]
    recipients: tuple[str, ...]
    status: str
    same: bool
    description: str


def load_pairs(path: Path) -> list[Pair]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [Pair(row["article_a"], row["article_b"], tuple(row["actor"].split("|")), tuple(row["type"].split("|")),
                 tuple(row["recipient"].split("|")), row["status"], row["same"] == "yes", row["description"])
            for row in csv.DictReader(lines, delimiter="\t")]


def merged_ids(con: duckdb.DuckDBPyConnection, article_id: str, pair: Pair) -> set[str]:
    """Merged events of the article's records that carry the pair's key."""
    found = con.execute("""
        SELECT m.merged_id FROM events e JOIN merge_members m ON m.event_id = e.event_id
        WHERE e.article_id = $article AND e.status = $status AND list_contains($types, e.event_type)
          AND (list_contains($actors, e.actor_key) OR list_contains($actors, e.actor_code))
          AND (list_contains($recipients, e.recipient_key) OR list_contains($recipients, e.recipient_code))""",
                        {"article": article_id, "status": pair.status, "types": list(pair.types),
                         "actors": list(pair.actors), "recipients": list(pair.recipients)}).fetchall()
    return {row[0] for row in found}


def decide(con: duckdb.DuckDBPyConnection, pair: Pair) -> str:
    """'same', 'distinct', or 'uncoded' (a side has no record with the key)."""
    a, b = merged_ids(con, pair.article_a, pair), merged_ids(con, pair.article_b, pair)
    if not a or not b:
        return "uncoded"
    return "same" if a & b else "distinct"


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    uncoded: int = 0

    def add(self, gold_same: bool, decision: str) -> None:
        if decision == "uncoded":
            self.uncoded += 1
        elif decision == "same":
            self.tp, self.fp = self.tp + gold_same, self.fp + (not gold_same)
        else:
            self.fn, self.tn = self.fn + gold_same, self.tn + (not gold_same)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score(con: duckdb.DuckDBPyConnection, pairs: list[Pair]) -> tuple[Scores, list[tuple[Pair, str]]]:
    scores, decisions = Scores(), []
    for pair in pairs:
        decision = decide(con, pair)
        scores.add(pair.same, decision)
        decisions.append((pair, decision))
    return scores, decisions


def code_pair_articles(pairs: list[Pair], folder: Path) -> Path:
    """A store holding just the pairs' articles, coded by the current pipeline."""
    wanted = {p.article_a for p in pairs} | {p.article_b for p in pairs}
    source = folder / "pairs.jsonl"
    with corpus_path().open(encoding="utf-8") as corpus, source.open("w", encoding="utf-8") as out:
        for line in corpus:
            if json.loads(line)["id"] in wanted:
                out.write(line)
    db = folder / "pairs.duckdb"
    ingest([str(source)], db)
    return db


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="a store that holds the pairs' articles (else they are coded now)")
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS, help="the hand-checked pairs (TSV)")
    parser.add_argument("--verbose", action="store_true", help="one line per pair")


def run(args: argparse.Namespace) -> int:
    pairs = load_pairs(args.pairs)[:args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or code_pair_articles(pairs, Path(tmp))
        with reading(db) as con:
            scores, decisions = score(con, pairs)
    if args.verbose:
        for pair, decision in decisions:
            gold = "same" if pair.same else "distinct"
            mark = "" if decision in (gold, "uncoded") else "  <- wrong"
            print(f"{gold:8} {decision:8} {pair.article_a} {pair.article_b} {'|'.join(pair.types)}{mark}")
    covered = len(pairs) - scores.uncoded
    print(f"pairs {len(pairs)}, coded on both sides {covered} (coverage {covered / len(pairs):.2f})")
    print(f"merge precision {scores.precision:.2f}  recall {scores.recall:.2f}  "
          f"(tp {scores.tp}, fp {scores.fp}, fn {scores.fn}, tn {scores.tn})")
    return 0
