"""Exports of the store: PLOVER JSONL, CSV, Parquet partitioned by month, GDELT-style tables.

Every export takes the filters of `dyad events` (dyad.store.queries) and writes only what they keep.
- plover: one PLOVER JSON record a line (`dyad.plover.to_plover`), a file.
- csv: the event records (or merged events), one flat row each, a file; the columns of
  `dyad events --format csv` (dyad.store.formats).
- parquet: a folder with `events/`, `merged_events/` and `mentions/` datasets, hive-partitioned by
  `month=YYYY-MM` (of the event's day; `month=unknown` for undated rows); DuckDB
  (`read_parquet('OUT/events/**/*.parquet', hive_partitioning=true)`) and pandas
  (`pd.read_parquet('OUT/events')`) read them back. `events` has the columns of the CSV.
- gdelt: a folder with `events.csv` (one row per merged event) and `mentions.csv` (one row per
  article and sentence), tab-separated with a header like GDELT 2.0's files, under GDELT's column
  names. Differences: country codes are ISO 3166 alpha-3 (GDELT uses FIPS), EventCode is the CAMEO
  root only, AvgTone is empty, and Dyad* columns carry the PLOVER type, status and merged id.

Nothing is ever half-written: a file is written under a temporary name in its own folder and
renamed into place; a folder export is built the same way and replaces the whole folder (only an
empty folder or an earlier export of the same format, never a folder holding anything else).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import duckdb

from dyad.plover import to_plover
from dyad.records import Event
from dyad.store import formats, queries

FILE_FORMATS = ("plover", "csv")
FOLDER_FORMATS = {"parquet": {"events", "merged_events", "mentions"}, "gdelt": {"events.csv", "mentions.csv"}}
FORMATS = (*FILE_FORMATS, *FOLDER_FORMATS)
UNKNOWN_MONTH = "unknown"


class ExportRefused(ValueError):
    """An export target Dyad will not write: a missing folder, a folder where a file goes, a folder
    holding other files."""


def gdelt_id(merged_id: str) -> int:
    """A stable positive 60-bit integer for a merged event (GDELT ids are integers)."""
    return int(hashlib.sha1(merged_id.encode("utf-8")).hexdigest()[:15], 16)


# --- targets -------------------------------------------------------------------------------------------

def check_target(fmt: str, out: Path) -> None:
    """Refuse, before anything is read, a target the format cannot be written to."""
    if fmt not in FORMATS:
        raise ExportRefused(f"format must be one of {', '.join(FORMATS)}")
    if not out.parent.is_dir():
        raise ExportRefused(f"no folder {out.parent}: create it first")
    if fmt in FILE_FORMATS and out.is_dir():
        raise ExportRefused(f"{out} is a folder: {fmt} writes a file (give a file name)")
    if fmt in FOLDER_FORMATS:
        if out.exists() and not out.is_dir():
            raise ExportRefused(f"{out} is a file: {fmt} writes a folder")
        others = sorted({p.name for p in out.iterdir()} - FOLDER_FORMATS[fmt]) if out.is_dir() else []
        if others:
            raise ExportRefused(f"{out} holds other files ({', '.join(others[:3])}): give a new or empty folder, "
                                f"or an earlier {fmt} export to replace")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_file(out: Path) -> Iterator[IO[str]]:
    """A text file written under a temporary name beside `out`, renamed to `out` once complete."""
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=out.parent,
                                         prefix=f".{out.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            yield handle
        os.chmod(handle.name, 0o666 & ~_umask())
        os.replace(handle.name, out)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


@contextmanager
def atomic_folder(out: Path) -> Iterator[Path]:
    """A folder built under a temporary name beside `out`, then put in the place of `out` whole."""
    building = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        yield building
        os.chmod(building, 0o777 & ~_umask())
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
            os.replace(out, old / out.name)
            os.replace(building, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(building, out)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


# --- formats --------------------------------------------------------------------------------------------

def write_plover(con: duckdb.DuckDBPyConnection, handle: IO[str], **filters: Any) -> int:
    where, params = queries.filter_clause(con, filters, day_column="e.day", text_clause=queries.RECORD_TEXT)
    n = 0
    for event_id, record, story_date in con.execute(
            f"""SELECT e.event_id, e.record, a.date FROM events e JOIN articles a ON a.id = e.article_id{where}
                ORDER BY e.day NULLS LAST, e.event_id""", params).fetchall():
        plover = to_plover(Event.model_validate_json(record), event_id=event_id, story_date=story_date)
        handle.write(json.dumps(plover, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(con: duckdb.DuckDBPyConnection, handle: IO[str], *, merged: bool = False, **filters: Any) -> int:
    rows = queries.merged_events(con, **filters) if merged else queries.events(con, **filters)
    formats.write_csv(rows, handle)
    return len(rows)


def write_parquet(con: duckdb.DuckDBPyConnection, folder: Path, **filters: Any) -> dict[str, int]:
    records = queries.events(con, **filters)
    merged = queries.merged_events(con, **filters)
    mentions = queries.mentions_of(con, [m["merged_id"] for m in merged])
    for name, rows, day in (("events", records, "day"), ("merged_events", merged, "date"),
                            ("mentions", mentions, "article_date")):
        _write_partitioned(formats.arrow(rows), day, folder / name)
    return {"events": len(records), "merged_events": len(merged), "mentions": len(mentions)}


def _write_partitioned(table: Any, day: str, folder: Path) -> None:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    folder.mkdir()
    if table.num_rows == 0:
        return
    month = pc.fill_null(pc.strftime(table[day], format="%Y-%m"), UNKNOWN_MONTH)
    ds.write_dataset(table.append_column("month", month), folder, format="parquet",
                     partitioning=ds.partitioning(pa.schema([("month", pa.string())]), flavor="hive"),
                     basename_template="part-{i}.parquet")


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
           CASE e.place_precision WHEN 'country' THEN 1 WHEN 'region' THEN 5 WHEN 'town' THEN 4 WHEN 'exact' THEN 4 END AS ActionGeo_Type,
           e.place_name AS ActionGeo_FullName, e.country AS ActionGeo_CountryCode, e.admin1 AS ActionGeo_ADM1Code,
           e.lat AS ActionGeo_Lat, e.lon AS ActionGeo_Long, e.geonameid AS ActionGeo_FeatureID,
           CAST(strftime(e.last_seen, '%Y%m%d') AS INTEGER) AS DATEADDED,
           (SELECT coalesce(m.url, m.article_id) FROM mentions m WHERE m.merged_id = e.merged_id
            ORDER BY m.article_date NULLS LAST, m.article_id, m.n LIMIT 1) AS SOURCEURL,
           e.event_type AS DyadEventType, e.status AS DyadStatus
    FROM merged_events e{where} ORDER BY e.date NULLS LAST, e.merged_id"""
