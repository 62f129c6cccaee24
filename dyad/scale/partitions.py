"""Event Parquet partitions: what one worker writes for one input shard.

Each shard gives two files, `articles/part-NNNNN.parquet` (every input, coded or skipped, in input
order) and `events/part-NNNNN.parquet` (one row per event: flat columns to query in place with
DuckDB, e.g. `read_parquet('OUT/events/*.parquet')`, plus the full record as JSON so the store
loads exactly the records the pipeline made).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.ingest.errors import Skipped
from dyad.pipeline import Coded
from dyad.records import Article, Event

ARTICLE_SCHEMA = pa.schema([
    ("position", pa.int32()), ("article_id", pa.string()), ("lang", pa.string()), ("date", pa.date32()),
    ("n_events", pa.int32()), ("skipped_where", pa.string()), ("skipped_reason", pa.string()),
    ("article", pa.string()),
])
EVENT_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("event_index", pa.int32()), ("event_type", pa.string()), ("mode", pa.string()),
    ("status", pa.string()), ("actor_code", pa.string()), ("actor_sector", pa.string()), ("actor_name", pa.string()),
    ("recipient_code", pa.string()), ("recipient_sector", pa.string()), ("recipient_name", pa.string()),
    ("date", pa.date32()), ("date_precision", pa.string()), ("place", pa.string()), ("place_country", pa.string()),
    ("lat", pa.float64()), ("lon", pa.float64()), ("quad_class", pa.int8()), ("intensity", pa.float32()),
    ("cameo_root", pa.string()), ("confidence", pa.float32()), ("record", pa.string()),
])

Item = Coded | Skipped


def partition_paths(out_dir: Path, index: int) -> tuple[Path, Path]:
    name = f"part-{index:05d}.parquet"
    return out_dir / "articles" / name, out_dir / "events" / name


def write_partition(out_dir: Path, index: int, items: Iterable[Item]) -> tuple[int, int]:
    """Write one shard's outcome; returns (inputs, events)."""
    articles_path, events_path = partition_paths(out_dir, index)
    article_rows: list[dict] = []
    event_rows: list[dict] = []
    for position, item in enumerate(items):
        article_rows.append(_article_row(position, item))
        if isinstance(item, Coded):
            event_rows.extend(_event_row(i, event) for i, event in enumerate(item.events))
    for path, rows, schema in ((articles_path, article_rows, ARTICLE_SCHEMA), (events_path, event_rows, EVENT_SCHEMA)):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), partial)
        partial.replace(path)
    return len(article_rows), len(event_rows)


def read_partition(out_dir: Path, index: int) -> Iterator[Item]:
    """The shard's items back, in input order, as the pipeline gave them."""
    articles_path, events_path = partition_paths(out_dir, index)
    events: dict[str, list[Event]] = {}
    for row in pq.read_table(events_path, columns=["article_id", "record"]).to_pylist():
        events.setdefault(row["article_id"], []).append(Event.model_validate_json(row["record"]))
    for row in pq.read_table(articles_path).to_pylist():
        skipped = Skipped(row["skipped_where"], row["skipped_reason"]) if row["skipped_reason"] is not None else None
        if row["article"] is None:
            yield skipped
            continue
        article = Article.model_validate_json(row["article"])
        yield Coded(article, events.get(article.id, []) if skipped is None else [], skipped)


def _article_row(position: int, item: Item) -> dict:
    if isinstance(item, Skipped):
        return {"position": position, "skipped_where": item.where, "skipped_reason": item.reason}
    article = item.article
    return {
        "position": position, "article_id": article.id, "lang": article.lang, "date": article.date,
        "n_events": len(item.events), "article": article.model_dump_json(),
        "skipped_where": item.skipped.where if item.skipped else None,
        "skipped_reason": item.skipped.reason if item.skipped else None,
    }


def _event_row(index: int, event: Event) -> dict:
    location = event.location
    return {
        "article_id": event.article_id, "event_index": index, "event_type": event.event_type, "mode": event.mode,
        "status": event.status, "actor_code": event.actor.code, "actor_sector": event.actor.sector,
        "actor_name": event.actor.name, "recipient_code": event.recipient.code,
        "recipient_sector": event.recipient.sector, "recipient_name": event.recipient.name,
        "date": event.date, "date_precision": event.date_precision,
        "place": location.name if location else None, "place_country": location.country if location else None,
        "lat": location.lat if location else None, "lon": location.lon if location else None,
        "quad_class": event.quad_class, "intensity": event.intensity, "cameo_root": event.cameo_root,
        "confidence": event.confidence, "record": json.dumps(event.model_dump(mode="json"), ensure_ascii=False),
    }
