"""Scoring helpers shared by the `dyad eval` scorers: P/R/F1 counts, per-type tables, gold and corpus
readers, and a parse cache so that dev loops do not re-parse the same articles."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, DocBin

from dyad.ingest.text import article_text, date_precision_of, parse_date
from dyad.nlp.models import load
from dyad.records import Article


@dataclass
class Counts:
    """True positives, false positives and false negatives of one scored slice."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class Table:
    """Counts per row label (a language, a type...), plus the micro-averaged total."""

    rows: dict[Hashable, Counts] = field(default_factory=dict)

    def row(self, label: Hashable) -> Counts:
        return self.rows.setdefault(label, Counts())

    def total(self) -> Counts:
        total = Counts()
        for counts in self.rows.values():
            total.tp += counts.tp
            total.fp += counts.fp
            total.fn += counts.fn
        return total

    def format(self, title: str) -> str:
        lines = [f"{title:<14} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for label in sorted(self.rows, key=str):
            lines.append(_format_row(str(label), self.rows[label]))
        lines.append(_format_row("all", self.total()))
        return "\n".join(lines)


def _format_row(label: str, c: Counts) -> str:
    return f"{label:<14} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5d} {c.fp:5d} {c.fn:5d}"


def macro_f1(table: Table) -> float:
    rows = [c for c in table.rows.values() if c.tp + c.fn]
    return sum(c.f1 for c in rows) / len(rows) if rows else 0.0


def per_label_sets(items: Iterable[tuple[Hashable, Hashable]]) -> dict[Hashable, set]:
    """Group (label, item) pairs into one set of items per label."""
    grouped: dict[Hashable, set] = {}
    for label, item in items:
        grouped.setdefault(label, set()).add(item)
    return grouped


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def read_articles(path: Path, ids: set[str] | None = None) -> dict[str, Article]:
    """Articles of a JSONL corpus by id (only `ids` when given); fields the record lacks are dropped."""
    known = set(Article.model_fields)
    found: dict[str, Article] = {}
    for row in read_jsonl(path):
        if ids is None or row.get("id") in ids:
            fields = {k: v for k, v in row.items() if k in known}
            # As ingest reads it, so that dev scores measure what `dyad ingest` codes.
            fields["text"] = article_text(fields.get("text") or "")
            fields["date"] = parse_date(row.get("date"), str(row.get("id")))
            fields["date_precision"] = _precision(row.get("date_precision")) or date_precision_of(row.get("date"))
            found[row["id"]] = Article(**fields)
    return found


def _precision(value: str | None) -> str | None:
    """The corpus writes notes after the precision ("day (publication date from ...)")."""
    word = (value or "").split(" ", 1)[0]
    return word if word in ("day", "month", "year") else None


def parse_cached(articles: list[Article], lang: str, cache_dir: Path | None) -> list[Doc]:
    """spaCy docs for articles of one language, each kept in cache_dir under the hash of its text
    (a DocBin, and the tok2vec tensor beside it, which a DocBin does not keep), so that a new article
    costs one parse and not a new parse of the whole set."""
    nlp = load(lang)
    if cache_dir is None:
        return list(nlp.pipe(a.text for a in articles))
    cache_dir.mkdir(parents=True, exist_ok=True)
    paths = [cache_dir / f"{lang}-{hashlib.sha1(a.text.encode('utf-8')).hexdigest()[:20]}" for a in articles]
    missing = [k for k, path in enumerate(paths) if not path.with_suffix(".npy").exists()]
    for k, doc in zip(missing, nlp.pipe(articles[k].text for k in missing), strict=True):
        DocBin(store_user_data=True, docs=[doc]).to_disk(paths[k].with_suffix(".spacy"))
        np.save(paths[k].with_suffix(".npy"), doc.tensor)
    docs = []
    for path in paths:
        (doc,) = DocBin().from_disk(path.with_suffix(".spacy")).get_docs(nlp.vocab)
        doc.tensor = np.load(path.with_suffix(".npy"))
        docs.append(doc)
    return docs
