"""Input shards: byte ranges of JSONL files and row-group ranges of Parquet files.

A shard is a small picklable description, so the scheduler ships descriptions and each worker reads
its own slice of the file: the driver never reads the articles. JSONL ranges follow the usual split
rule (a line belongs to the shard where it starts), so shards tile a file with no line lost or
read twice, whatever the byte boundaries.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from dyad.ingest.errors import Skipped
from dyad.ingest.readers import Reader
from dyad.ingest.text import decode_bytes
from dyad.records import Article

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")
DEFAULT_SHARD_BYTES = 4 * 1024 * 1024
DEFAULT_SHARD_ROWS = 2000


@dataclass(frozen=True)
class Shard:
    """Lines starting in bytes [start, stop) of a JSONL file, or row groups [start, stop) of a Parquet file."""

    path: str
    kind: str
    start: int
    stop: int

    @property
    def name(self) -> str:
        return f"{Path(self.path).name}:{self.kind}:{self.start}-{self.stop}"


def input_files(sources: Iterable[str | Path]) -> list[Path]:
    """JSONL and Parquet files named, or found (sorted) in the folders named."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files.extend(p for p in sorted(path.rglob("*")) if p.suffix in JSONL_SUFFIXES + PARQUET_SUFFIXES)
        elif path.suffix in JSONL_SUFFIXES + PARQUET_SUFFIXES:
            files.append(path)
        else:
            raise ValueError(f"the Dask engine reads JSONL or Parquet shards, not {path}")
    return files


def plan_shards(sources: Iterable[str | Path], min_shards: int = 1,
                shard_bytes: int = DEFAULT_SHARD_BYTES, shard_rows: int = DEFAULT_SHARD_ROWS) -> list[Shard]:
    """Cut the inputs into shards: at most `shard_bytes` of JSONL (or about `shard_rows` Parquet rows)
    each, and at least `min_shards` pieces per file so every worker has work even on one small file."""
    shards: list[Shard] = []
    for path in input_files(sources):
        if path.suffix in PARQUET_SUFFIXES:
            shards.extend(_parquet_shards(path, min_shards, shard_rows))
        else:
            size = path.stat().st_size
            pieces = max(min_shards, -(-size // shard_bytes), 1)
            bounds = [size * i // pieces for i in range(pieces + 1)]
            shards.extend(Shard(str(path), "jsonl", a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a)
    return shards


def _parquet_shards(path: Path, min_shards: int, shard_rows: int) -> list[Shard]:
    metadata = pq.ParquetFile(path).metadata
    groups = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    total = sum(groups)
    per_shard = max(1, min(shard_rows, -(-total // max(min_shards, 1))))
    shards, start, rows = [], 0, 0
    for i, count in enumerate(groups):
        rows += count
        if rows >= per_shard:
            shards.append(Shard(str(path), "parquet", start, i + 1))
            start, rows = i + 1, 0
    if start < len(groups):
        shards.append(Shard(str(path), "parquet", start, len(groups)))
    return shards


def read_shard(shard: Shard, reader: Reader | None = None) -> Iterator[Article | Skipped]:
    """The shard's articles in file order, each record read exactly as the local engine's JSONL reader
    reads it (same ids, dates, checks); a record that is not an article comes back as Skipped."""
    reader = reader or Reader()
    records = _parquet_records(shard) if shard.kind == "parquet" else _jsonl_records(shard)
    for item in records:
        yield item if isinstance(item, Skipped) else reader._article_from_record(item[1], item[0])


def _jsonl_records(shard: Shard) -> Iterator[tuple[str, object] | Skipped]:
    with open(shard.path, "rb") as handle:
        if shard.start:
            handle.seek(shard.start - 1)
            handle.readline()
        while handle.tell() < shard.stop:
            offset = handle.tell()
            line = handle.readline()
            if not line:
                break
            if not line.strip():
                continue
            where = f"{shard.path}@{offset}"
            try:
                record = json.loads(decode_bytes(line, where))
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                yield Skipped(where, f"malformed JSON: {error}")
                continue
            yield where, record


def _parquet_records(shard: Shard) -> Iterator[tuple[str, object]]:
    table = pq.ParquetFile(shard.path).read_row_groups(list(range(shard.start, shard.stop)))
    for i, row in enumerate(table.to_pylist()):
        yield f"{shard.path}#{shard.start}.{i}", {k: v for k, v in row.items() if v is not None}
