"""`dyad serve` keeps answering while `dyad ingest` writes to the same store, and neither side ever
shows "database is locked" (or any other error) to its user.

Real processes: a server on a free port, an ingest of new articles in one-article transactions,
and a few client threads asking the API and the pages as fast as they are answered meanwhile.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

import pytest
from own_articles import variants, write_jsonl

from dyad.store.ingest import ingest

pytestmark = pytest.mark.slow

CLIENTS = 3
PATHS = ["/api/summary", "/api/events?limit=5", "/api/merged?limit=5", "/api/articles?limit=5", "/",
         "/api/actors", "/map"]
START_LIMIT_S = 300
RUN_LIMIT_S = 600
FIRST, LATER = 6, 14


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def _wait_for_server(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_LIMIT_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "dyad serve exited"
        try:
            if _get(base + "/api/summary")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("dyad serve did not answer in time")


@dataclass
class Traffic:
    """What the clients got while the ingest ran."""

    served: int = 0
    failures: list[str] = field(default_factory=list)
    article_counts: dict[int, list[int]] = field(default_factory=dict)   # per client, in its order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, client: int, path: str, status: int, body: str) -> None:
        with self.lock:
            self.served += 1
            if status != 200 or "locked" in body.lower():
                self.failures.append(f"{path}: {status} {body[:300]}")
            elif path == "/api/summary":
                self.article_counts.setdefault(client, []).append(json.loads(body)["articles"])


def _client(base: str, offset: int, traffic: Traffic, running: threading.Event) -> None:
    n = offset
    while running.is_set():
        path = PATHS[n % len(PATHS)]
        try:
            status, body = _get(base + path)
        except OSError as error:
            status, body = 0, f"connection failed: {error}"
        traffic.record(offset, path, status, body)
        n += 1


def test_serve_answers_while_ingest_writes(tmp_path):
    records = variants(FIRST + LATER, lang="fr")
    db = tmp_path / "store.duckdb"
    ingest([str(write_jsonl(tmp_path / "first.jsonl", records[:FIRST]))], db)
    later = write_jsonl(tmp_path / "later.jsonl", records[FIRST:])

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "dyad.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_server(base, server)
        traffic, running = Traffic(), threading.Event()
        running.set()
        clients = [threading.Thread(target=_client, args=(base, i, traffic, running)) for i in range(CLIENTS)]
        writer = subprocess.Popen([sys.executable, "-m", "dyad.cli", "ingest", "--quiet", "--batch-size", "1",
                                   "--db", str(db), str(later)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for client in clients:
            client.start()
        out, err = writer.communicate(timeout=RUN_LIMIT_S)
        running.clear()
        for client in clients:
            client.join()
    finally:
        server.terminate()
        server_err = server.communicate(timeout=60)[1]

    assert writer.returncode == 0, err[-3000:]
    assert "locked" not in err.lower() + server_err.lower()
    assert not traffic.failures, traffic.failures[:5]
    assert traffic.served >= len(PATHS), traffic.served
    seen = traffic.article_counts
    assert all(counts == sorted(counts) for counts in seen.values()), f"a client saw the store go back: {seen}"
    counts = sorted({c for per_client in seen.values() for c in per_client})
    assert any(FIRST < c < FIRST + LATER for c in counts), f"no answer while the writes went on: {counts}"
    print(f"requests served during ingest: {traffic.served}; article counts seen: {counts}")
