"""`dyad ingest SOURCES...`: code articles into the store, once each (see dyad/store/ingest.py)."""

from __future__ import annotations

import argparse
import sys
from functools import partial

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from dyad.commands.common import add_source_arguments, report_skipped
from dyad.commands.options import add_db_argument, db_path
from dyad.store import queries
from dyad.store.connection import reading
from dyad.store.ingest import BATCH_SIZE, IngestReport, ingest


def register(parser: argparse.ArgumentParser) -> None:
    add_source_arguments(parser)
    add_db_argument(parser)
    parser.add_argument("--workers", type=int, default=1, help="parsing processes (default 1)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE,
                        help=f"articles per write transaction (default {BATCH_SIZE})")
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
                        lang=args.lang, actors_file=args.actors, max_bytes=args.max_bytes,
                        on_start=started, on_batch=lambda n: progress.advance(task, n))
    for skipped in report.skipped:
        report_skipped(skipped)
    with reading(db) as con:
        totals = queries.summary(con)
    print_summary(report, totals, db)
    return 1 if args.strict and report.skipped else 0


def print_summary(report: IngestReport, totals: dict, db) -> None:
    table = Table(title=f"ingest into {db}", show_header=False)
    table.add_column("what")
    table.add_column("n", justify="right")
    rows = [("articles read", report.read), ("new", report.new), ("replaced (content changed)", report.replaced),
            ("already present", report.present), ("events written", report.events),
            ("skipped", len(report.skipped))]
    rows += [(f"  {reason}", n) for reason, n in sorted(report.reasons().items(), key=lambda item: -item[1])]
    rows += [("store: articles", totals["articles"]), ("store: event records", totals["events"]),
             ("store: merged events", totals["merged_events"]), ("store: mentions", totals["mentions"])]
    for what, n in rows:
        table.add_row(what, str(n))
    Console(file=sys.stdout, markup=False, highlight=False).print(table)
