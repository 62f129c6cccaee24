"""Every read of the store, as plain functions: `fn(con, ...) -> Rows | dict | None`.

The CLI verbs, the REST API and `dyad.open` all call these; open the connection with
`dyad.store.connection.reading(path)` (read-only, per request, closed at once). Values are plain
Python (str, int, float, `datetime.date`, lists), ready for JSON; `Rows` also carries its column
names and which of them hold dates, so `dyad.store.frames.frame` makes a DataFrame of the same
shape whether or not anything matched.

Two levels of events:
- records (`events`, `event`): one per article, as the coder wrote it (`event_id` = `article:index`);
- merged events (`merged_events`, `merged_event`): one per real-world event however many articles
  report it (GDELT's Events), with `num_articles`, `num_sources`, `first_seen`, `last_seen` and its
  mentions (GDELT's Mentions: one per article and sentence).

Filters shared by `events`, `count_events`, `merged_events`, `count_merged`, `dyads` (all optional,
ANDed), checked by dyad.store.filters before any SQL runs (a bad value raises InvalidFilter, a
ValueError; an unknown filter name a TypeError):
- `actor`, `recipient`: a code (`RUS`), an actor key (`IGO:ECOWAS`) or a name (`Mali`, `CEDEAO`,
  `Lavrov`), resolved by dyad.store.actor_names;
- `type` (PLOVER type), `status` (occurred|intended|negated), `quad` (1-4);
- `country` (ISO3 of the event's place), `place` (substring of the place name or region);
- `since`, `until`: inclusive bounds on the event's day, as a date or 'YYYY', 'YYYY-MM', 'YYYY-MM-DD';
- `q`: free text, a case-insensitive substring of an evidence sentence, an actor's text or the place;
- `article` (records only): one article's records.
Every value reaches SQL as a parameter, never as SQL text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb

from dyad.store import actor_names, merge
from dyad.store import filters as check

Row = dict[str, Any]

FILTERS = ("actor", "recipient", "type", "status", "quad", "country", "place", "since", "until", "q")
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
PERIODS = check.PERIODS
COUNTS = ("q1", "q2", "q3", "q4", "total")
# What a pledge's state means, in words: "lapsed" says only that the store holds no fulfilment.
STATE_LABELS = {"fulfilled": "fulfilled", "pending": "no fulfilment found yet", "lapsed": "lapsed"}
PLEDGE_COLUMNS = ("merged_id", "state", "event_type", "actor_key", "actor_name", "recipient_key", "recipient_name",
                  "contexts", "announced", "date", "deadline", "num_articles", "sentence", "fulfilled_by",
                  "fulfilled_date", "delay_days", "fulfilment_sentence", "state_label")
MAX_PEOPLE = 3
LOOKUP_BY_ID = 1000


class Rows(list[Row]):
    """The rows of one read, with its columns in order and the names of those that hold dates."""

    def __init__(self, rows: Iterable[Row], columns: Sequence[str], dates: Iterable[str] = ()) -> None:
        super().__init__(rows)
        self.columns = tuple(columns)
        self.dates = frozenset(dates)


# --- helpers -----------------------------------------------------------------------------------

def rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> Rows:
    cursor = con.execute(sql, params or {})
    names = [d[0] for d in cursor.description]
    dates = [d[0] for d in cursor.description if str(d[1]) == "DATE"]
    return Rows((dict(zip(names, values, strict=True)) for values in cursor.fetchall()), names, dates)


def checked(con: duckdb.DuckDBPyConnection, filters: dict[str, Any]) -> dict[str, Any]:
    """The filters that are set, each checked, actor names resolved, since/until as days."""
    unknown = sorted(set(filters) - {*FILTERS, "article"})
    if unknown:
        raise TypeError(f"unknown filter {', '.join(unknown)}: the filters are {', '.join(FILTERS)}")
    given = {k: v for k, v in filters.items() if v not in (None, "")}
    out: dict[str, Any] = {k: str(given[k]) for k in ("place", "q", "article") if k in given}
    for side in ("actor", "recipient"):
        if side in given:
            out[side] = actor_names.resolve(con, side, given[side])
    if "type" in given:
        out["type"] = check.event_type(given["type"])
    if "status" in given:
        out["status"] = check.status(given["status"])
    if "quad" in given:
        out["quad"] = check.quad(given["quad"])
    if "country" in given:
        out["country"] = check.country(given["country"])
    since, until = check.window(given.get("since"), given.get("until"))
    out |= {k: v for k, v in (("since", since), ("until", until)) if v}
    return out


def _actor_clause(side: str, param: str) -> str:
    return (f"(upper(e.{side}_code) = upper(${param}) OR upper(e.{side}_key) = upper(${param}) "
            f"OR lower(e.{side}_name) = lower(${param}))")


def filter_clause(con: duckdb.DuckDBPyConnection, filters: dict[str, Any], *, day_column: str,
           text_clause: str) -> tuple[str, dict[str, Any]]:
    """WHERE clause and parameters for the shared filters (see module docstring)."""
    params = checked(con, filters)
    clauses = {
        "actor": _actor_clause("actor", "actor"),
        "recipient": _actor_clause("recipient", "recipient"),
        "type": "e.event_type = $type",
        "status": "e.status = $status",
        "quad": "e.quad_class = $quad",
        "country": "e.country = $country",
        "place": "(contains(lower(e.place_name), lower($place)) OR contains(lower(e.admin1), lower($place)))",
        "since": f"{day_column} >= $since",
        "until": f"{day_column} <= $until",
        "q": text_clause,
        "article": "e.article_id = $article",
    }
    used = [clauses[name] for name in clauses if name in params]
    return (" WHERE " + " AND ".join(used)) if used else "", params


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


def _page(limit: int | None, offset: int) -> tuple[str, dict[str, Any]]:
    offset = check.whole("offset", offset, least=0)
    if limit is None:
        return (" OFFSET $offset", {"offset": offset}) if offset else ("", {})
    return " LIMIT $limit OFFSET $offset", {"limit": check.whole("limit", limit, least=1), "offset": offset}


RECORD_TEXT = ("(EXISTS (SELECT 1 FROM evidence v WHERE v.event_id = e.event_id AND contains(lower(v.sentence), lower($q)))"
                " OR contains(lower(e.actor_text), lower($q)) OR contains(lower(e.recipient_text), lower($q))"
                " OR contains(lower(e.place_name), lower($q)))")
MERGED_TEXT = ("(EXISTS (SELECT 1 FROM mentions v WHERE v.merged_id = e.merged_id AND contains(lower(v.sentence), lower($q)))"
               " OR contains(lower(e.actor_text), lower($q)) OR contains(lower(e.recipient_text), lower($q))"
               " OR contains(lower(e.place_name), lower($q)))")

# The one column list of an event record: `dyad events` in every format, `dyad export --format
# csv|parquet`, /api/events and `dyad.open().events()` all give these, in this order.
_EVENT_COLUMNS = """e.event_id, m.merged_id, e.article_id, e.idx, e.event_type, e.mode, e.contexts, e.status,
    e.actor_key, e.actor_code, e.actor_sector, e.actor_name, e.actor_text,
    e.recipient_key, e.recipient_code, e.recipient_sector, e.recipient_name, e.recipient_text,
    e.date, e.date_precision, e.date_raw, e.date_reason, e.day,
    e.place_name, e.place_text, e.country, e.admin1, e.lat, e.lon, e.geonameid, e.place_precision,
    e.dead, e.dead_precision, e.injured, e.injured_precision, e.arrested, e.arrested_precision,
    e.size, e.size_precision,
    e.confidence, e.quad_class, e.intensity, e.cameo_root, e.sentence,
    a.title AS article_title, a.source AS article_source, a.url AS article_url, a.date AS article_date"""
_EVENT_FROM = """FROM events e JOIN articles a ON a.id = e.article_id
    LEFT JOIN merge_members m ON m.event_id = e.event_id"""


# --- event records -----------------------------------------------------------------------------

def events(con: duckdb.DuckDBPyConnection, *, limit: int | None = None, offset: int = 0, order: str = "date",
           **filters: Any) -> Rows:
    """Event records matching the filters, with their merged event and their article's title,
    source, url and date."""
    where, params = filter_clause(con, filters, day_column="e.day", text_clause=RECORD_TEXT)
    order_sql = EVENT_ORDERS[check.choice("order", order, tuple(EVENT_ORDERS))]
    page, page_params = _page(limit, offset)
    if limit is None:
        return rows(con, f"SELECT {_EVENT_COLUMNS} {_EVENT_FROM}{where} ORDER BY {order_sql}{page}",
                    params | page_params)
    # Sort and page on the narrow key first, then fetch the wide rows of that page by row id: a
    # top-N over every column of 100,000 records is several times slower (benchmarks/api_latency.py).
    # Readers hold the file read-only, so the row ids cannot change between the two statements.
    ids = [r[0] for r in con.execute(f"SELECT e.rowid FROM events e{where} ORDER BY {order_sql}{page}",
                                     params | page_params).fetchall()]
    return rows(con, f"SELECT {_EVENT_COLUMNS} {_EVENT_FROM} WHERE e.rowid = ANY($ids) ORDER BY {order_sql}",
                {"ids": ids})


def count_events(con: duckdb.DuckDBPyConnection, **filters: Any) -> int:
    where, params = filter_clause(con, filters, day_column="e.day", text_clause=RECORD_TEXT)
    return con.execute(f"SELECT count(*) FROM events e{where}", params).fetchone()[0]


def event_records(con: duckdb.DuckDBPyConnection, *, limit: int | None = None, offset: int = 0,
                  order: str = "date", **filters: Any) -> list[Row]:
    """The matching records as the JSON of `dyad.records.Event` (what `dyad code` prints)."""
    where, params = filter_clause(con, filters, day_column="e.day", text_clause=RECORD_TEXT)
    order_sql = EVENT_ORDERS[check.choice("order", order, tuple(EVENT_ORDERS))]
    page, page_params = _page(limit, offset)
    sql = f"SELECT e.record FROM events e{where} ORDER BY {order_sql}{page}"
    return [json.loads(r[0]) for r in con.execute(sql, params | page_params).fetchall()]


def evidence(con: duckdb.DuckDBPyConnection, event_id: str) -> Rows:
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
                  order: str = "date", **filters: Any) -> Rows:
    """Merged events (one per real-world event) matching the filters, with the precision of their date."""
    where, params = filter_clause(con, filters, day_column="e.date", text_clause=MERGED_TEXT)
    order_sql = MERGED_ORDERS[check.choice("order", order, tuple(MERGED_ORDERS))]
    page, page_params = _page(limit, offset)
    found = rows(con, f"SELECT e.* FROM merged_events e{where} ORDER BY {order_sql}{page}", params | page_params)
    return _with_precision(con, found)


def _with_precision(con: duckdb.DuckDBPyConnection, merged: Rows) -> Rows:
    """`date_precision` of each merged event: the finest of the members dated on its date (a
    member dated to the month gives its month's first day as its day)."""
    # A page's member links are looked up by id (milliseconds in a store of 100,000 records); for
    # a long list one join over every link is faster than the lookups.
    members, params = "merge_members", {}
    if len(merged) <= LOOKUP_BY_ID:
        members = "(SELECT merged_id, event_id FROM merge_members WHERE merged_id = ANY($ids))"
        params = {"ids": [m["merged_id"] for m in merged]}
    finest = dict(con.execute(f"""
        SELECT mm.merged_id, CASE min(CASE coalesce(ev.date_precision, 'day') WHEN 'day' THEN 1 WHEN 'month' THEN 2
                                      ELSE 3 END) WHEN 1 THEN 'day' WHEN 2 THEN 'month' ELSE 'year' END
        FROM {members} mm JOIN events ev ON ev.event_id = mm.event_id JOIN merged_events m ON m.merged_id = mm.merged_id
        WHERE ev.day = m.date GROUP BY mm.merged_id""", params).fetchall())
    columns = list(merged.columns)
    columns.insert(columns.index("date") + 1, "date_precision")
    # A date no member was given (one worked out from publication dates) is shown to the day.
    return Rows(({**m, "date_precision": finest.get(m["merged_id"], "day") if m["date"] else None} for m in merged),
                columns, merged.dates)


def count_merged(con: duckdb.DuckDBPyConnection, **filters: Any) -> int:
    filters.pop("article", None)
    where, params = filter_clause(con, filters, day_column="e.date", text_clause=MERGED_TEXT)
    return con.execute(f"SELECT count(*) FROM merged_events e{where}", params).fetchone()[0]


def mentions(con: duckdb.DuckDBPyConnection, merged_id: str) -> Rows:
    """One row per article and sentence that reports the merged event, oldest article first."""
    return rows(con, """SELECT m.*, a.title AS article_title FROM mentions m JOIN articles a ON a.id = m.article_id
                        WHERE m.merged_id = $id ORDER BY m.article_date NULLS LAST, m.article_id, m.n""",
                {"id": merged_id})


def mentions_of(con: duckdb.DuckDBPyConnection, merged_ids: Sequence[str]) -> Rows:
    """The mentions of many merged events, in the order of the export tables."""
    return rows(con, """SELECT * FROM mentions WHERE list_contains($ids, merged_id)
                        ORDER BY article_date NULLS LAST, merged_id, article_id, n""", {"ids": list(merged_ids)})


def merged_event(con: duckdb.DuckDBPyConnection, merged_id: str) -> Row | None:
    """One merged event with its `mentions` and the `event_ids` of its member records."""
    found = _with_precision(con, rows(con, "SELECT * FROM merged_events WHERE merged_id = $id", {"id": merged_id}))
    if not found:
        return None
    merged = found[0]
    merged["mentions"] = mentions(con, merged_id)
    merged["event_ids"] = [r[0] for r in con.execute(
        "SELECT event_id FROM merge_members WHERE merged_id = $id ORDER BY event_id", {"id": merged_id}).fetchall()]
    return merged


# --- relations over time, actors, dyads -----------------------------------------------------------

def period_starts(first: dt.date, last: dt.date, by: str) -> list[dt.date]:
    """The first day of every week (Monday), month or year from the one of `first` to `last`."""
    days = []
    day = first
    while day <= last:
        days.append(day)
        if by == "week":
            day += dt.timedelta(days=7)
        elif by == "month":
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        else:
            day = dt.date(day.year + 1, 1, 1)
    return days


def timeline(con: duckdb.DuckDBPyConnection, actor: str, recipient: str, *, by: str = "month",
             both: bool = True, since: str | dt.date | None = None, until: str | dt.date | None = None) -> Rows:
    """Merged events between two actors per period: one row per (period, direction) with counts per
    quad class (`q1`..`q4`), `total`, `mean_intensity` and `num_articles`, every period from the
    first to the last with events in it (zeros where none). `both` adds recipient->actor.
    `period` is the first day of the week (Monday), month or year."""
    by = check.period(by)
    actor = actor_names.resolve(con, "actor", actor)
    recipient = actor_names.resolve(con, "recipient", recipient)
    forward = f"({_actor_clause('actor', 'a')} AND {_actor_clause('recipient', 'b')})"
    backward = f"({_actor_clause('actor', 'b')} AND {_actor_clause('recipient', 'a')})"
    relation = f"({forward} OR {backward})" if both else forward
    directions = [f"{actor}->{recipient}"] + ([f"{recipient}->{actor}"] if both else [])
    params: dict[str, Any] = {"a": actor, "b": recipient, "by": by, "forward": directions[0],
                              "backward": directions[-1]}
    first, last = check.window(since, until)
    bounds = "".join(clause for clause, day in ((" AND e.date >= $since", first), (" AND e.date <= $until", last)) if day)
    params |= {k: v for k, v in (("since", first), ("until", last)) if v}
    found = rows(con, f"""
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
        GROUP BY ALL ORDER BY period, direction""", params)
    return filled(found, by, sorted(directions))


def filled(found: Rows, by: str, directions: Sequence[str | None]) -> Rows:
    """Every period from the first to the last of `found`, for each direction (None: rows without
    one), with zero counts where nothing happened, so a chart or a resample keeps time's scale."""
    columns = ("period", "direction", *COUNTS, "mean_intensity", "num_articles")
    at = {(r["period"], r.get("direction")): r for r in found}
    if not at:
        return Rows([], [c for c in columns if c != "direction" or directions != [None]], {"period"})
    out = []
    for period in period_starts(min(p for p, _ in at), max(p for p, _ in at), by):
        for direction in directions:
            zero = {"period": period, "direction": direction, **dict.fromkeys(COUNTS, 0), "mean_intensity": None,
                    "num_articles": 0}
            row = {**zero, **at.get((period, direction), {})}
            out.append({c: row[c] for c in columns if c != "direction" or direction is not None})
    return Rows(out, list(out[0]), {"period"})


def actors(con: duckdb.DuckDBPyConnection, *, limit: int | None = 50, since: str | dt.date | None = None,
           until: str | dt.date | None = None) -> Rows:
    """Most active actors (by merged events as actor plus as recipient): the actor's own name (the
    country, the organisation) and, apart, the people named under it, most often first."""
    first, last = check.window(since, until)
    bounds = "".join(clause for clause, day in ((" AND e.date >= $since", first), (" AND e.date <= $until", last)) if day)
    params = {k: v for k, v in (("since", first), ("until", last)) if v}
    page, page_params = _page(limit, 0)
    sides = f"""sides AS (
            SELECT actor_key AS key, actor_code AS code, actor_name AS name, 'actor' AS role, quad_class
            FROM merged_events e WHERE actor_code <> '-'{bounds}
            UNION ALL
            SELECT recipient_key, recipient_code, recipient_name, 'recipient', quad_class
            FROM merged_events e WHERE recipient_code <> '-'{bounds})"""
    found = rows(con, f"""
        WITH {sides}
        SELECT key, any_value(code) AS code, NULL AS name, NULL AS people,
               count(*) FILTER (WHERE role = 'actor') AS as_actor,
               count(*) FILTER (WHERE role = 'recipient') AS as_recipient,
               count(*) AS total,
               count(*) FILTER (WHERE quad_class <= 2) AS cooperation,
               count(*) FILTER (WHERE quad_class >= 3) AS conflict
        FROM sides GROUP BY key ORDER BY total DESC, key{page}""", params | page_params)
    named = con.execute(f"WITH {sides} SELECT key, name, count(*) FROM sides WHERE name IS NOT NULL "
                        "AND list_contains($keys, key) GROUP BY ALL", params | {"keys": [r["key"] for r in found]}).fetchall()
    people = actor_names.tables().people
    counts: dict[str, Counter[str]] = {}
    for key, name, n in named:
        if name in people:
            counts.setdefault(key, Counter())[name] += n
    for row in found:
        row["name"] = actor_names.own_name(row["key"])
        row["people"] = [name for name, _ in counts.get(row["key"], Counter()).most_common(MAX_PEOPLE)]
    return found


def dyads(con: duckdb.DuckDBPyConnection, *, involving: str | None = None, limit: int | None = 50,
          **filters: Any) -> Rows:
    """Most active directed (actor, recipient) pairs among the merged events the filters keep
    (`involving`: only pairs with this actor on either side), with counts per quad class and mean
    intensity."""
    where, params = filter_clause(con, filters, day_column="e.date", text_clause=MERGED_TEXT)
    where = _and(where, "e.recipient_code <> '-'")
    if involving not in (None, ""):
        where = _and(where, f"({_actor_clause('actor', 'who')} OR {_actor_clause('recipient', 'who')})")
        params["who"] = actor_names.resolve(con, "involving", involving)
    page, page_params = _page(limit, 0)
    sql = f"""
        SELECT actor_key, recipient_key, count(*) AS total,
               count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
               count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,
               round(avg(intensity), 2) AS mean_intensity, sum(num_articles) AS num_articles,
               min(date) AS first_date, max(date) AS last_date
        FROM merged_events e{where}
        GROUP BY actor_key, recipient_key ORDER BY total DESC, actor_key, recipient_key{page}"""
    return rows(con, sql, params | page_params)


# --- articles ---------------------------------------------------------------------------------------

def articles(con: duckdb.DuckDBPyConnection, *, q: str | None = None, source: str | None = None,
             lang: str | None = None, since: str | dt.date | None = None, until: str | dt.date | None = None,
             limit: int | None = None, offset: int = 0) -> Rows:
    """Articles without their text (newest first), with `n_events`; `q` searches title and text."""
    first, last = check.window(since, until)
    clauses, params = [], {}
    for value, name, clause in ((q, "q", "(contains(lower(title), lower($q)) OR contains(lower(text), lower($q)))"),
                                (source, "source", "source = $source"), (lang, "lang", "lang = $lang"),
                                (first, "since", "date >= $since"), (last, "until", "date <= $until")):
        if value not in (None, ""):
            clauses.append(clause)
            params[name] = value
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
            rules: merge.PledgeRules | None = None) -> Rows:
    """Intended merged events of the pledge types with their state: `pending` (no fulfilment found
    yet), `fulfilled` (with the fulfilling merged event and `delay_days`) or `lapsed` (the store
    holds no fulfilment by `deadline`), and `state_label`, the state in words. `as_of`
    defaults to the newest article date in the store, so a historical corpus is judged in its own time
    (leaving out dates after the day their article was ingested, which are typos or placeholders)."""
    state = check.pledge_state(state) if state not in (None, "") else None
    when = check.bound("as_of", as_of, end=True) if as_of not in (None, "") else None
    rules = rules or merge.load_pledge_rules()
    where, params = filter_clause(con, {"actor": actor, "recipient": recipient, "type": type}, day_column="e.date",
                           text_clause="")
    intended = rows(con, f"SELECT e.* FROM merged_events e{_and(where, 'e.status = $intended')} "
                         "AND list_contains($types, e.event_type) ORDER BY e.first_seen, e.merged_id",
                    params | {"types": sorted(rules.windows), "intended": "intended"})
    # Only an occurred event of a pledge's own (actor, type, recipient) can fulfil it.
    relations = sorted({"|".join((r["actor_key"], r["event_type"], r["recipient_key"])) for r in intended})
    candidates = rows(con, """SELECT e.* FROM merged_events e
                              WHERE e.status = 'occurred' AND list_contains($types, e.event_type)
                                AND concat_ws('|', e.actor_key, e.event_type, e.recipient_key)
                                    IN (SELECT unnest($relations))
                              ORDER BY e.date, e.merged_id""",
                      {"types": sorted(rules.windows), "relations": relations})
    articles_of = _articles_of(con, [r["merged_id"] for r in intended + candidates])
    when = when or con.execute("SELECT max(date) FROM articles WHERE NOT date_after_ingest").fetchone()[0]
    return Rows((r | {"state_label": STATE_LABELS[r["state"]]}
                 for r in merge.pledge_states(intended, candidates, articles_of, rules, when)
                 if state is None or r["state"] == state),
                PLEDGE_COLUMNS, {"announced", "date", "deadline", "fulfilled_date"})


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


def counts_by(con: duckdb.DuckDBPyConnection, column: str, *, merged: bool = True, limit: int | None = None) -> Rows:
    """How many (merged) events per value of one column of `COUNTABLE` (for facets and charts)."""
    if column not in COUNTABLE:
        raise ValueError(f"column must be one of {sorted(COUNTABLE)}")
    table = "merged_events" if merged else "events"
    page, params = _page(limit, 0)
    return rows(con, f"SELECT {column} AS value, count(*) AS n FROM {table} GROUP BY 1 ORDER BY n DESC, value{page}",
                params)
