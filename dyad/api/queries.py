"""The two reads the dashboard needs that dyad.store.queries does not offer: event volume per period
and event counts per place, both over merged events and under the same filters as `dyad events`
(the store's own WHERE builder, so a filter means the same thing on every page)."""

from __future__ import annotations

from typing import Any

import duckdb

from dyad.store import filters as check
from dyad.store import queries as store
from dyad.store.queries import Rows

_QUAD_COUNTS = """count(*) FILTER (WHERE e.quad_class = 1) AS q1, count(*) FILTER (WHERE e.quad_class = 2) AS q2,
       count(*) FILTER (WHERE e.quad_class = 3) AS q3, count(*) FILTER (WHERE e.quad_class = 4) AS q4,
       count(*) AS total"""
MAX_PLACES = 2000


def _merged_where(con: duckdb.DuckDBPyConnection, filters: dict[str, Any], extra: str) -> tuple[str, dict[str, Any]]:
    where, params = store.filter_clause(con, filters, day_column="e.date", text_clause=store.MERGED_TEXT)
    return (where + " AND " + extra if where else " WHERE " + extra), params


def volume(con: duckdb.DuckDBPyConnection, by: str, **filters: Any) -> Rows:
    """Merged events per period (first day of the week, month or year) and quad class, every
    period from the first to the last (zeros where none)."""
    by = check.period(by)
    where, params = _merged_where(con, filters, "e.date IS NOT NULL")
    sql = f"""SELECT CAST(date_trunc($by, e.date) AS DATE) AS period, {_QUAD_COUNTS},
                     round(avg(e.intensity), 2) AS mean_intensity, sum(e.num_articles) AS num_articles
              FROM merged_events e{where} GROUP BY 1 ORDER BY 1"""
    return store.filled(store.rows(con, sql, params | {"by": by}), by, [None])


def places(con: duckdb.DuckDBPyConnection, **filters: Any) -> Rows:
    """Located merged events grouped by place, most events first."""
    where, params = _merged_where(con, filters, "e.lat IS NOT NULL AND e.lon IS NOT NULL")
    sql = f"""SELECT e.place_name AS name, any_value(e.country) AS country, round(avg(e.lat), 4) AS lat,
                     round(avg(e.lon), 4) AS lon, {_QUAD_COUNTS}
              FROM merged_events e{where}
              GROUP BY e.place_name, round(e.lat, 2), round(e.lon, 2)
              ORDER BY total DESC, name LIMIT {MAX_PLACES}"""
    return store.rows(con, sql, params)


def distinct_actors(con: duckdb.DuckDBPyConnection) -> int:
    """How many actor keys appear on either side of a merged event."""
    return con.execute("""SELECT count(*) FROM (SELECT actor_key FROM merged_events WHERE actor_code <> '-'
                          UNION SELECT recipient_key FROM merged_events WHERE recipient_code <> '-')""").fetchone()[0]
