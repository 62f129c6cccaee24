"""The store connection of one request: read-only, opened in the route's body (so only after every
parameter has passed validation) and closed as soon as the data is read, so `dyad ingest` can
take the file for its short batch writes between requests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from fastapi import HTTPException, Request

from dyad.store.connection import StoreMissing, connect


@contextmanager
def store(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    try:
        con = connect(request.app.state.db_path, read_only=True)
    except StoreMissing as missing:
        raise HTTPException(503, str(missing)) from missing
    except duckdb.IOException as busy:
        raise HTTPException(503, f"the store is busy, try again: {busy}") from busy
    try:
        yield con
    finally:
        con.close()
