"""The store's schema as numbered migrations; `migrate` brings any older file up to date.

A migration is only ever appended, never edited: a file written by an older Dyad replays the
missing steps in order, each in the caller's transaction with its `schema_version` row.
"""

from __future__ import annotations

import duckdb

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "articles, events, evidence, merged events, members, mentions, actors view", """
CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL,
    lang VARCHAR,
    title VARCHAR,
    date DATE,
    date_precision VARCHAR,
    source VARCHAR,
    url VARCHAR,
    text VARCHAR NOT NULL,
    n_events INTEGER NOT NULL,
    skipped_reason VARCHAR
);
CREATE TABLE events (
    event_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    block VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    mode VARCHAR,
    contexts VARCHAR[],
    status VARCHAR NOT NULL,
    actor_key VARCHAR NOT NULL,
    actor_code VARCHAR NOT NULL,
    actor_sector VARCHAR,
    actor_name VARCHAR,
    actor_text VARCHAR,
    recipient_key VARCHAR NOT NULL,
    recipient_code VARCHAR NOT NULL,
    recipient_sector VARCHAR,
    recipient_name VARCHAR,
    recipient_text VARCHAR,
    date DATE,
    day DATE,
    date_raw VARCHAR,
    date_precision VARCHAR,
    date_reason VARCHAR,
    place_name VARCHAR,
    place_text VARCHAR,
    country VARCHAR,
    admin1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    geonameid BIGINT,
    place_precision VARCHAR,
    confidence DOUBLE,
    quad_class INTEGER NOT NULL,
    intensity DOUBLE NOT NULL,
    cameo_root VARCHAR,
    sentence VARCHAR,
    record VARCHAR NOT NULL
);
CREATE INDEX events_article ON events (article_id);
CREATE INDEX events_block ON events (block);
CREATE TABLE evidence (
    event_id VARCHAR NOT NULL,
    n INTEGER NOT NULL,
    sentence VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,
    trigger VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER
);
CREATE INDEX evidence_event ON evidence (event_id);
CREATE TABLE merged_events (
    merged_id VARCHAR PRIMARY KEY,
    block VARCHAR NOT NULL,
    event_type VARCHAR NOT NULL,
    mode VARCHAR,
    contexts VARCHAR[],
    status VARCHAR NOT NULL,
    actor_key VARCHAR NOT NULL,
    actor_code VARCHAR NOT NULL,
    actor_sector VARCHAR,
    actor_name VARCHAR,
    actor_text VARCHAR,
    recipient_key VARCHAR NOT NULL,
    recipient_code VARCHAR NOT NULL,
    recipient_sector VARCHAR,
    recipient_name VARCHAR,
    recipient_text VARCHAR,
    date DATE,
    date_end DATE,
    first_seen DATE,
    last_seen DATE,
    num_records INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    num_mentions INTEGER NOT NULL,
    place_name VARCHAR,
    country VARCHAR,
    admin1 VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    geonameid BIGINT,
    place_precision VARCHAR,
    confidence DOUBLE,
    quad_class INTEGER NOT NULL,
    intensity DOUBLE NOT NULL,
    cameo_root VARCHAR,
    sentence VARCHAR
);
CREATE INDEX merged_block ON merged_events (block);
CREATE TABLE merge_members (
    event_id VARCHAR PRIMARY KEY,
    merged_id VARCHAR NOT NULL
);
CREATE INDEX members_merged ON merge_members (merged_id);
CREATE TABLE mentions (
    merged_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    source VARCHAR,
    url VARCHAR,
    article_date DATE,
    n INTEGER NOT NULL,
    sentence VARCHAR NOT NULL,
    sentence_start INTEGER NOT NULL,
    trigger VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    confidence DOUBLE
);
CREATE INDEX mentions_merged ON mentions (merged_id);
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE VIEW actors AS
    SELECT role, key, code, sector, name, text, event_id, article_id, event_type, quad_class, day
    FROM (
        SELECT 'actor' AS role, actor_key AS key, actor_code AS code, actor_sector AS sector,
               actor_name AS name, actor_text AS text, event_id, article_id, event_type, quad_class, day
        FROM events
        UNION ALL
        SELECT 'recipient', recipient_key, recipient_code, recipient_sector, recipient_name,
               recipient_text, event_id, article_id, event_type, quad_class, day
        FROM events
    )
    WHERE code <> '-';
"""),
    (2, "articles: where each was read, and publication dates after the day it was ingested", """
ALTER TABLE articles ADD COLUMN origin VARCHAR;
ALTER TABLE articles ADD COLUMN date_after_ingest BOOLEAN DEFAULT false;
"""),
    (3, "counts: dead, injured, arrested and size, each with its precision, on records and merged events", """
ALTER TABLE events ADD COLUMN dead INTEGER;
ALTER TABLE events ADD COLUMN dead_precision VARCHAR;
ALTER TABLE events ADD COLUMN injured INTEGER;
ALTER TABLE events ADD COLUMN injured_precision VARCHAR;
ALTER TABLE events ADD COLUMN arrested INTEGER;
ALTER TABLE events ADD COLUMN arrested_precision VARCHAR;
ALTER TABLE events ADD COLUMN size INTEGER;
ALTER TABLE events ADD COLUMN size_precision VARCHAR;
UPDATE events SET
    dead = CAST(json_extract_string(record, '$.counts.dead.n') AS INTEGER),
    dead_precision = json_extract_string(record, '$.counts.dead.precision'),
    injured = CAST(json_extract_string(record, '$.counts.injured.n') AS INTEGER),
    injured_precision = json_extract_string(record, '$.counts.injured.precision'),
    arrested = CAST(json_extract_string(record, '$.counts.arrested.n') AS INTEGER),
    arrested_precision = json_extract_string(record, '$.counts.arrested.precision'),
    size = CAST(json_extract_string(record, '$.counts.size.n') AS INTEGER),
    size_precision = json_extract_string(record, '$.counts.size.precision');
ALTER TABLE merged_events ADD COLUMN dead INTEGER;
ALTER TABLE merged_events ADD COLUMN dead_precision VARCHAR;
ALTER TABLE merged_events ADD COLUMN injured INTEGER;
ALTER TABLE merged_events ADD COLUMN injured_precision VARCHAR;
ALTER TABLE merged_events ADD COLUMN arrested INTEGER;
ALTER TABLE merged_events ADD COLUMN arrested_precision VARCHAR;
ALTER TABLE merged_events ADD COLUMN size INTEGER;
ALTER TABLE merged_events ADD COLUMN size_precision VARCHAR;
"""),
]

CURRENT_VERSION = MIGRATIONS[-1][0]


def version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of an open store; 0 for an empty file."""
    exists = con.execute("SELECT count(*) FROM duckdb_tables() "
                         "WHERE schema_name = 'main' AND table_name = 'schema_version'").fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the missing migrations in one transaction; returns the version reached."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL)")
        current = version(con)
        if current > CURRENT_VERSION:
            raise RuntimeError(f"store schema version {current} is newer than this Dyad ({CURRENT_VERSION})")
        for number, name, sql in MIGRATIONS:
            if number > current:
                con.execute(sql)
                con.execute("INSERT INTO schema_version VALUES ($v, $n)", {"v": number, "n": name})
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return CURRENT_VERSION
