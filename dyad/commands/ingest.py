"""`dyad ingest SOURCES...`: code articles into the store, once each (see dyad/store/ingest.py)."""

from __future__ import annotations

import argparse
import sys
from functools import partial

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from dyad.commands.common import add_source_arguments, positive_int, report_skipped, seconds
from dyad.commands.options import add_db_argument, db_path
from dyad.ingest.errors import printable
from dyad.store import queries
from dyad.store.connection import WRITER_LOCK_WAIT_S, reading
from dyad.store.ingest import BATCH_SIZE, IngestReport, ingest
from dyad.store.writer import FUTURE_MARGIN_DAYS


def register(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser)
    add_db_argument(parser)
    parser.add_argument("--workers", type=positive_int, default=1, help="parsing processes (default 1)")
    parser.add_argument("--batch-size", type=positive_int, default=BATCH_SIZE,
                        help=f"articles per write transaction (default {BATCH_SIZE})")
    parser.add_argument("--wait", type=seconds, default=WRITER_LOCK_WAIT_S, metavar="SECONDS",
                        help="how long to wait for a store another process holds, at each batch, before giving "
                             f"up with a message (default {WRITER_LOCK_WAIT_S:g}; 0: give up at once)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--engine", choices=["local", "dask"], default="local",
                        help="dask: code JSONL/Parquet shards on a Dask cluster (docs/scaling.md)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: an existing scheduler (default: a LocalCluster of --workers processes)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    err = Console(stderr=True)
    db = db_path(args)
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=err, disable=args.quiet, transient=True) as progress:
        task = progress.add_task("ingest", total=None)

        def started(to_code: int, present: int) -> None:
            progress.update(task, total=to_code)

        engine = ingest
        if args.engine == "dask":
            from dyad.scale import dask_engine
            engine = partial(dask_engine.ingest, scheduler=args.scheduler)
        report = engine(args.sources, db, workers=args.workers, batch_size=args.batch_size, date=args.date,
                        lang=args.lang, actors_file=args.actors, max_bytes=args.max_bytes, wait_s=args.wait,
                        on_start=started, on_batch=lambda n: progress.advance(task, n))
    for skipped in report.skipped:
        report_skipped(skipped)
    report_notes(report)
    with reading(db, wait_s=args.wait) as con:
        totals = queries.summary(con)
    print_summary(report, totals, db)
    return 1 if args.strict and report.skipped else 0


def report_notes(report: IngestReport) -> None:
    """Articles stored but worth a look: replaced by other content, or dated after the ingest day."""
    for change in report.replacements:
        print(printable(f"dyad: replaced {change.id}: read from {change.now or 'an unnamed source'}, other content "
                        f"than the stored one, read from {change.before or 'an unnamed source'}"), file=sys.stderr)
    for article in report.after_ingest:
        print(printable(f"dyad: {article.id}: publication date {article.date} is after the ingest day "
                        f"(+{FUTURE_MARGIN_DAYS} days): stored, flagged (date_after_ingest), and not the "
                        "store's now for pledges"), file=sys.stderr)


def print_summary(report: IngestReport, totals: dict, db) -> None:
    table = Table(title=printable(f"ingest into {db}"), show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    rows = [("articles read", report.read), ("new", report.new), ("replaced (content changed)", report.replaced),
            ("already present", report.present), ("events written", report.events),
            ("dated after the ingest day", len(report.after_ingest)), ("skipped", len(report.skipped))]
    rows += [(f"  {printable(reason)}", n) for reason, n in sorted(report.reasons().items(), key=lambda item: -item[1])]
    rows += [("store: articles", totals["articles"]), ("store: event records", totals["events"]),
             ("store: merged events", totals["merged_events"]), ("store: mentions", totals["mentions"])]
    for what, n in rows:
        table.add_row(what, str(n))
    Console(file=sys.stdout, markup=False, highlight=False).print(table)
