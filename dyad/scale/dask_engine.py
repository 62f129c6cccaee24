"""The distributed engine: the same Pipeline on a Dask cluster, shard by shard.

    run_dask(sources, out_dir, workers=2)             # a LocalCluster of 2 worker processes
    run_dask(sources, out_dir, scheduler="tcp://...") # an existing cluster (SLURM, Kubernetes, ...)
    ingest(sources, db, workers=2)                    # then load the partitions into the DuckDB store

The driver only plans shards (byte ranges, row groups) and ships their descriptions; each task reads
its shard, codes it with the worker's Pipeline and writes one Parquet partition, so articles and
events never travel through the scheduler. The Pipeline (spaCy models, actor tables, lexicons) is
built once per worker process: `PipelineLoader` builds it when the worker starts, and tasks find it
in this module's cache.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from distributed import Client, LocalCluster, WorkerPlugin

from dyad.ingest.errors import Skipped
from dyad.ingest.readers import DEFAULT_MAX_BYTES, Reader
from dyad.pipeline import PREFILTER, Coded, Pipeline
from dyad.scale.partitions import read_partition, write_partition
from dyad.scale.shards import Shard, plan_shards, read_shard
from dyad.store.ingest import IngestReport, check_options, plan, write_batch
from dyad.store.writer import StoreWriter

SHARDS_PER_WORKER = 4


@dataclass(frozen=True)
class Options:
    """Everything a worker needs to build its Pipeline and reader: small, hashable, picklable."""

    actors_file: str | None = None
    prefilter: bool = PREFILTER
    date: dt.date | None = None
    lang: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass
class DaskRun:
    out_dir: Path
    shards: list[Shard]
    inputs: int = 0
    events: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def items(self) -> Iterator[Coded | Skipped]:
        """Every input's outcome, in input order, read back from the partitions."""
        for index in range(len(self.shards)):
            yield from read_partition(self.out_dir, index)


@cache
def worker_pipeline(options: Options) -> Pipeline:
    """This process's Pipeline for these options, built on first use and kept for every later task."""
    actors = Path(options.actors_file) if options.actors_file else None
    return Pipeline(actors_file=actors, prefilter=options.prefilter)


class PipelineLoader(WorkerPlugin):
    """Builds the worker's Pipeline and loads every language's models as the worker starts, so the
    first tasks do not all pay for loading, and no task pays twice."""

    name = "dyad-pipeline"

    def __init__(self, options: Options) -> None:
        self.options = options

    def setup(self, worker) -> None:
        worker_pipeline(self.options).warm_up()


def code_shard(shard: Shard, index: int, out_dir: str, options: Options) -> tuple[int, int, list[Skipped]]:
    """One task: read a shard, code it, write its partition; returns (inputs, events, skipped)."""
    reader = Reader(date=options.date, lang=options.lang, max_bytes=options.max_bytes)
    pipeline = worker_pipeline(options)
    read = list(read_shard(shard, reader))
    coded = iter(pipeline.code(item for item in read if not isinstance(item, Skipped)))
    items = [item if isinstance(item, Skipped) else next(coded) for item in read]
    inputs, events = write_partition(Path(out_dir), index, items)
    skipped = [i if isinstance(i, Skipped) else i.skipped for i in items if isinstance(i, Skipped) or i.skipped]
    return inputs, events, skipped


@contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[Client]:
    """A client on the given scheduler, or on a LocalCluster of `workers` single-threaded processes
    (spaCy releases the GIL too rarely for threads to help)."""
    logging.getLogger("distributed").setLevel(logging.WARNING)  # the scheduler's INFO chatter is not for users
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                      memory_limit=0) as cluster, Client(cluster) as client:
        yield client


def run_dask(sources: Sequence[str | Path], out_dir: str | Path, workers: int = 2, scheduler: str | None = None,
             options: Options | None = None, shards_per_worker: int = SHARDS_PER_WORKER) -> DaskRun:
    """Code JSONL/Parquet shards on a Dask cluster into event Parquet partitions under `out_dir`."""
    options = options or Options()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for stale in [*out.glob("articles/part-*.parquet"), *out.glob("events/part-*.parquet")]:
        stale.unlink()  # a previous run's partitions would otherwise mix into queries over out/events/*
    with dask_client(workers, scheduler) as client:
        n_workers = len(client.scheduler_info()["workers"]) or workers
        shards = plan_shards(sources, min_shards=n_workers * shards_per_worker)
        run = DaskRun(out, shards)
        client.register_plugin(PipelineLoader(options))
        futures = [client.submit(code_shard, shard, i, str(out), options, pure=False)
                   for i, shard in enumerate(shards)]
        for inputs, events, skipped in client.gather(futures):
            run.inputs += inputs
            run.events += events
            run.skipped.extend(skipped)
    return run


def ingest(sources: Sequence[str], db: str | Path, *, workers: int = 2, scheduler: str | None = None,
           batch_size: int = 16, date: dt.date | None = None, lang: str | None = None,
           actors_file: Path | None = None, max_bytes: int = DEFAULT_MAX_BYTES, out_dir: str | Path | None = None,
           wait_s: float | None = None, today: dt.date | None = None,
           on_start: Callable[[int, int], None] | None = None,
           on_batch: Callable[[int], None] | None = None) -> IngestReport:
    """`dyad ingest --engine dask`: code on the cluster into Parquet partitions (under `out_dir`, kept,
    or a temporary folder), then load them through the store's own planner and writer, so the store
    ends exactly as after a local ingest of the same sources."""
    check_options(workers=workers, batch_size=batch_size)
    options = Options(str(actors_file) if actors_file else None, date=date, lang=lang, max_bytes=max_bytes)
    with _partition_dir(out_dir) as out:
        run = run_dask(sources, out, workers=workers, scheduler=scheduler, options=options)
        return load_partitions(run, db, batch_size=batch_size, wait_s=wait_s, today=today,
                               on_start=on_start, on_batch=on_batch)


def load_partitions(run: DaskRun, db: str | Path, *, batch_size: int = 16, wait_s: float | None = None,
                    today: dt.date | None = None, on_start: Callable[[int, int], None] | None = None,
                    on_batch: Callable[[int], None] | None = None) -> IngestReport:
    """Write a run's records to the store: articles already stored unchanged are left alone, a
    changed one replaces its events, as in a local ingest."""
    report = IngestReport()
    writer = StoreWriter(db, today=today, wait_s=wait_s)
    items = list(run.items())
    coded = {item.article.id: item for item in items if isinstance(item, Coded)}
    read = [item if isinstance(item, Skipped) else item.article for item in items]
    work = plan(read, writer.known_hashes(), report)
    if on_start:
        on_start(len(work.to_code), report.present)
    for start in range(0, len(work.to_code), batch_size):
        batch = [(coded[article.id], digest) for article, digest in work.to_code[start:start + batch_size]]
        write_batch(writer, work, report, batch)
        if on_batch:
            on_batch(len(batch))
    return report


@contextmanager
def _partition_dir(out_dir: str | Path | None) -> Iterator[Path]:
    if out_dir is not None:
        yield Path(out_dir)
        return
    with tempfile.TemporaryDirectory(prefix="dyad-dask-") as tmp:
        yield Path(tmp)
