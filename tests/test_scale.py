"""The Dask engine: shards tile their files, partitions give back what was written, and the Dask
engine codes exactly the records the local engine codes (one worker process, to stay quick)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dyad.ingest.errors import Skipped
from dyad.ingest.readers import read_sources
from dyad.pipeline import Coded, Pipeline
from dyad.records import Actor, Article, Event
from dyad.scale.partitions import read_partition, write_partition
from dyad.scale.shards import plan_shards, read_shard

ARTICLES = [
    {"id": "fr-1", "lang": "fr", "date": "2023-02-10",
     "text": "La Russie a livré des hélicoptères de combat au Mali, a annoncé jeudi le gouvernement malien. "
             "Le ministre russe des Affaires étrangères a rencontré son homologue malien à Bamako."},
    {"id": "en-1", "lang": "en", "date": "2023-03-01",
     "text": "France condemned the coup in Niger on Monday. The French president met the Nigerien president in Paris."},
    {"id": "fr-2", "lang": "fr", "date": "2023-04-05",
     "text": "Le Mali a accusé la France d'espionnage. La CEDEAO a imposé des sanctions au Mali."},
    {"id": "es-1", "text": "El gobierno de España anunció hoy en Madrid una nueva estrategia para la región."},
    {"id": "fr-3", "lang": "fr", "date": "2023-05-20",
     "text": "Le Burkina Faso a signé un accord de coopération militaire avec la Russie."},
]


def write_jsonl(path: Path, records: list[dict], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ids(items) -> list[str]:
    return [item.where if isinstance(item, Skipped) else item.id for item in items]


@pytest.mark.parametrize("pieces", [1, 2, 3, 7, 40])
def test_jsonl_shards_tile_the_file_whatever_the_cut(tmp_path, pieces):
    records = [{"id": f"a{i}", "lang": "fr", "text": f"Texte numéro {i} " * (i % 5 + 1)} for i in range(23)]
    path = write_jsonl(tmp_path / "in.jsonl", records)
    shards = plan_shards([path], min_shards=pieces)
    assert len(shards) == pieces
    read = [item for shard in shards for item in read_shard(shard)]
    assert ids(read) == [f"a{i}" for i in range(23)]


def test_a_bad_line_is_skipped_by_name_and_the_rest_is_read(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", ARTICLES[:2], extra_lines=("{not json",))
    read = [item for shard in plan_shards([path], min_shards=2) for item in read_shard(shard)]
    assert ids(read[:2]) == ["fr-1", "en-1"]
    assert isinstance(read[2], Skipped) and "malformed JSON" in read[2].reason and str(path) in read[2].where


def test_parquet_shards_read_the_same_articles_as_the_jsonl_reader(tmp_path):
    jsonl = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    parquet = tmp_path / "in.parquet"
    table = pa.Table.from_pylist([{**{"lang": None, "date": None}, **r} for r in ARTICLES])
    pq.write_table(table, parquet, row_group_size=2)
    shards = plan_shards([parquet], min_shards=3)
    assert [s.kind for s in shards] == ["parquet"] * 3
    from_parquet = [item for shard in shards for item in read_shard(shard)]
    assert from_parquet == list(read_sources([str(jsonl)]))


def test_a_partition_gives_back_what_was_written(tmp_path):
    article = Article(id="x", text="Le Mali a rencontré la France.", lang="fr", date=dt.date(2023, 1, 2))
    event = Event(article_id="x", event_type="CONSULT", actor=Actor(text="Le Mali", code="MLI", sector="GOV"),
                  recipient=Actor(text="la France", code="FRA"), quad_class=1, intensity=1.0, cameo_root="04")
    items = [Coded(article, [event, event.model_copy(update={"status": "intended"})]),
             Skipped("in.jsonl@10", "malformed JSON"),
             Coded(article.model_copy(update={"id": "y", "lang": "de"}), skipped=Skipped("y", "unsupported language: de"))]
    assert write_partition(tmp_path, 3, items) == (3, 2)
    assert list(read_partition(tmp_path, 3)) == items
    events = pq.read_table(tmp_path / "events" / "part-00003.parquet").to_pylist()
    assert [(e["actor_code"], e["event_type"], e["recipient_code"], e["status"]) for e in events] == [
        ("MLI", "CONSULT", "FRA", "occurred"), ("MLI", "CONSULT", "FRA", "intended")]


@pytest.mark.slow
def test_dask_engine_codes_the_same_records_as_the_local_engine(tmp_path):
    from dyad.scale.dask_engine import run_dask

    path = write_jsonl(tmp_path / "in.jsonl", ARTICLES, extra_lines=("[1, 2]",))
    local = [item for item in Pipeline().code(a for a in read_sources([str(path)]) if isinstance(a, Article))]
    run = run_dask([path], tmp_path / "out", workers=1, shards_per_worker=2)
    distributed = [item for item in run.items() if isinstance(item, Coded)]
    assert len(run.shards) == 2
    assert [c.article for c in distributed] == [c.article for c in local]
    assert [[e.model_dump() for e in c.events] for c in distributed] == [[e.model_dump() for e in c.events] for c in local]
    assert sum(len(c.events) for c in local) > 0
    assert [s.reason for s in run.skipped] == ["unsupported language: es", "a JSON line must be an object"]
