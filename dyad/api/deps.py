"""The store connection of one request, opened in the route's body (so only after every parameter
has passed validation).

DuckDB lets a writer in only while no process has the file open, and opening it costs more than
most queries (tens of milliseconds, far more on a busy machine). So the server shares one
read-only connection among the requests of a burst, each on its own cursor, and hands the file
back as soon as requests pause (`IDLE_CLOSE_S`), or at once when a writer announces that it is
waiting (dyad.store.connection.waiting_marker), or at the latest after `MAX_HOLD_S`; then it waits
`GAP_S` before opening again, longer than the longest pause between a writer's retries, so
`dyad ingest` always gets its turn.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from fastapi import HTTPException, Request

from dyad.store.connection import LONGEST_PAUSE_S, connect, is_damage, writer_waiting
from dyad.store.errors import StoreError, StoreLocked

IDLE_CLOSE_S = 0.2
MAX_HOLD_S = 8.0
GAP_S = LONGEST_PAUSE_S + 0.05


class ReadLease:
    """One shared read-only connection to a store file, open only while requests keep coming."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cond = threading.Condition()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._opened_at = 0.0
        self._last_used = 0.0
        self._users = 0
        self._reopen_after = 0.0
        self._closer: threading.Thread | None = None

    def acquire(self) -> duckdb.DuckDBPyConnection:
        """The shared connection (opening it if needed); every `acquire` needs its `release`."""
        with self._cond:
            while True:
                now = time.monotonic()
                if self._con is not None and not self._should_hand_back(now):
                    break
                if self._con is not None:
                    # Held long enough: once the current requests finish, writers get a gap.
                    if self._users == 0:
                        self._hand_back()
                    else:
                        self._cond.wait(0.01)
                    continue
                if now < self._reopen_after:
                    self._cond.wait(self._reopen_after - now)
                    continue
                self._con = connect(self.path, read_only=True)
                self._opened_at = time.monotonic()
                self._closer = threading.Thread(target=self._close_when_idle, daemon=True)
                self._closer.start()
                break
            self._users += 1
            return self._con

    def release(self) -> None:
        with self._cond:
            self._users -= 1
            self._last_used = time.monotonic()
            if self._users == 0 and self._should_hand_back(self._last_used):
                self._hand_back()
            self._cond.notify_all()

    def close(self) -> None:
        """Close the connection and wait for its idle watcher, so no thread outlives the app."""
        with self._cond:
            self._close()
            closer, self._closer = self._closer, None
        if closer is not None:
            closer.join(timeout=5)

    def _should_hand_back(self, now: float) -> bool:
        return now - self._opened_at >= MAX_HOLD_S or writer_waiting(self.path)

    def _hand_back(self) -> None:
        self._close()
        self._reopen_after = time.monotonic() + GAP_S

    def _close_when_idle(self) -> None:
        with self._cond:
            con = self._con
            while self._con is con and con is not None:
                if self._users == 0 and time.monotonic() - max(self._last_used, self._opened_at) >= IDLE_CLOSE_S:
                    self._close()
                    break
                self._cond.wait(IDLE_CLOSE_S / 2)

    def _close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
            self._cond.notify_all()


@contextmanager
def store(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the app's store for one request; 503, saying why, while the store is absent,
    busy too long, or not a usable store."""
    lease: ReadLease = request.app.state.lease
    try:
        con = lease.acquire()
    except StoreLocked as busy:
        raise HTTPException(503, f"the store is busy, try again: {busy}") from busy
    except StoreError as unusable:
        raise HTTPException(503, str(unusable)) from unusable
    try:
        cursor = con.cursor()
        try:
            yield cursor
        except duckdb.Error as error:
            if is_damage(error):
                raise HTTPException(503, f"the store cannot be read: it is damaged or truncated ({error})") from error
            raise
        finally:
            cursor.close()
    finally:
        lease.release()
