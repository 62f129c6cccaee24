"""Opening the store file: for writing (one process, short transactions) or for reading (per request).

See the package docstring for the locking policy: whoever finds the file locked by another process
waits a little and tries again, because the other side only ever holds it for one batch or query;
past `wait_s` it gives up with a message naming the holder.

Dyad writes only to a store it created or to an existing Dyad store: anything else at the path (an
empty file, a device, a pipe, a folder, a link to nothing, a file that is not DuckDB's, another
program's DuckDB database, a store of a newer Dyad) is refused with a message and left untouched.
A new store is built under a temporary name and linked into place complete, so no empty or
half-made store is ever seen at the path, even after `kill -9`.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from dyad.store.errors import StoreLocked, StoreMissing, StoreRefused
from dyad.store.schema import CURRENT_VERSION, migrate, version

DEFAULT_DB = "dyad.duckdb"
LOCK_WAIT_S = 15.0
# A busy dashboard may hold the file in turns for a long while; ingest can afford to wait longer.
WRITER_LOCK_WAIT_S = 120.0
FIRST_PAUSE_S = 0.02
LONGEST_PAUSE_S = 0.25
# A fast ingest reopens the file within a reader's retry pause, batch after batch, so readers could
# wait for the whole ingest; a writer that sees a reader waiting steps aside this long at most.
READER_TURN_S = 1.0
# Every DuckDB file names its format at this offset of its first block.
DUCKDB_MAGIC = b"DUCK"
DUCKDB_MAGIC_OFFSET = 8
LOCK_HOLDER = re.compile(r"held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
# What DuckDB says when a store's file lacks blocks its tables point to, or holds wrong ones.
DAMAGE_SIGNS = ("Could not read enough bytes", "Corrupt database file", "checksum")
# A DuckDB file starts with three 4 KiB headers; its blocks follow.
DUCKDB_HEADERS_BYTES = 3 * 4096


def default_db_path() -> Path:
    """`$DYAD_DB` if set, else ./dyad.duckdb."""
    return Path(os.environ.get("DYAD_DB") or DEFAULT_DB)


def _is_lock_conflict(error: duckdb.Error) -> bool:
    message = str(error)
    return "lock" in message.lower() and ("Conflicting" in message or "Could not set" in message)


def _refuse(path: Path, what: str) -> StoreRefused:
    return StoreRefused(f"{path} is {what}, not a Dyad store; Dyad leaves it as it is (use another --db)")


def inspect_store(path: Path) -> bool:
    """True if a file that may be a Dyad store is at `path`, False if nothing is; raises
    StoreRefused for anything Dyad must not open or overwrite. Reads at most a few bytes, so a
    pipe or a device never blocks it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise _refuse(path, "a symbolic link to a missing file") from None
        return False
    except OSError as error:
        raise StoreRefused(f"cannot use {path}: {error.strerror or error}") from error
    if stat.S_ISDIR(info.st_mode):
        raise _refuse(path, "a folder")
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(path, "a device, pipe or socket")
    if info.st_size == 0:
        raise _refuse(path, "an empty file")
    try:
        with open(path, "rb") as handle:
            head = handle.read(DUCKDB_MAGIC_OFFSET + len(DUCKDB_MAGIC))
    except OSError as error:
        raise StoreRefused(f"cannot read {path}: {error.strerror or error}") from error
    if head[DUCKDB_MAGIC_OFFSET:] != DUCKDB_MAGIC:
        raise _refuse(path, "not a DuckDB file (garbage, or another kind of file)")
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


