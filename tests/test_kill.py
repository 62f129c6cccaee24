"""Crash safety: `kill -9` a real `dyad ingest` at random moments, again and again on the same store,
then let one ingest of the same sources finish. The store must equal the one an uninterrupted ingest
builds: no article lost, no event duplicated.

Kill moments are random but spread over the phases: some at a random time from the start (imports,
model loading, reading), the others after a random number of changes to the store file (each batch
is written and checkpointed in its own transaction), so that they land inside and between writes.
Only the French model is needed, to keep each process short.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from own_articles import variants, write_jsonl
from store_kit import snapshot

from dyad.store.connection import StoreMissing, reading
from dyad.store.ingest import ingest

pytestmark = pytest.mark.slow

KILLS = 10
KILLS_WHILE_WRITING = 3
MAX_ATTEMPTS = 40
ARTICLES = 40
EARLY_KILL_S = (0.0, 4.0)
STORE_CHANGES = (1, 12)
WAL_APPEARANCES = (1, 3)
POLL_S = 0.002
RUN_LIMIT_S = 600


def _command(db: Path, source: Path) -> list[str]:
    return [sys.executable, "-m", "dyad.cli", "ingest", "--quiet", "--batch-size", "1", "--db", str(db), str(source)]


def _stamp(db: Path) -> tuple[int, int, bool]:
    try:
        info = db.stat()
        return info.st_mtime_ns, info.st_size, Path(f"{db}.wal").exists()
    except FileNotFoundError:
        return 0, 0, False


def _wait_for(process: subprocess.Popen, db: Path, changes: int, *, wal_only: bool) -> bool:
    """Wait for `changes` changes of the store file (or appearances of its write-ahead log); False if
    the process ended first."""
    seen, last = 0, _stamp(db)
    while seen < changes:
        if process.poll() is not None:
            return False
        time.sleep(POLL_S)
        now = _stamp(db)
        if now != last and (not wal_only or (now[2] and not last[2])):
            seen += 1
        last = now
    return True


def _kill_at_random(db: Path, source: Path, rng: random.Random, log: Path, *, writing: bool) -> str | None:
    """Start an ingest and kill -9 it at a random moment (`writing`: while it writes a batch); the
    moment, or None if it finished first."""
    with open(log, "ab") as err:
        process = subprocess.Popen(_command(db, source), stdout=subprocess.DEVNULL, stderr=err)
    try:
        draw = 1.0 if writing else rng.random()
        if draw < 0.25:
            delay = rng.uniform(*EARLY_KILL_S)
            moment = f"{delay:.2f}s after start"
            try:
                process.wait(timeout=delay)
                return None
            except subprocess.TimeoutExpired:
                pass
        elif draw < 0.65:
            changes = rng.randint(*STORE_CHANGES)
            moment = f"after {changes} store changes"
            if not _wait_for(process, db, changes, wal_only=False):
                return None
        else:
            appearances = rng.randint(*WAL_APPEARANCES)
            moment = f"at write-ahead log {appearances}"
            if not _wait_for(process, db, appearances, wal_only=True):
                return None
            time.sleep(rng.uniform(0, 0.02))
        if process.poll() is not None:
            return None
        process.kill()
        process.wait()
        return moment
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _stored_articles(db: Path) -> int:
    try:
        with reading(db) as con:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
    except (StoreMissing, duckdb.CatalogException):  # killed before the store or its schema was made
        return 0


def _duplicate_events(db: Path) -> list[tuple]:
    with reading(db) as con:
        return con.execute("""SELECT article_id, event_type, actor_key, recipient_key, status, count(*)
                              FROM events GROUP BY ALL HAVING count(*) > 1""").fetchall()


def test_kill_nine_at_random_points_then_resume(tmp_path):
    seed = int(os.environ.get("DYAD_KILL_SEED") or random.SystemRandom().randrange(1 << 30))
    rng = random.Random(seed)
    records = variants(ARTICLES, lang="fr")
    source = write_jsonl(tmp_path / "articles.jsonl", records)
    reference = tmp_path / "reference.duckdb"
    ingest([str(source)], reference, batch_size=1)

    db, log = tmp_path / "killed.duckdb", tmp_path / "stderr.log"
    kills: list[tuple[str, int]] = []   # (moment, articles stored after the kill)
    for _ in range(MAX_ATTEMPTS):
        while_writing = sum(1 for _, n in kills if 0 < n < ARTICLES)
        moment = _kill_at_random(db, source, rng, log, writing=len(kills) >= KILLS - KILLS_WHILE_WRITING + while_writing)
        if moment:
            kills.append((moment, _stored_articles(db)))
        if len(kills) >= KILLS and sum(1 for _, n in kills if 0 < n < ARTICLES) >= KILLS_WHILE_WRITING:
            break
    context = f"seed {seed} (set DYAD_KILL_SEED to replay); kills (moment, articles stored): {kills}"
    assert len(kills) >= KILLS, context
    assert sum(1 for _, n in kills if 0 < n < ARTICLES) >= KILLS_WHILE_WRITING, context
    assert [n for _, n in kills] == sorted(n for _, n in kills), f"a kill lost committed articles; {context}"

    finish = subprocess.run(_command(db, source), capture_output=True, text=True, timeout=RUN_LIMIT_S)
    assert finish.returncode == 0, f"{context}\n{finish.stderr[-3000:]}"
    final, expected = snapshot(db), snapshot(reference)
    with reading(db) as con:
        stored_ids = {row[0] for row in con.execute("SELECT id FROM articles").fetchall()}
    assert stored_ids == {r["id"] for r in records}, f"lost articles; {context}"
    assert not _duplicate_events(db), context
    assert len(final["events"]) == len(expected["events"]) > 0, context
    assert final == expected, context
    print(f"{len(kills)} kills survived, {len(final['events'])} events, none lost or duplicated; {context}")
