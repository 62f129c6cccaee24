"""Writing coded articles: one transaction per batch (articles + their events + merge updates).

A batch replaces each of its articles wholesale (its old events and evidence go), then re-merges
every block the old or new events belong to. Merged tables are recomputed from the events alone,
so any sequence of committed batches, interrupted or not, leaves the same store.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dyad.pipeline import Coded
from dyad.records import Article, Event, actor_key
from dyad.store import merge
from dyad.store.connection import writing

Row = dict[str, Any]
MERGE_RULES_KEY = "merge_rules"


def content_hash(article: Article) -> str:
    """Identity of an article's content as read: any change to text or metadata changes it."""
    return hashlib.sha256(article.model_dump_json().encode("utf-8")).hexdigest()


def article_row(coded: Coded, digest: str) -> Row:
    article = coded.article
    return {
        "id": article.id, "content_hash": digest, "lang": article.lang, "title": article.title,
        "date": article.date, "date_precision": article.date_precision, "source": article.source,
        "url": article.url, "text": article.text, "n_events": len(coded.events),
        "skipped_reason": coded.skipped.reason if coded.skipped else None,
    }


def event_row(event: Event, index: int, article: Article) -> Row:
    place = event.location
    akey, rkey = actor_key(event.actor), actor_key(event.recipient)
    return {
        "event_id": f"{event.article_id}:{index}", "article_id": event.article_id, "idx": index,
        "block": merge.block_of(akey, event.event_type, rkey, event.status),
        "event_type": event.event_type, "mode": event.mode, "contexts": list(event.contexts), "status": event.status,
        "actor_key": akey, "actor_code": event.actor.code, "actor_sector": event.actor.sector,
        "actor_name": event.actor.name, "actor_text": event.actor.text,
        "recipient_key": rkey, "recipient_code": event.recipient.code, "recipient_sector": event.recipient.sector,
        "recipient_name": event.recipient.name, "recipient_text": event.recipient.text,
        "date": event.date, "day": event.date or article.date, "date_raw": event.date_raw,
        "date_precision": event.date_precision, "date_reason": event.date_reason,
        "place_name": place.name if place else None, "place_text": place.text if place else None,
        "country": place.country if place else None, "admin1": place.admin1 if place else None,
        "lat": place.lat if place else None, "lon": place.lon if place else None,
        "geonameid": place.geonameid if place else None, "place_precision": place.precision if place else None,
        "confidence": event.confidence, "quad_class": event.quad_class, "intensity": event.intensity,
        "cameo_root": event.cameo_root, "sentence": event.evidence[0].sentence if event.evidence else None,
        "record": event.model_dump_json(),
    }


def evidence_rows(event: Event, event_id: str) -> list[Row]:
    return [{"event_id": event_id, "n": n, "sentence": ev.sentence, "sentence_start": ev.sentence_start,
             "trigger": ev.trigger, "trigger_start": ev.trigger_start, "trigger_end": ev.trigger_end}
            for n, ev in enumerate(event.evidence)]


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[Row]) -> None:
    """Bulk insert by column name (one Arrow scan, not a statement per row)."""
    if not rows:
        return
    con.register("_dyad_rows", pa.Table.from_pylist(list(rows)))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _dyad_rows")
    finally:
        con.unregister("_dyad_rows")


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any]) -> list[Row]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def remerge(con: duckdb.DuckDBPyConnection, blocks: Iterable[str], rules: merge.MergeRules) -> None:
    """Recompute merged events, members and mentions of the given blocks from their records."""
    blocks = sorted(set(blocks))
    if not blocks:
        return
    params = {"blocks": blocks}
    old = "SELECT merged_id FROM merged_events WHERE list_contains($blocks, block)"
    con.execute(f"DELETE FROM mentions WHERE merged_id IN ({old})", params)
    con.execute(f"DELETE FROM merge_members WHERE merged_id IN ({old})", params)
    con.execute("DELETE FROM merged_events WHERE list_contains($blocks, block)", params)
    records = _fetch(con, """SELECT e.*, a.date AS article_date, a.source, a.url
                             FROM events e JOIN articles a ON a.id = e.article_id
                             WHERE list_contains($blocks, e.block)""", params)
    by_event: dict[str, list[Row]] = {}
    for ev in _fetch(con, """SELECT v.* FROM evidence v JOIN events e ON e.event_id = v.event_id
                             WHERE list_contains($blocks, e.block) ORDER BY v.event_id, v.n""", params):
        by_event.setdefault(ev["event_id"], []).append(ev)
    for record in records:
        record["evidence"] = by_event.get(record["event_id"], [])
    merged, links, mentions = merge.merge_records(records, rules)
    insert(con, "merged_events", merged)
    insert(con, "merge_members", links)
    insert(con, "mentions", mentions)


def _blocks_of(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> set[str]:
    return {r[0] for r in con.execute("SELECT DISTINCT block FROM events WHERE list_contains($ids, article_id)",
                                      {"ids": article_ids}).fetchall()}


def write_batch(con: duckdb.DuckDBPyConnection, batch: Sequence[tuple[Coded, str]], rules: merge.MergeRules) -> int:
    """Replace the batch's articles and their events, and re-merge the touched blocks, in one
    transaction; returns the number of events written."""
    ids = [coded.article.id for coded, _ in batch]
    events, evidence = [], []
    for coded, _ in batch:
        for index, event in enumerate(coded.events):
            row = event_row(event, index, coded.article)
            events.append(row)
            evidence.extend(evidence_rows(event, row["event_id"]))
    con.execute("BEGIN TRANSACTION")
    try:
        touched = _blocks_of(con, ids) | {row["block"] for row in events}
        params = {"ids": ids}
        con.execute("DELETE FROM evidence WHERE event_id IN "
                    "(SELECT event_id FROM events WHERE list_contains($ids, article_id))", params)
        con.execute("DELETE FROM events WHERE list_contains($ids, article_id)", params)
        con.execute("DELETE FROM articles WHERE list_contains($ids, id)", params)
        insert(con, "articles", [article_row(coded, digest) for coded, digest in batch])
        insert(con, "events", events)
        insert(con, "evidence", evidence)
        remerge(con, touched, rules)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(events)


def sync_merge_rules(con: duckdb.DuckDBPyConnection, rules: merge.MergeRules) -> bool:
    """Re-merge the whole store if it was merged under other rules; True if it did."""
    stored = con.execute("SELECT value FROM meta WHERE key = $k", {"k": MERGE_RULES_KEY}).fetchone()
    if stored and stored[0] == rules.fingerprint():
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        blocks = [r[0] for r in con.execute("SELECT DISTINCT block FROM events").fetchall()]
        remerge(con, blocks, rules)
        con.execute("DELETE FROM meta WHERE key = $k", {"k": MERGE_RULES_KEY})
        con.execute("INSERT INTO meta VALUES ($k, $v)", {"k": MERGE_RULES_KEY, "v": rules.fingerprint()})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return bool(stored)


class StoreWriter:
    """Writes batches to a store file, holding it only while a batch is written."""

    def __init__(self, path: str | Path, rules: merge.MergeRules | None = None) -> None:
        self.path = Path(path)
        self.rules = rules or merge.load_merge_rules()
        with writing(self.path) as con:
            sync_merge_rules(con, self.rules)

    def known_hashes(self) -> dict[str, str]:
        with writing(self.path) as con:
            return dict(con.execute("SELECT id, content_hash FROM articles").fetchall())

    def write(self, batch: Sequence[tuple[Coded, str]]) -> int:
        if not batch:
            return 0
        with writing(self.path) as con:
            return write_batch(con, batch, self.rules)