def _create(path: Path) -> None:
    """A new, migrated store at `path`, built aside and linked into place whole; if another process
    made one there meanwhile, that one is kept."""
    building = path.with_name(f".{path.name}.{os.getpid()}.creating")
    building.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(building))
        try:
            migrate(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        try:
            os.link(building, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links (FAT, some network shares)
            if not path.exists() and not path.is_symlink():
                os.replace(building, path)
    except (OSError, duckdb.Error) as error:
        raise StoreRefused(f"cannot create a store at {path}: {getattr(error, 'strerror', None) or error}") from error
    finally:
        building.unlink(missing_ok=True)
        Path(f"{building}.wal").unlink(missing_ok=True)


def _damaged(path: Path, error: BaseException) -> StoreRefused:
    return StoreRefused(f"cannot read the store {path}: it is damaged or truncated ({str(error).splitlines()[0]})")


def is_damage(error: BaseException) -> bool:
    return isinstance(error, duckdb.Error) and any(sign in str(error) for sign in DAMAGE_SIGNS)


def check_intact(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a store file shorter than the blocks its tables point to (a truncated copy, a disk that
    filled up): DuckDB opens one, and fails only on reaching a missing block. Reads the tables'
    storage maps, not their data (tens of milliseconds), so a writer checks once, before it writes."""
    try:
        block_size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'")
                  .fetchall()]
        ends = [con.execute("SELECT max(block_id) FROM pragma_storage_info($t)", {"t": t}).fetchone()[0]
                for t in tables]
    except duckdb.Error as error:
        raise _damaged(path, error) from error
    last = max((block for block in ends if block is not None), default=None)
    if last is None:
        return
    needed = DUCKDB_HEADERS_BYTES + (last + 1) * block_size
    if path.stat().st_size < needed:
        raise StoreRefused(f"the store {path} is truncated: {path.stat().st_size} bytes, where its tables reach "
                           f"byte {needed}; Dyad leaves it as it is")


def _lock_message(path: Path, error: duckdb.Error, wait_s: float) -> str:
    holder = LOCK_HOLDER.search(str(error))
    who = f"{holder['program']}, PID {holder['pid']}" if holder else "another process"
    return f"the store {path} is in use by another process ({who}); gave up after waiting {wait_s:g} s"


def _open(path: Path, *, read_only: bool, wait_s: float) -> duckdb.DuckDBPyConnection:
    """DuckDB's connection, retrying while another process holds the file."""
    deadline = time.monotonic() + wait_s
    pause = FIRST_PAUSE_S
    marker = reader_marker(path) if read_only else waiting_marker(path)
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.Error as error:
                if not _is_lock_conflict(error):
                    raise _damaged(path, error) from error
                if time.monotonic() >= deadline:
                    raise StoreLocked(_lock_message(path, error, wait_s)) from error
                _touch(marker)
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE_S)
    finally:
        _remove(marker)


def _schema_version(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """The store's schema version; refuses a DuckDB file that Dyad did not make, or one of a newer Dyad."""
    try:
        found = version(con)
    except duckdb.Error as error:
        raise _damaged(path, error) from error
    if found == 0:
        raise _refuse(path, "a DuckDB database without Dyad's schema_version table")
    if found > CURRENT_VERSION:
        raise StoreRefused(f"the store {path} has schema version {found}, newer than this Dyad reads "
                           f"({CURRENT_VERSION}): upgrade Dyad to read it")
    return found


def connect(path: str | Path, *, read_only: bool = True, wait_s: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the store, retrying while another process holds the file for up to `wait_s` seconds
    (default LOCK_WAIT_S for readers, WRITER_LOCK_WAIT_S for writers); a writer creates a missing
    store and migrates an older one, a reader has an older one migrated first."""
    path = Path(path)
    wait_s = (LOCK_WAIT_S if read_only else WRITER_LOCK_WAIT_S) if wait_s is None else wait_s
    if not inspect_store(path):
        if read_only:
            raise StoreMissing(f"no store at {path}: run `dyad ingest --db {path} SOURCES...` first")
        _create(path)
    if not read_only:
        _let_readers_in(path)
    con = _open(path, read_only=read_only, wait_s=wait_s)
    try:
        found = _schema_version(con, path)
        if not read_only and found < CURRENT_VERSION:
            migrate(con)
    except BaseException:
        con.close()
        raise
    if read_only and found < CURRENT_VERSION:
        con.close()
        connect(path, read_only=False, wait_s=wait_s).close()
        con = _open(path, read_only=True, wait_s=wait_s)
    return con


@contextmanager
def reading(path: str | Path, *, wait_s: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one request or command, closed on exit; a query that meets a
    damaged or truncated file raises StoreRefused saying so."""
    con = connect(path, read_only=True, wait_s=wait_s)
    try:
        yield con
    except duckdb.Error as error:
        if is_damage(error):
            raise _damaged(Path(path), error) from error
        raise
    finally:
        con.close()


@contextmanager
def writing(path: str | Path, *, wait_s: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection for one batch: migrated on open, checkpointed and closed on exit; a
    statement that meets a damaged or truncated file raises StoreRefused saying so."""
    con = connect(path, read_only=False, wait_s=wait_s)
    try:
        yield con
        con.execute("CHECKPOINT")
    except duckdb.Error as error:
        if is_damage(error):
            raise _damaged(Path(path), error) from error
        raise
    finally:
        con.close()