GDELT_MENTIONS_SQL = """
    SELECT m.merged_id AS DyadMergedId,
           CAST(strftime(e.date, '%Y%m%d') AS INTEGER) AS EventTimeDate,
           CAST(strftime(m.article_date, '%Y%m%d') AS INTEGER) AS MentionTimeDate,
           1 AS MentionType, m.source AS MentionSourceName, coalesce(m.url, m.article_id) AS MentionIdentifier,
           m.n + 1 AS SentenceID, -1 AS Actor1CharOffset, -1 AS Actor2CharOffset,
           m.trigger_start AS ActionCharOffset, 1 AS InRawText,
           CAST(round(100 * coalesce(m.confidence, 0)) AS INTEGER) AS Confidence,
           length(a.text) AS MentionDocLen, NULL AS MentionDocTone
    FROM mentions m JOIN merged_events e ON e.merged_id = m.merged_id JOIN articles a ON a.id = m.article_id{where}
    ORDER BY m.merged_id, m.article_date NULLS LAST, m.article_id, m.n"""
GDELT_INTEGERS = ("SQLDATE", "MonthYear", "Year", "ActionGeo_Type", "ActionGeo_FeatureID", "DATEADDED",
                  "EventTimeDate", "MentionTimeDate", "ActionCharOffset", "MentionDocLen")


def write_gdelt(con: duckdb.DuckDBPyConnection, folder: Path, **filters: Any) -> dict[str, int]:
    where, params = queries.filter_clause(con, filters, day_column="e.date", text_clause=queries.MERGED_TEXT)
    counts = {}
    for name, sql in (("events", GDELT_EVENTS_SQL), ("mentions", GDELT_MENTIONS_SQL)):
        frame = con.execute(sql.format(where=where), params).df()
        # Nullable integers, so an undated row does not turn 20230207 into 20230207.0 in the file.
        frame = frame.astype({c: "Int64" for c in GDELT_INTEGERS if c in frame.columns})
        frame.insert(0, "GLOBALEVENTID", [gdelt_id(m) for m in frame["DyadMergedId"]])
        frame.to_csv(folder / f"{name}.csv", sep="\t", index=False)
        counts[name] = len(frame)
    return counts


def export(con: duckdb.DuckDBPyConnection, fmt: str, out: Path, *, merged: bool = False,
           **filters: Any) -> dict[str, int]:
    """Write what the filters keep in one format, atomically; returns rows written per table.
    Raises ExportRefused for a target it will not write, OSError when writing fails (the target
    is then as it was)."""
    check_target(fmt, out)
    queries.checked(con, filters)
    if fmt in FILE_FORMATS:
        with atomic_file(out) as handle:
            if fmt == "plover":
                return {"events": write_plover(con, handle, **filters)}
            return {"merged_events" if merged else "events": write_csv(con, handle, merged=merged, **filters)}
    with atomic_folder(out) as folder:
        if fmt == "parquet":
            return write_parquet(con, folder, **filters)
        return write_gdelt(con, folder, **filters)
