"""Every read of the store, as plain functions: `fn(con, ...) -> list[dict] | dict | None`.

The CLI verbs, the REST API and `dyad.open` all call these; open the connection with
`dyad.store.connection.reading(path)` (read-only, per request, closed at once). Values are plain
Python (str, int, float, `datetime.date`, lists), ready for JSON or `pandas.DataFrame(rows)`.

Two levels of events:
- records (`events`, `event`): one per article, as the coder wrote it (`event_id` = `article:index`);
- merged events (`merged_events`, `merged_event`): one per real-world event however many articles
  report it (GDELT's Events), with `num_articles`, `num_sources`, `first_seen`, `last_seen` and its
  mentions (GDELT's Mentions: one per article and sentence).

Filters shared by `events`, `count_events`, `merged_events`, `count_merged` (all optional, ANDed):
- `actor`, `recipient`: a code (`RUS`), an actor key (`IGO:ECOWAS`) or a canonical name (`Lavrov`),
  case-insensitive;
- `type` (PLOVER type), `status` (occurred|intended|negated), `quad` (1-4);
- `country` (ISO3 of the event's place), `place` (substring of the place name or region);
- `since`, `until`: inclusive bounds on the event's day, as a date or 'YYYY', 'YYYY-MM', 'YYYY-MM-DD';
- `q`: free text, a case-insensitive substring of an evidence sentence, an actor's text or the place;
- `article` (records only): one article's records.
Every value reaches SQL as a parameter, never as SQL text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import duckdb

from dyad.store import merge

Row = dict[str, Any]

EVENT_ORDERS = {
    "date": "e.day ASC NULLS LAST, e.event_id",
    "-date": "e.day DESC NULLS LAST, e.event_id",
    "confidence": "e.confidence ASC, e.event_id",
    "-confidence": "e.confidence DESC, e.event_id",
}
MERGED_ORDERS = {
    "date": "e.date ASC NULLS LAST, e.merged_id",
    "-date": "e.date DESC NULLS LAST, e.merged_id",
    "articles": "e.num_articles ASC, e.date, e.merged_id",
    "-articles": "e.num_articles DESC, e.date, e.merged_id",
}
PERIODS = ("week", "month", "year")


# --- helpers -----------------------------------------------------------------------------------

def rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
    cursor = con.execute(sql, params or {})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def parse_bound(value: str | dt.date | None, *, end: bool = False) -> dt.date | None:
    """'2023', '2023-02' or '2023-02-07' as the first (or, with `end`, the last) day it covers."""
    if value is None or isinstance(value, dt.date):
        return value
    parts = [int(p) for p in value.strip().split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], last if end else 1)
    return dt.date(parts[0], parts[1], parts[2])


def _actor_clause(side: str, param: str) -> str:
    return (f"(upper(e.{side}_code) = upper(${param}) OR upper(e.{side}_key) = upper(${param}) "
            f"OR lower(e.{side}_name) = lower(${param}))")


def _where(filters: dict[str, Any], *, day_column: str, text_clause: str) -> tuple[str, dict[str, Any]]:
    """WHERE clause and parameters for the shared filters (see module docstring)."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if filters.get("actor"):
        clauses.append(_actor_clause("actor", "actor"))
        params["actor"] = filters["actor"]
    if filters.get("recipient"):
        clauses.append(_actor_clause("recipient", "recipient"))
        params["recipient"] = filters["recipient"]
    if filters.get("type"):
        clauses.append("e.event_type = upper($type)")
        params["type"] = filters["type"]
    if filters.get("status"):
        clauses.append("e.status = lower($status)")
        params["status"] = filters["status"]
    if filters.get("quad"):
        clauses.append("e.quad_class = $quad")
        params["quad"] = int(filters["quad"])
    if filters.get("country"):
        clauses.append("upper(e.country) = upper($country)")
        params["country"] = filters["country"]
    if filters.get("place"):
        clauses.append("(contains(lower(e.place_name), lower($place)) OR contains(lower(e.admin1), lower($place)))")
        params["place"] = filters["place"]
    if filters.get("since"):
        clauses.append(f"{day_column} >= $since")
        params["since"] = parse_bound(filters["since"])
    if filters.get("until"):
        clauses.append(f"{day_column} <= $until")
        params["until"] = parse_bound(filters["until"], end=True)
    if filters.get("q"):
        clauses.append(text_clause)
        params["q"] = filters["q"]
    if filters.get("article"):
        clauses.append("e.article_id = $article")
        params["article"] = filters["article"]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _page(limit: int | None, offset: int) -> tuple[str, dict[str, Any]]:
    if limit is None:
        return (" OFFSET $offset", {"offset": offset}) if offset else ("", {})
    return " LIMIT $limit OFFSET $offset", {"limit": int(limit), "offset": int(offset)}


