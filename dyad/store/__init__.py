"""The event store: one DuckDB file holding articles, event records, merged events and mentions.

Layout
- `schema.py`: the versioned schema, applied as numbered migrations (`schema_version` table).
- `connection.py`: opening the file, for writing or for reading, with the locking policy below.
- `writer.py`: one transaction per batch of coded articles (articles + events + merge updates).
- `merge.py`: the same event reported by many articles merged into one; pledges and their fulfilment.
- `ingest.py`: sources -> readers -> pipeline (optionally in worker processes) -> writer.
- `queries.py`: every read query as a plain function over a connection (CLI, API and `dyad.open`).
- `export.py`: PLOVER JSONL, CSV, Parquet partitioned by month, GDELT-style events + mentions.
- `api.py`: `dyad.open(path)`, the Python API returning pandas DataFrames.

Concurrency (why no reader ever sees "database is locked"): DuckDB lets one process hold a file
for writing, and no other process may open it meanwhile, not even read-only. So nobody holds the
file for long. Ingest parses with the file closed and opens it only to write one batch in one
short transaction, then checkpoints and closes it. Readers (`dyad serve`, the CLI queries,
`dyad.open`) open a read-only connection per request and close it at once. Both sides retry an
open that meets the other's lock for a few seconds (`connection.connect`), which is always longer
than one batch write or one query takes.

Crash safety: a batch is atomic (DuckDB's write-ahead log), event ids are `article_id:index`, and
the merged tables are a pure function of the events of their block (recomputed for every block a
batch touches), so re-running an interrupted ingest ends in exactly the uninterrupted state.
"""
