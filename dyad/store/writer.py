"""Writing coded articles: one transaction per batch (articles + their events + merge updates).

A batch replaces each of its articles wholesale (its old events and evidence go), then re-merges
every block the old or new events belong to. Merged tables are recomputed from the events alone,
so any sequence of committed batches, interrupted or not, leaves the same store.

A publication date later than the ingest day (plus FUTURE_MARGIN_DAYS, for time zones and
tomorrow's editions) is a typo or a placeholder: the article is stored with `date_after_ingest`
set, and the store's "now", against which pledges age, leaves it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dyad.pipeline import Coded
from dyad.records import Article, Event, actor_key
from dyad.store import merge
from dyad.store.connection import check_intact, writing
from dyad.vocabulary import COUNT_KEYS

Row = dict[str, Any]
MERGE_RULES_KEY = "merge_rules"
# How many merge windows around a batch's records the writer reads at first (more if asked).
NEAR_WINDOWS = 3
FUTURE_MARGIN_DAYS = 2


def after_ingest(article: Article, today: dt.date) -> bool:
    """Is the article dated after the ingest day (beyond the margin)?"""
    return article.date is not None and article.date > today + dt.timedelta(days=FUTURE_MARGIN_DAYS)


@dataclass
class Written:
    """What one batch did to the store besides its events: which articles it replaced (with where
    the replaced version had been read, when known) and which it flagged as dated after the ingest day."""

    events: int = 0
    replaced: dict[str, str | None] = field(default_factory=dict)
    after_ingest: list[Article] = field(default_factory=list)


def article_row(coded: Coded, digest: str, origin: str | None, today: dt.date) -> Row:
    article = coded.article
    return {
        "id": article.id, "content_hash": digest, "lang": article.lang, "title": article.title,
        "date": article.date, "date_precision": article.date_precision, "source": article.source,
        "url": article.url, "text": article.text, "n_events": len(coded.events),
        "skipped_reason": coded.skipped.reason if coded.skipped else None,
        "origin": origin, "date_after_ingest": after_ingest(article, today),
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
        "record": event.model_dump_json(), **count_columns(event),
    }


def count_columns(event: Event) -> Row:
    """The record's counts as the store's columns: `dead` and `dead_precision`, and so on."""
    columns: Row = {}
    for key in COUNT_KEYS:
        count = event.counts.get(key)
        columns[key] = count.n if count else None
        columns[f"{key}_precision"] = count.precision if count else None
    return columns


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


# What clustering reads of a record (merge.compatible, merge.span): its block, dates, place, article.
CLUSTER_COLUMNS = """e.event_id, e.article_id, e.idx, e.block, e.quad_class, e.date, e.date_precision,
    e.date_reason, e.country, e.place_precision, e.place_name, e.lat, e.lon, a.date AS article_date"""


def span_sql(rules: merge.MergeRules) -> tuple[str, str]:
    """merge.span as two SQL expressions over `events e JOIN articles a` (NULL for a record without
    any date, which may be any day), so that a query can pick the records near some days."""
    by_text = "e.date IS NOT NULL AND NOT starts_with(coalesce(e.date_reason, ''), 'publication')"
    published = "coalesce(a.date, e.date)"
    start = f"""CASE WHEN {by_text} THEN CASE coalesce(e.date_precision, 'day')
                    WHEN 'month' THEN CAST(date_trunc('month', e.date) AS DATE)
                    WHEN 'year' THEN make_date(year(e.date), 1, 1) ELSE e.date END
                ELSE CAST({published} - INTERVAL ({rules.undated_slack_days}) DAY AS DATE) END"""
    end = f"""CASE WHEN {by_text} THEN CASE coalesce(e.date_precision, 'day')
                  WHEN 'month' THEN last_day(e.date)
                  WHEN 'year' THEN make_date(year(e.date), 12, 31) ELSE e.date END
              ELSE {published} END"""
    return start, end


def _named_as_known_sql(rules: merge.MergeRules) -> str:
    """merge.named_as_known over a record's first evidence sentence, in SQL. RE2's \\W knows only
    ASCII letters, so this finds a marker wherever Python's pattern does, and sometimes more: a
    superset, as reach_sql must be."""
    markers = ", ".join("'" + marker.replace("'", "''") + "'" for marker in sorted(rules.known_markers))
    before_trigger = "substr(ev.sentence, 1, greatest(0, ev.trigger_start - ev.sentence_start))"
    pattern = r"([^\W\d_]+['’]?)\W*$".replace("'", "''")
    last_word = f"replace(lower(regexp_extract({before_trigger}, '{pattern}', 1)), '’', '''')"
    return f"""EXISTS (SELECT 1 FROM evidence ev WHERE ev.event_id = e.event_id AND ev.n = 0
                       AND {last_word} IN ({markers}))"""


def reach_sql(rules: merge.MergeRules) -> tuple[str, str]:
    """A superset of merge.reach_of in SQL: the span, and for every record its own text does not date
    to the day, or whose first trigger comes right after a word that names an event as known ("le
    coup d'État"), the year before its publication that a reference may refer to."""
    start, end = span_sql(rules)
    borrowed = " OR ".join(f"starts_with(coalesce(e.date_reason, ''), '{reason}')"
                           for reason in merge.BORROWED_DATE_REASONS)
    refers = f"""(a.date IS NOT NULL AND (NOT (e.date IS NOT NULL AND coalesce(e.date_precision, 'day') = 'day'
                                               AND NOT ({borrowed})) OR {_named_as_known_sql(rules)}))"""
    return (f"CASE WHEN {refers} THEN least({start}, CAST(a.date - INTERVAL ({rules.reference_days}) DAY AS DATE)) "
            f"ELSE {start} END",
            f"CASE WHEN {refers} THEN greatest({end}, a.date) ELSE {end} END")


def _intervals(days: set[int]) -> tuple[list[dt.date], list[dt.date]]:
    """Runs of consecutive day numbers, as first and last dates."""
    firsts: list[dt.date] = []
    lasts: list[dt.date] = []
    for day in sorted(days):
        if lasts and day == lasts[-1].toordinal() + 1:
            lasts[-1] = dt.date.fromordinal(day)
        else:
            firsts.append(dt.date.fromordinal(day))
            lasts.append(dt.date.fromordinal(day))
    return firsts, lasts


def _records_near(con: duckdb.DuckDBPyConnection, block: str, days: set[int] | None,
                  rules: merge.MergeRules) -> list[Row]:
    """The block's records whose reach meets `days` (all of them for None), as clustering reads
    them, each with the merged id it has (None if new) and its evidence sentences."""
    start, end = reach_sql(rules)
    block_records = f"""SELECT {CLUSTER_COLUMNS}, mm.merged_id, {start} AS span_start, {end} AS span_end
                        FROM events e JOIN articles a ON a.id = e.article_id
                        LEFT JOIN merge_members mm ON mm.event_id = e.event_id
                        WHERE e.block = $block"""
    if days is None:
        records = _fetch(con, f"SELECT * EXCLUDE (span_start, span_end) FROM ({block_records})", {"block": block})
    else:
        firsts, lasts = _intervals(days)
        records = _fetch(con, f"""WITH r AS ({block_records}),
                                       w AS (SELECT unnest($firsts) AS first, unnest($lasts) AS last)
                                  SELECT DISTINCT r.* EXCLUDE (span_start, span_end)
                                  FROM r JOIN w ON r.span_start <= w.last AND r.span_end >= w.first
                                  UNION ALL SELECT * EXCLUDE (span_start, span_end) FROM r WHERE span_start IS NULL""",
                         {"block": block, "firsts": firsts, "lasts": lasts})
    sentences: dict[str, list[Row]] = {}
    for event_id, sentence, sentence_start, trigger_start in con.execute(
            """SELECT event_id, sentence, sentence_start, trigger_start FROM evidence
               WHERE list_contains($ids, event_id) ORDER BY event_id, n""",
            {"ids": [r["event_id"] for r in records]}).fetchall():
        sentences.setdefault(event_id, []).append({"sentence": sentence, "sentence_start": sentence_start,
                                                   "trigger_start": trigger_start})
    for record in records:
        record["evidence"] = sentences.get(record["event_id"], [])
    return records


def _full_records(con: duckdb.DuckDBPyConnection, event_ids: list[str]) -> dict[str, Row]:
    """Every column of the given records, with their article's date, source and url, and evidence."""
    params = {"ids": event_ids}
    records = {r["event_id"]: r for r in _fetch(con, """SELECT e.*, a.date AS article_date, a.source, a.url
                                                        FROM events e JOIN articles a ON a.id = e.article_id
                                                        WHERE list_contains($ids, e.event_id)""", params)}
    for record in records.values():
        record["evidence"] = []
    for ev in _fetch(con, "SELECT * FROM evidence WHERE list_contains($ids, event_id) ORDER BY event_id, n", params):
        records[ev["event_id"]]["evidence"].append(ev)
    return records


def _unmerged(con: duckdb.DuckDBPyConnection, block: str) -> list[Row]:
    """The block's records that belong to no merged event yet: the batch's new ones."""
    return _fetch(con, f"""SELECT {CLUSTER_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id
                           LEFT JOIN merge_members mm ON mm.event_id = e.event_id
                           WHERE e.block = $block AND mm.merged_id IS NULL""", {"block": block})


def _days_near(records: list[Row], rules: merge.MergeRules) -> set[int] | None:
    """The days within three merge windows of these records' spans (None: all days): a change
    reaches the members of the clusters it touches, and their neighbours are decided again."""
    days: set[int] = set()
    for record in records:
        first, last = merge.reach_of(record, rules)
        if (first, last) == merge.ANY_DAY:
            return None
        reach = NEAR_WINDOWS * rules.window_days[int(record["quad_class"])]
        days.update(range(first - reach, last + reach + 1))
    return days


def _widened(days: set[int], rules: merge.MergeRules) -> set[int]:
    """The days, each run of them widened by NEAR_WINDOWS merge windows on both sides."""
    margin = NEAR_WINDOWS * max(rules.window_days.values())
    firsts, lasts = _intervals(days)
    return {day for first, last in zip(firsts, lasts, strict=True)
            for day in range(first.toordinal() - margin, last.toordinal() + margin + 1)}


def _recluster(con: duckdb.DuckDBPyConnection, block: str, gone: list[Row], rules: merge.MergeRules, *,
               from_scratch: bool) -> merge.Reclustered:
    """The block's new partition, reading only the records near its new and gone ones, and more
    as the pass asks for them (merge.recluster's `needed`)."""
    days = None if from_scratch else _days_near(_unmerged(con, block) + gone, rules)
    while True:
        records = _records_near(con, block, days, rules)
        before = {} if from_scratch else {r["event_id"]: r["merged_id"] for r in records if r["merged_id"]}
        result = merge.recluster(records, rules, before, gone)
        if days is None or (result.needed is not None and result.needed <= days):
            return result
        # Asked for more: read a margin beyond it too, so that a cascade costs few reads.
        days = None if result.needed is None else days | _widened(result.needed, rules)


def _delete_merged(con: duckdb.DuckDBPyConnection, merged_ids: Iterable[str]) -> None:
    params = {"ids": sorted(merged_ids)}
    if not params["ids"]:
        return
    for table in ("mentions", "merge_members", "merged_events"):
        con.execute(f"DELETE FROM {table} WHERE list_contains($ids, merged_id)", params)


def remerge(con: duckdb.DuckDBPyConnection, blocks: Iterable[str], rules: merge.MergeRules,
            gone: Sequence[Row] = (), *, from_scratch: bool = False) -> None:
    """Bring the merged events, members and mentions of the given blocks up to date with their
    records: a record without a merged event (a new one) is placed, `gone` records (deleted since,
    each with its `merged_id`) are taken out, a record near a change may move (merge.recluster),
    and only the merged events whose members changed are rewritten, so a batch costs what the
    neighbourhood in time of its records costs, not what their blocks' history does.
    `from_scratch` recomputes every merged event of the blocks (after a change of the rules)."""
    blocks = sorted(set(blocks))
    if not blocks:
        return
    if from_scratch:
        params = {"blocks": blocks}
        old = "SELECT merged_id FROM merged_events WHERE list_contains($blocks, block)"
        con.execute(f"DELETE FROM mentions WHERE merged_id IN ({old})", params)
        con.execute(f"DELETE FROM merge_members WHERE merged_id IN ({old})", params)
        con.execute("DELETE FROM merged_events WHERE list_contains($blocks, block)", params)
    stale: set[str] = set()
    rewrite: list[list[str]] = []
    for block in blocks:
        result = _recluster(con, block, [r for r in gone if r["block"] == block], rules, from_scratch=from_scratch)
        stale |= result.changed
        rewrite.extend([m["event_id"] for m in members] for cluster_id, members in result.clusters.items()
                       if cluster_id in result.changed)
    _delete_merged(con, stale)
    full = _full_records(con, [event_id for cluster in rewrite for event_id in cluster])
    merged, links, mentions = [], [], []
    for cluster in rewrite:
        event, cluster_links, cluster_mentions = merge.merge_cluster([full[e] for e in cluster], rules)
        merged.append(event)
        links.extend(cluster_links)
        mentions.extend(cluster_mentions)
    insert(con, "merged_events", merged)
    insert(con, "merge_members", links)
    insert(con, "mentions", mentions)


def _gone(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> list[Row]:
    """The stored records of these articles, as clustering reads them, with their merged id."""
    return _fetch(con, f"""SELECT {CLUSTER_COLUMNS}, mm.merged_id
                           FROM events e JOIN articles a ON a.id = e.article_id
                           LEFT JOIN merge_members mm ON mm.event_id = e.event_id
                           WHERE list_contains($ids, e.article_id)""", {"ids": article_ids})


def write_batch(con: duckdb.DuckDBPyConnection, batch: Sequence[tuple[Coded, str]], rules: merge.MergeRules, *,
                origins: Mapping[str, str] | None = None, today: dt.date | None = None) -> Written:
    """Replace the batch's articles and their events, and re-merge the touched blocks, in one
    transaction. `origins` says where each article was read; `today` is the ingest day."""
    origins = origins or {}
    today = today or dt.date.today()
    ids = [coded.article.id for coded, _ in batch]
    events, evidence = [], []
    for coded, _ in batch:
        for index, event in enumerate(coded.events):
            row = event_row(event, index, coded.article)
            events.append(row)
            evidence.extend(evidence_rows(event, row["event_id"]))
    written = Written(len(events), after_ingest=[c.article for c, _ in batch if after_ingest(c.article, today)])
    con.execute("BEGIN TRANSACTION")
    try:
        gone = _gone(con, ids)
        touched = {row["block"] for row in gone} | {row["block"] for row in events}
        params = {"ids": ids}
        written.replaced = dict(con.execute("SELECT id, origin FROM articles WHERE list_contains($ids, id)",
                                            params).fetchall())
        for table in ("evidence", "merge_members"):
            con.execute(f"DELETE FROM {table} WHERE event_id IN "
                        "(SELECT event_id FROM events WHERE list_contains($ids, article_id))", params)
        con.execute("DELETE FROM events WHERE list_contains($ids, article_id)", params)
        con.execute("DELETE FROM articles WHERE list_contains($ids, id)", params)
        insert(con, "articles", [article_row(coded, digest, origins.get(coded.article.id), today)
                                 for coded, digest in batch])
        insert(con, "events", events)
        insert(con, "evidence", evidence)
        remerge(con, touched, rules, [row for row in gone if row["merged_id"] is not None])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return written


def sync_merge_rules(con: duckdb.DuckDBPyConnection, rules: merge.MergeRules) -> bool:
    """Re-merge the whole store if it was merged under other rules; True if it did."""
    stored = con.execute("SELECT value FROM meta WHERE key = $k", {"k": MERGE_RULES_KEY}).fetchone()
    if stored and stored[0] == rules.fingerprint():
        return False
    con.execute("BEGIN TRANSACTION")
    try:
        blocks = [r[0] for r in con.execute("SELECT DISTINCT block FROM events").fetchall()]
        remerge(con, blocks, rules, from_scratch=True)
        con.execute("DELETE FROM meta WHERE key = $k", {"k": MERGE_RULES_KEY})
        con.execute("INSERT INTO meta VALUES ($k, $v)", {"k": MERGE_RULES_KEY, "v": rules.fingerprint()})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return bool(stored)


class StoreWriter:
    """Writes batches to a store file, holding it only while a batch is written, and waiting at
    most `wait_s` for another process to let go of it. `today` is the ingest day (the clock
    against which publication dates are judged)."""

    def __init__(self, path: str | Path, rules: merge.MergeRules | None = None, *, today: dt.date | None = None,
                 wait_s: float | None = None) -> None:
        self.path = Path(path)
        self.rules = rules or merge.load_merge_rules()
        self.today = today or dt.date.today()
        self.wait_s = wait_s
        with writing(self.path, wait_s=wait_s) as con:
            check_intact(con, self.path)
            sync_merge_rules(con, self.rules)

    def known_hashes(self) -> dict[str, str]:
        with writing(self.path, wait_s=self.wait_s) as con:
            return dict(con.execute("SELECT id, content_hash FROM articles").fetchall())

    def write(self, batch: Sequence[tuple[Coded, str]], origins: Mapping[str, str] | None = None) -> Written:
        if not batch:
            return Written()
        with writing(self.path, wait_s=self.wait_s) as con:
            return write_batch(con, batch, self.rules, origins=origins, today=self.today)