_RECORD_TEXT = ("(EXISTS (SELECT 1 FROM evidence v WHERE v.event_id = e.event_id AND contains(lower(v.sentence), lower($q)))"
                " OR contains(lower(e.actor_text), lower($q)) OR contains(lower(e.recipient_text), lower($q))"
                " OR contains(lower(e.place_name), lower($q)))")
_MERGED_TEXT = ("(EXISTS (SELECT 1 FROM mentions v WHERE v.merged_id = e.merged_id AND contains(lower(v.sentence), lower($q)))"
                " OR contains(lower(e.actor_text), lower($q)) OR contains(lower(e.recipient_text), lower($q))"
                " OR contains(lower(e.place_name), lower($q)))")

_EVENT_COLUMNS = """e.event_id, e.article_id, e.idx, e.event_type, e.mode, e.contexts, e.status,
    e.actor_key, e.actor_code, e.actor_sector, e.actor_name, e.actor_text,
    e.recipient_key, e.recipient_code, e.recipient_sector, e.recipient_name, e.recipient_text,
    e.date, e.day, e.date_raw, e.date_precision, e.date_reason,
    e.place_name, e.place_text, e.country, e.admin1, e.lat, e.lon, e.geonameid, e.place_precision,
    e.confidence, e.quad_class, e.intensity, e.cameo_root, e.sentence,
    a.title AS article_title, a.source AS article_source, a.url AS article_url, a.date AS article_date,
    m.merged_id"""
_EVENT_FROM = """FROM events e JOIN articles a ON a.id = e.article_id
    LEFT JOIN merge_members m ON m.event_id = e.event_id"""


# --- event records -----------------------------------------------------------------------------

def events(con: duckdb.DuckDBPyConnection, *, limit: int | None = None, offset: int = 0, order: str = "date",
           **filters: Any) -> list[Row]:
    """Event records matching the filters, with their article's title/source/url/date and merged_id."""
    where, params = _where(filters, day_column="e.day", text_clause=_RECORD_TEXT)
    page, page_params = _page(limit, offset)
    if limit is None:
        return rows(con, f"SELECT {_EVENT_COLUMNS} {_EVENT_FROM}{where} ORDER BY {EVENT_ORDERS[order]}{page}",
                    params | page_params)
    # Sort and page on the narrow key first, then fetch the wide rows of that page by row id: a
    # top-N over every column of 100,000 records is several times slower (benchmarks/api_latency.py).
    # Readers hold the file read-only, so the row ids cannot change between the two statements.
    ids = [r[0] for r in con.execute(f"SELECT e.rowid FROM events e{where} ORDER BY {EVENT_ORDERS[order]}{page}",
                                     params | page_params).fetchall()]
    return rows(con, f"SELECT {_EVENT_COLUMNS} {_EVENT_FROM} WHERE e.rowid = ANY($ids) ORDER BY {EVENT_ORDERS[order]}",
                {"ids": ids})


def count_events(con: duckdb.DuckDBPyConnection, **filters: Any) -> int:
    where, params = _where(filters, day_column="e.day", text_clause=_RECORD_TEXT)
    return con.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]


def event_records(con: duckdb.DuckDBPyConnection, *, limit: int | None = None, offset: int = 0,
                  order: str = "date", **filters: Any) -> list[Row]:
    """The matching records as the JSON of `dyad.records.Event` (what `dyad code` prints)."""
    where, params = _where(filters, day_column="e.day", text_clause=_RECORD_TEXT)
    page, page_params = _page(limit, offset)
    sql = f"SELECT e.record FROM events e{where} ORDER BY {EVENT_ORDERS[order]}{page}"
    return [json.loads(r[0]) for r in con.execute(sql, params | page_params).fetchall()]


def evidence(con: duckdb.DuckDBPyConnection, event_id: str) -> list[Row]:
    return rows(con, """SELECT sentence, sentence_start, trigger, trigger_start, trigger_end
                        FROM evidence WHERE event_id = $id ORDER BY n""", {"id": event_id})


