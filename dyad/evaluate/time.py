"""`dyad eval time`: FR-TimeBank, accuracy of the normalised value of each DATE expression.

Each gold DATE span is read by the dater's own expression patterns and resolved against the
article's publication date, with the tense of its clause from the spaCy parse; an anaphoric
expression ("le lendemain") is resolved against the previous resolved day of the article. The
value counts as right when it equals the gold TimeML value exactly (2023-02-07, 2023-02, 2023,
1999-W27, 196X...)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

from dyad.paths import gold_dir
from dyad.when.expressions import find_expressions
from dyad.when.resolve import TimeValue, resolve
from dyad.when.tense import clause_tense
from dyad.when.vocab import TimeVocabulary, vocabulary


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--errors", action="store_true", help="print every miss")


@dataclass
class GoldDate:
    start: int
    end: int
    text: str
    value: str


@dataclass
class TimebankDoc:
    id: str
    text: str
    published: dt.date
    dates: list[GoldDate]


def read_gold(limit: int | None = None) -> Iterator[TimebankDoc]:
    path = gold_dir() / "fr_timebank" / "fr_timebank.jsonl"
    with open(path, encoding="utf-8") as handle:
        for n, line in enumerate(handle):
            if limit is not None and n >= limit:
                return
            row = json.loads(line)
            dates = [GoldDate(g["start"], g["end"], g["text"], g["value"]) for g in row["gold"]
                     if g.get("tag") == "TIMEX3" and g.get("type") == "DATE"]
            yield TimebankDoc(row["id"], row["text"], dt.date.fromisoformat(row["date"]), sorted(dates, key=lambda d: d.start))


def value_of(text: str, vocab: TimeVocabulary, anchor: dt.date, tense, previous: dt.date | None) -> TimeValue | None:
    """The value of a gold span: its longest time expression, resolved."""
    expressions = find_expressions(text, vocab, cued_years_only=False)
    if not expressions:
        return None
    longest = max(expressions, key=lambda e: e.end - e.start)
    return resolve(longest, vocab, anchor, tense, previous)


def score(docs: list[TimebankDoc]) -> tuple[int, int, list[str]]:
    from dyad.nlp.models import load

    nlp = load("fr")
    vocab = vocabulary("fr")
    right, total, misses = 0, 0, []
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        previous = None
        for gold in doc.dates:
            span = parsed.char_span(gold.start, gold.end, alignment_mode="expand")
            tense = clause_tense(span.root, vocab) if span is not None and len(span) else None
            value = value_of(gold.text, vocab, doc.published, tense, previous)
            got = value.iso() if value else None
            total += 1
            right += got == gold.value
            if got != gold.value:
                misses.append(f"{doc.id} ({doc.published}): {gold.text!r} gold {gold.value} got {got} [{tense}]")
            if value is not None and value.precision == "day":
                previous = value.start
    return right, total, misses


def run(args: argparse.Namespace) -> int:
    docs = list(read_gold(args.limit))
    right, total, misses = score(docs)
    print(f"fr_timebank: {len(docs)} articles, {total} DATE expressions")
    print(f"DATE value accuracy: {right / total if total else 0:.3f} ({right}/{total})")
    if args.errors:
        for miss in misses:
            print("  miss:", miss)
    return 0
