"""Ingest: sources -> readers -> pipeline (in worker processes when asked) -> one writer.

Articles already in the store with the same content hash are not parsed again ("already
present"); a changed article is recoded and replaces its events. Parsing runs with the store file
closed; the parent alone writes, one short transaction per batch (see dyad/store/__init__.py).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from dyad.ingest.errors import Skipped
from dyad.ingest.readers import DEFAULT_MAX_BYTES, DUPLICATE_REASON, Reader, content_hash
from dyad.pipeline import Coded, Pipeline
from dyad.records import Article
from dyad.store.writer import StoreWriter

BATCH_SIZE = 16


@dataclass(frozen=True)
class Replacement:
    """A stored article whose id came again with other content: where each version was read."""

    id: str
    before: str | None
    now: str | None


@dataclass
class IngestReport:
    """What one ingest did; `skipped` holds reader and pipeline skips with their reasons,
    `replacements` the articles replaced, `after_ingest` those dated after the ingest day."""

    read: int = 0
    new: int = 0
    replaced: int = 0
    present: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    replacements: list[Replacement] = field(default_factory=list)
    after_ingest: list[Article] = field(default_factory=list)

    def reasons(self) -> Counter[str]:
        return Counter(s.reason for s in self.skipped)


def check_options(*, workers: int, batch_size: int) -> None:
    """Refuse what would silently store nothing (a negative batch size) or fail half-way."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")


@dataclass
class Plan:
    """The articles to code (with their content hash), after removing those already stored."""

    to_code: list[tuple[Article, str]] = field(default_factory=list)
    replacing: set[str] = field(default_factory=set)


def plan(items: Iterable[Article | Skipped], known: dict[str, str], report: IngestReport) -> Plan:
    result = Plan()
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append(item)
            continue
        report.read += 1
        digest = content_hash(item)
        if item.id in seen:
            if seen[item.id] == digest:
                report.present += 1
            else:
                report.skipped.append(Skipped(item.id, DUPLICATE_REASON))
            continue
        seen[item.id] = digest
        if known.get(item.id) == digest:
            report.present += 1
            continue
        if item.id in known:
            result.replacing.add(item.id)
        result.to_code.append((item, digest))
    return result


_worker_pipeline: Pipeline | None = None


def _init_worker(actors_file: Path | None) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(actors_file)


def _code_chunk(articles: list[Article]) -> list[Coded]:
    assert _worker_pipeline is not None, "worker not initialised"
    return list(_worker_pipeline.code(articles))


def _chunks(items: list[Article], size: int) -> Iterator[list[Article]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def code_all(articles: list[Article], *, workers: int, batch_size: int,
             actors_file: Path | None) -> Iterator[list[Coded]]:
    """Coded articles in input order, a batch at a time; parsed in `workers` processes if > 1."""
    if workers <= 1:
        batch: list[Coded] = []
        for coded in Pipeline(actors_file).code(articles):
            batch.append(coded)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch
        return
    # spawn, not fork: the parent runs rich's refresh thread, and forking a threaded process can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(actors_file,)) as pool:
        yield from pool.map(_code_chunk, _chunks(articles, batch_size))


def ingest(sources: list[str], db: str | Path, *, workers: int = 1, batch_size: int = BATCH_SIZE,
           date: dt.date | None = None, lang: str | None = None, actors_file: Path | None = None,
           max_bytes: int = DEFAULT_MAX_BYTES, wait_s: float | None = None, today: dt.date | None = None,
           on_start: Callable[[int, int], None] | None = None,
           on_batch: Callable[[int], None] | None = None) -> IngestReport:
    """Read, code and store `sources`. `wait_s` bounds each wait for a store another process holds;
    `today` is the ingest day (default: the clock's). `on_start(to_code, already_present)` is called
    once the work is known, `on_batch(n_articles)` after each committed batch (for progress display)."""
    check_options(workers=workers, batch_size=batch_size)
    report = IngestReport()
    writer = StoreWriter(db, today=today, wait_s=wait_s)
    reader = Reader(date=date, lang=lang, max_bytes=max_bytes)
    work = plan(reader.read(sources), writer.known_hashes(), report)
    if on_start:
        on_start(len(work.to_code), report.present)
    digests = {article.id: digest for article, digest in work.to_code}
    for batch in code_all([a for a, _ in work.to_code], workers=workers, batch_size=batch_size,
                          actors_file=actors_file):
        write_batch(writer, work, report, [(coded, digests[coded.article.id]) for coded in batch], reader.origins)
        if on_batch:
            on_batch(len(batch))
    return report


def write_batch(writer: StoreWriter, work: Plan, report: IngestReport, batch: list[tuple[Coded, str]],
                origins: dict[str, str] | None = None) -> None:
    """Commit one batch of (Coded, content digest) pairs and count it in the report; both engines
    write through here so their stores and summaries cannot differ."""
    origins = origins or {}
    written = writer.write(batch, origins)
    report.events += written.events
    report.after_ingest.extend(written.after_ingest)
    report.replacements.extend(Replacement(article_id, before, origins.get(article_id))
                               for article_id, before in written.replaced.items())
    for coded, _ in batch:
        if coded.skipped:
            report.skipped.append(coded.skipped)
        if coded.article.id in work.replacing:
            report.replaced += 1
        else:
            report.new += 1