def event(con: duckdb.DuckDBPyConnection, event_id: str) -> Row | None:
    """One record with its `evidence` list and the `merged` event it belongs to (with mentions)."""
    found = rows(con, f"SELECT {_EVENT_COLUMNS} {_EVENT_FROM} WHERE e.event_id = $id", {"id": event_id})
    if not found:
        return None
    record = found[0]
    record["evidence"] = evidence(con, event_id)
    record["merged"] = merged_event(con, record["merged_id"]) if record["merged_id"] else None
    return record


# --- merged events and mentions ------------------------------------------------------------------

def merged_events(con: duckdb.DuckDBPyConnection, *, limit: int | None = None, offset: int = 0,
                  order: str = "date", **filters: Any) -> list[Row]:
    """Merged events (one per real-world event) matching the filters."""
    filters.pop("article", None)
    where, params = _where(filters, day_column="e.date", text_clause=_MERGED_TEXT)
    page, page_params = _page(limit, offset)
    sql = f"SELECT e.* FROM merged_events e{where} ORDER BY {MERGED_ORDERS[order]}{page}"
    return rows(con, sql, params | page_params)


def count_merged(con: duckdb.DuckDBPyConnection, **filters: Any) -> int:
    filters.pop("article", None)
    where, params = _where(filters, day_column="e.date", text_clause=_MERGED_TEXT)
    return con.execute(f"SELECT count(*) FROM merged_events e{where}", params).fetchone()[0]


def mentions(con: duckdb.DuckDBPyConnection, merged_id: str) -> list[Row]:
    """One row per article and sentence that reports the merged event, oldest article first."""
    return rows(con, """SELECT m.*, a.title AS article_title FROM mentions m JOIN articles a ON a.id = m.article_id
                        WHERE m.merged_id = $id ORDER BY m.article_date NULLS LAST, m.article_id, m.n""",
                {"id": merged_id})


def merged_event(con: duckdb.DuckDBPyConnection, merged_id: str) -> Row | None:
    """One merged event with its `mentions` and the `event_ids` of its member records."""
    found = rows(con, "SELECT * FROM merged_events WHERE merged_id = $id", {"id": merged_id})
    if not found:
        return None
    merged = found[0]
    merged["mentions"] = mentions(con, merged_id)
    merged["event_ids"] = [r[0] for r in con.execute(
        "SELECT event_id FROM merge_members WHERE merged_id = $id ORDER BY event_id", {"id": merged_id}).fetchall()]
    return merged


# --- relations over time, actors, dyads -----------------------------------------------------------

