"""Opening the store file: for writing (one process, short transactions) or for reading (per request).

See the package docstring for the locking policy: whoever finds the file locked by another process
waits a little and tries again, because the other side only ever holds it for one batch or query.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dyad.store.schema import migrate

DEFAULT_DB = "dyad.duckdb"
LOCK_WAIT_S = 15.0
# A busy dashboard may hold the file in turns for a long while; ingest can afford to wait longer.
WRITER_LOCK_WAIT_S = 120.0
FIRST_PAUSE_S = 0.02
LONGEST_PAUSE_S = 0.25
# A fast ingest reopens the file within a reader's retry pause, batch after batch, so readers could
# wait for the whole ingest; a writer that sees a reader waiting steps aside this long at most.
READER_TURN_S = 1.0


class StoreMissing(FileNotFoundError):
    """A read was asked of a store file that does not exist yet."""


def default_db_path() -> Path:
    """`$DYAD_DB` if set, else ./dyad.duckdb."""
    return Path(os.environ.get("DYAD_DB") or DEFAULT_DB)


def _is_lock_conflict(error: duckdb.Error) -> bool:
    message = str(error)
    return "lock" in message.lower() and ("Conflicting" in message or "Could not set" in message)


def _never_written(path: Path) -> bool:
    """No file, or the empty file that a process killed while DuckDB created it leaves behind (DuckDB
    refuses to open it, which would block every later ingest); an empty file holds nothing to lose."""
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True


def waiting_marker(path: Path) -> Path:
    """A file a writer touches while it waits for the lock, so a server sharing one read connection
    across requests (dyad/api/deps.py) hands the file over at once instead of at its next pause."""
    return path.with_name(path.name + ".writer-waiting")


def reader_marker(path: Path) -> Path:
    """A file a reader touches while it waits for the lock, so a writer lets it in between batches."""
    return path.with_name(path.name + ".reader-waiting")


def _fresh(marker: Path) -> bool:
    """Touched within the last second (an older one was left by a killed process)."""
    try:
        return time.time() - marker.stat().st_mtime < 1.0
    except FileNotFoundError:
        return False


def _touch(marker: Path) -> None:
    """Markers are a courtesy: a store on read-only media still opens without them."""
    try:
        marker.touch()
    except OSError:
        pass


def _remove(marker: Path) -> None:
    try:
        marker.unlink(missing_ok=True)
    except OSError:
        pass


def writer_waiting(path: Path) -> bool:
    return _fresh(waiting_marker(path))


def _let_readers_in(path: Path) -> None:
    deadline = time.monotonic() + READER_TURN_S
    while _fresh(reader_marker(path)) and time.monotonic() < deadline:
        time.sleep(FIRST_PAUSE_S)


def connect(path: str | Path, *, read_only: bool = True, wait_s: float = LOCK_WAIT_S) -> duckdb.DuckDBPyConnection:
    """Open the store, retrying while another process holds the file; a writer also migrates it."""
    path = Path(path)
    if _never_written(path):
        if read_only:
            raise StoreMissing(f"no store at {path}: run `dyad ingest --db {path} SOURCES...` first")
        path.unlink(missing_ok=True)
    if not read_only:
        _let_readers_in(path)
    deadline = time.monotonic() + wait_s
    pause = FIRST_PAUSE_S
    marker = reader_marker(path) if read_only else waiting_marker(path)
    try:
        while True:
            try:
                con = duckdb.connect(str(path), read_only=read_only)
                break
            except duckdb.IOException as error:
                if not _is_lock_conflict(error) or time.monotonic() >= deadline:
                    raise
                _touch(marker)
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_S)
    finally:
        _remove(marker)
    if not read_only:
        migrate(con)
    return con


@contextmanager
def reading(path: str | Path, *, wait_s: float = LOCK_WAIT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one request or command, closed on exit."""
    con = connect(path, read_only=True, wait_s=wait_s)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def writing(path: str | Path, *, wait_s: float = WRITER_LOCK_WAIT_S) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one batch: migrated on open, checkpointed and closed on exit."""
    con = connect(path, read_only=False, wait_s=wait_s)
    try:
        yield con
        con.execute("CHECKPOINT")
    finally:
        con.close()
