"""Exports of the store: PLOVER JSONL, CSV, Parquet partitioned by month, GDELT-style tables.

- plover: one PLOVER JSON record a line (`dyad.plover.to_plover`), a file.
- csv: the event records (or merged events), one flat row each, a file.
- parquet: a folder with `events/`, `merged_events/` and `mentions/` datasets, hive-partitioned by
  `month=YYYY-MM` (of the event's day; `month=unknown` for undated rows); DuckDB
  (`read_parquet('OUT/events/**/*.parquet', hive_partitioning=true)`) and pandas
  (`pd.read_parquet('OUT/events')`) read them back.
- gdelt: a folder with `events.csv` (one row per merged event) and `mentions.csv` (one row per
  article and sentence), tab-separated with a header like GDELT 2.0's files, under GDELT's column
  names. Differences: country codes are ISO 3166 alpha-3 (GDELT uses FIPS), EventCode is the CAMEO
  root only, AvgTone is empty, and Dyad* columns carry the PLOVER type, status and merged id.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from dyad.plover import to_plover
from dyad.records import Event

FORMATS = ("plover", "csv", "parquet", "gdelt")
UNKNOWN_MONTH = "unknown"


def gdelt_id(merged_id: str) -> int:
    """A stable positive 60-bit integer for a merged event (GDELT ids are integers)."""
    return int(hashlib.sha1(merged_id.encode("utf-8")).hexdigest()[:15], 16)


def export_plover(con: duckdb.DuckDBPyConnection, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as handle:
        for (record,) in con.execute("SELECT record FROM events ORDER BY day NULLS LAST, event_id").fetchall():
            handle.write(json.dumps(to_plover(Event.model_validate_json(record)), ensure_ascii=False) + "\n")
            n += 1
    return n


RECORD_CSV_SQL = """
    SELECT e.event_id, e.article_id, e.day, e.date, e.date_precision, e.date_reason, e.event_type, e.mode,
           array_to_string(e.contexts, ';') AS contexts, e.status,
           e.actor_key, e.actor_code, e.actor_sector, e.actor_name, e.actor_text,
           e.recipient_key, e.recipient_code, e.recipient_sector, e.recipient_name, e.recipient_text,
           e.place_name, e.country, e.admin1, e.lat, e.lon, e.geonameid, e.place_precision,
           e.confidence, e.quad_class, e.intensity, e.cameo_root, e.sentence,
           m.merged_id, a.source, a.url, a.date AS article_date
    FROM events e JOIN articles a ON a.id = e.article_id LEFT JOIN merge_members m ON m.event_id = e.event_id
    ORDER BY e.day NULLS LAST, e.event_id"""
MERGED_CSV_SQL = """
    SELECT * EXCLUDE (contexts), array_to_string(contexts, ';') AS contexts
    FROM merged_events ORDER BY date NULLS LAST, merged_id"""


def export_csv(con: duckdb.DuckDBPyConnection, out: Path, *, merged: bool = False) -> int:
    frame = con.execute(MERGED_CSV_SQL if merged else RECORD_CSV_SQL).df()
    frame.to_csv(out, index=False)
    return len(frame)


PARQUET_SQL = {
    "events": """SELECT e.* EXCLUDE (record), coalesce(strftime(e.day, '%Y-%m'), $unknown) AS month
                 FROM events e ORDER BY e.day NULLS LAST, e.event_id""",
    "merged_events": """SELECT e.*, coalesce(strftime(e.date, '%Y-%m'), $unknown) AS month
                        FROM merged_events e ORDER BY e.date NULLS LAST, e.merged_id""",
    "mentions": """SELECT m.*, coalesce(strftime(m.article_date, '%Y-%m'), $unknown) AS month
                   FROM mentions m ORDER BY m.article_date NULLS LAST, m.merged_id, m.article_id, m.n""",
}


def export_parquet(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    counts = {}
    for name, sql in PARQUET_SQL.items():
        table = con.sql(sql, params={"unknown": UNKNOWN_MONTH}).to_arrow_table()
        _write_partitioned(table, out / name)
        counts[name] = table.num_rows
    return counts


def _write_partitioned(table: pa.Table, folder: Path) -> None:
    partitioning = ds.partitioning(pa.schema([("month", pa.string())]), flavor="hive")
    if table.num_rows == 0:
        folder.mkdir(parents=True, exist_ok=True)
        return
    table = table.set_column(table.schema.get_field_index("month"), "month", pc.cast(table["month"], pa.string()))
    ds.write_dataset(table, folder, format="parquet", partitioning=partitioning,
                     existing_data_behavior="delete_matching", basename_template="part-{i}.parquet")


GDELT_EVENTS_SQL = """
    SELECT e.merged_id AS DyadMergedId,
           CAST(strftime(e.date, '%Y%m%d') AS INTEGER) AS SQLDATE,
           CAST(strftime(e.date, '%Y%m') AS INTEGER) AS MonthYear,
           year(e.date) AS Year,
           round(year(e.date) + (dayofyear(e.date) - 1) / 365.0, 4) AS FractionDate,
           nullif(e.actor_code, '-') || coalesce(e.actor_sector, '') AS Actor1Code,
           coalesce(e.actor_name, e.actor_text) AS Actor1Name,
           nullif(e.actor_code, '-') AS Actor1CountryCode, e.actor_sector AS Actor1Type1Code,
           nullif(e.recipient_code, '-') || coalesce(e.recipient_sector, '') AS Actor2Code,
           coalesce(e.recipient_name, e.recipient_text) AS Actor2Name,
           nullif(e.recipient_code, '-') AS Actor2CountryCode, e.recipient_sector AS Actor2Type1Code,
           1 AS IsRootEvent, e.cameo_root AS EventCode, e.cameo_root AS EventBaseCode, e.cameo_root AS EventRootCode,
           e.quad_class AS QuadClass, e.intensity AS GoldsteinScale,
           e.num_mentions AS NumMentions, e.num_sources AS NumSources, e.num_articles AS NumArticles,
           NULL AS AvgTone,
           CASE e.place_precision WHEN 'country' THEN 1 WHEN 'region' THEN 5 WHEN 'city' THEN 4 END AS ActionGeo_Type,
           e.place_name AS ActionGeo_FullName, e.country AS ActionGeo_CountryCode, e.admin1 AS ActionGeo_ADM1Code,
           e.lat AS ActionGeo_Lat, e.lon AS ActionGeo_Long, e.geonameid AS ActionGeo_FeatureID,
           CAST(strftime(e.last_seen, '%Y%m%d') AS INTEGER) AS DATEADDED,
           (SELECT coalesce(m.url, m.article_id) FROM mentions m WHERE m.merged_id = e.merged_id
            ORDER BY m.article_date NULLS LAST, m.article_id, m.n LIMIT 1) AS SOURCEURL,
           e.event_type AS DyadEventType, e.status AS DyadStatus
    FROM merged_events e ORDER BY e.date NULLS LAST, e.merged_id"""
GDELT_MENTIONS_SQL = """
    SELECT m.merged_id AS DyadMergedId,
           CAST(strftime(e.date, '%Y%m%d') AS INTEGER) AS EventTimeDate,
           CAST(strftime(m.article_date, '%Y%m%d') AS INTEGER) AS MentionTimeDate,
           1 AS MentionType, m.source AS MentionSourceName, coalesce(m.url, m.article_id) AS MentionIdentifier,
           m.n + 1 AS SentenceID, -1 AS Actor1CharOffset, -1 AS Actor2CharOffset,
           m.trigger_start AS ActionCharOffset, 1 AS InRawText,
           CAST(round(100 * coalesce(m.confidence, 0)) AS INTEGER) AS Confidence,
           length(a.text) AS MentionDocLen, NULL AS MentionDocTone
    FROM mentions m JOIN merged_events e ON e.merged_id = m.merged_id JOIN articles a ON a.id = m.article_id
    ORDER BY m.merged_id, m.article_date NULLS LAST, m.article_id, m.n"""


GDELT_INTEGERS = ("SQLDATE", "MonthYear", "Year", "ActionGeo_Type", "ActionGeo_FeatureID", "DATEADDED",
                  "EventTimeDate", "MentionTimeDate", "ActionCharOffset", "MentionDocLen")


def export_gdelt(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name, sql in (("events", GDELT_EVENTS_SQL), ("mentions", GDELT_MENTIONS_SQL)):
        frame = con.execute(sql).df()
        # Nullable integers, so an undated row does not turn 20230207 into 20230207.0 in the file.
        frame = frame.astype({c: "Int64" for c in GDELT_INTEGERS if c in frame.columns})
        frame.insert(0, "GLOBALEVENTID", [gdelt_id(m) for m in frame["DyadMergedId"]])
        frame.to_csv(out / f"{name}.csv", sep="\t", index=False)
        counts[name] = len(frame)
    return counts


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: Path, *, merged: bool = False) -> dict[str, int]:
    """Write the store in one format; returns rows written per table."""
    if fmt == "plover":
        return {"events": export_plover(con, out)}
    if fmt == "csv":
        return {"merged_events" if merged else "events": export_csv(con, out, merged=merged)}
    if fmt == "parquet":
        return export_parquet(con, out)
    if fmt == "gdelt":
        return export_gdelt(con, out)
    raise ValueError(f"format must be one of {FORMATS}")