def timeline(con: duckdb.DuckDBPyConnection, actor: str, recipient: str, *, by: str = "month",
             both: bool = True, since: str | dt.date | None = None, until: str | dt.date | None = None) -> list[Row]:
    """Merged events between two actors per period: one row per (period, direction) with counts per
    quad class (`q1`..`q4`), `total`, `mean_intensity` and `num_articles`. `both` adds recipient->actor.
    `period` is the first day of the week (Monday), month or year."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {PERIODS}")
    forward = f"({_actor_clause('actor', 'a')} AND {_actor_clause('recipient', 'b')})"
    backward = f"({_actor_clause('actor', 'b')} AND {_actor_clause('recipient', 'a')})"
    relation = f"({forward} OR {backward})" if both else forward
    params: dict[str, Any] = {"a": actor, "b": recipient, "by": by,
                              "forward": f"{actor}->{recipient}", "backward": f"{recipient}->{actor}"}
    bounds = ""
    if since:
        bounds += " AND e.date >= $since"
        params["since"] = parse_bound(since)
    if until:
        bounds += " AND e.date <= $until"
        params["until"] = parse_bound(until, end=True)
    sql = f"""
        SELECT CAST(date_trunc($by, e.date) AS DATE) AS period,
               CASE WHEN {forward} THEN $forward ELSE $backward END AS direction,
               count(*) FILTER (WHERE e.quad_class = 1) AS q1,
               count(*) FILTER (WHERE e.quad_class = 2) AS q2,
               count(*) FILTER (WHERE e.quad_class = 3) AS q3,
               count(*) FILTER (WHERE e.quad_class = 4) AS q4,
               count(*) AS total,
               round(avg(e.intensity), 2) AS mean_intensity,
               sum(e.num_articles) AS num_articles
        FROM merged_events e
        WHERE e.date IS NOT NULL AND {relation}{bounds}
        GROUP BY ALL ORDER BY period, direction"""
    return rows(con, sql, params)


def actors(con: duckdb.DuckDBPyConnection, *, limit: int | None = 50, since: str | dt.date | None = None,
           until: str | dt.date | None = None) -> list[Row]:
    """Most active actors (by merged events as actor plus as recipient), with their usual name."""
    bounds, params = _bounds(since, until)
    page, page_params = _page(limit, 0)
    sql = f"""
        WITH sides AS (
            SELECT actor_key AS key, actor_code AS code, actor_name AS name, 'actor' AS role, quad_class, intensity
            FROM merged_events e WHERE actor_code <> '-'{bounds}
            UNION ALL
            SELECT recipient_key, recipient_code, recipient_name, 'recipient', quad_class, intensity
            FROM merged_events e WHERE recipient_code <> '-'{bounds})
        SELECT key, any_value(code) AS code, mode(name) AS name,
               count(*) FILTER (WHERE role = 'actor') AS as_actor,
               count(*) FILTER (WHERE role = 'recipient') AS as_recipient,
               count(*) AS total,
               count(*) FILTER (WHERE quad_class <= 2) AS cooperation,
               count(*) FILTER (WHERE quad_class >= 3) AS conflict
        FROM sides GROUP BY key ORDER BY total DESC, key{page}"""
    return rows(con, sql, params | page_params)


def dyads(con: duckdb.DuckDBPyConnection, *, actor: str | None = None, limit: int | None = 50,
          since: str | dt.date | None = None, until: str | dt.date | None = None) -> list[Row]:
    """Most active directed (actor, recipient) pairs, with counts per quad class and mean intensity."""
    bounds, params = _bounds(since, until)
    if actor:
        bounds += f" AND ({_actor_clause('actor', 'who')} OR {_actor_clause('recipient', 'who')})"
        params["who"] = actor
    page, page_params = _page(limit, 0)
    sql = f"""
        SELECT actor_key, recipient_key, count(*) AS total,
               count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,
               round(avg(intensity), 2) AS mean_intensity, sum(num_articles) AS num_articles,
               min(date) AS first_date, max(date) AS last_date
        FROM merged_events e WHERE recipient_code <> '-'{bounds}
        GROUP BY actor_key, recipient_key ORDER BY total DESC, actor_key, recipient_key{page}"""
    return rows(con, sql, params | page_params)


def _bounds(since: str | dt.date | None, until: str | dt.date | None) -> tuple[str, dict[str, Any]]:
    sql, params = "", {}
    if since:
        sql += " AND e.date >= $since"
        params["since"] = parse_bound(since)
    if until:
        sql += " AND e.date <= $until"
        params["until"] = parse_bound(until, end=True)
    return sql, params


# --- articles ---------------------------------------------------------------------------------------

def articles(con: duckdb.DuckDBPyConnection, *, q: str | None = None, source: str | None = None,
             lang: str | None = None, since: str | dt.date | None = None, until: str | dt.date | None = None,
             limit: int | None = None, offset: int = 0) -> list[Row]:
    """Articles without their text (newest first), with `n_events`; `q` searches title and text."""
    clauses, params = [], {}
    if q:
        clauses.append("(contains(lower(title), lower($q)) OR contains(lower(text), lower($q)))")
        params["q"] = q
    if source:
        clauses.append("source = $source")
        params["source"] = source
    if lang:
        clauses.append("lang = $lang")
        params["lang"] = lang
    if since:
        clauses.append("date >= $since")
        params["since"] = parse_bound(since)
    if until:
        clauses.append("date <= $until")
        params["until"] = parse_bound(until, end=True)
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    page, page_params = _page(limit, offset)
    sql = f"""SELECT id, title, date, date_precision, source, url, lang, n_events, skipped_reason, content_hash
              FROM articles{where} ORDER BY date DESC NULLS LAST, id{page}"""
    return rows(con, sql, params | page_params)


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> Row | None:
    """One article with its text and its event records (each with `evidence`)."""
    found = rows(con, "SELECT * FROM articles WHERE id = $id", {"id": article_id})
    if not found:
        return None
    result = found[0]
    result["events"] = events(con, article=article_id)
    for record in result["events"]:
        record["evidence"] = evidence(con, record["event_id"])
    return result


def known_hashes(con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None) -> dict[str, str]:
    """article id -> content hash, for all articles or the given ids."""
    if ids is None:
        return dict(con.execute("SELECT id, content_hash FROM articles").fetchall())
    return dict(con.execute("SELECT id, content_hash FROM articles WHERE list_contains($ids, id)",
                            {"ids": list(ids)}).fetchall())


# --- pledges ------------------------------------------------------------------------------------------

def pledges(con: duckdb.DuckDBPyConnection, *, state: str | None = None, actor: str | None = None,
            recipient: str | None = None, type: str | None = None, as_of: str | dt.date | None = None,
            rules: merge.PledgeRules | None = None) -> list[Row]:
    """Intended merged events of the pledge types with their state: `pending`, `fulfilled` (with the
    fulfilling merged event and `delay_days`) or `lapsed` (no fulfilment by `deadline`). `as_of`
    defaults to the newest article date in the store, so a historical corpus is judged in its own time."""
    rules = rules or merge.load_pledge_rules()
    filters = {"actor": actor, "recipient": recipient, "type": type}
    where, params = _where({k: v for k, v in filters.items() if v}, day_column="e.date", text_clause="")
    status_clause = " AND " if where else " WHERE "
    intended = rows(con, f"SELECT e.* FROM merged_events e{where}{status_clause}e.status = 'intended' "
                         "AND list_contains($types, e.event_type) ORDER BY e.first_seen, e.merged_id",
                    params | {"types": sorted(rules.windows)})
    # Only an occurred event of a pledge's own (actor, type, recipient) can fulfil it.
    relations = sorted({"|".join((r["actor_key"], r["event_type"], r["recipient_key"])) for r in intended})
    candidates = rows(con, """SELECT e.* FROM merged_events e
                              WHERE e.status = 'occurred' AND list_contains($types, e.event_type)
                                AND concat_ws('|', e.actor_key, e.event_type, e.recipient_key)
                                    IN (SELECT unnest($relations))
                              ORDER BY e.date, e.merged_id""",
                      {"types": sorted(rules.windows), "relations": relations})
    articles_of = _articles_of(con, [r["merged_id"] for r in intended + candidates])
    when = parse_bound(as_of, end=True) if as_of else con.execute("SELECT max(date) FROM articles").fetchone()[0]
    result = merge.pledge_states(intended, candidates, articles_of, rules, when)
    return [r for r in result if state is None or r["state"] == state]


def _articles_of(con: duckdb.DuckDBPyConnection, merged_ids: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for merged_id, article_id in con.execute(
            """SELECT mm.merged_id, e.article_id FROM merge_members mm JOIN events e ON e.event_id = mm.event_id
               WHERE mm.merged_id IN (SELECT unnest($ids))""", {"ids": merged_ids}).fetchall():
        found.setdefault(merged_id, set()).add(article_id)
    return found


# --- overview -------------------------------------------------------------------------------------------

def summary(con: duckdb.DuckDBPyConnection) -> Row:
    """Counts and date range of the store."""
    return rows(con, """
        SELECT (SELECT count(*) FROM articles) AS articles,
               (SELECT count(*) FROM articles WHERE skipped_reason IS NOT NULL) AS articles_skipped,
               (SELECT count(DISTINCT source) FROM articles) AS sources,
               (SELECT count(*) FROM events) AS events,
               (SELECT count(*) FROM merged_events) AS merged_events,
               (SELECT count(*) FROM mentions) AS mentions,
               (SELECT min(date) FROM articles) AS first_article,
               (SELECT max(date) FROM articles) AS last_article""")[0]


COUNTABLE = {"event_type", "status", "quad_class", "country", "actor_key", "recipient_key", "mode"}


def counts_by(con: duckdb.DuckDBPyConnection, column: str, *, merged: bool = True, limit: int | None = None) -> list[Row]:
    """How many (merged) events per value of one column of `COUNTABLE` (for facets and charts)."""
    if column not in COUNTABLE:
        raise ValueError(f"column must be one of {sorted(COUNTABLE)}")
    table = "merged_events" if merged else "events"
    page, params = _page(limit, 0)
    return rows(con, f"SELECT {column} AS value, count(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC, value{page}",
                params)
