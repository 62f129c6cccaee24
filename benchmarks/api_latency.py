"""API latency on a store of 100,000 events: p50/p95/max of /api/events and /api/timeline (the
acceptance figures), plus the dashboard's dyad and overview twins for reference.

The store is built from repeated corpus articles: the first `--articles` articles of
../shared/corpus/articles.jsonl are coded once by the real pipeline (cached in `--cache`; or taken
from a store that `dyad ingest` made of the corpus, `--source-db`), then
copied with new ids and dates moved on by `--step-days` per copy until the events reach
`--events`, and written by the store's own writer in one batch (so merging and pledges are the
real ones). The app is served by uvicorn on 127.0.0.1 and queried over HTTP, one request at a
time, as a user would.

    .venv/bin/python benchmarks/api_latency.py            # builds /tmp/dyad_api_bench.duckdb once
    .venv/bin/python benchmarks/api_latency.py --rebuild  # builds it again
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import socket
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from dyad.ingest.readers import content_hash, read_sources
from dyad.paths import corpus_path
from dyad.pipeline import Coded, Pipeline
from dyad.records import Article, Event
from dyad.store import queries
from dyad.store.connection import reading, writing
from dyad.store.writer import StoreWriter, write_batch


def coded_corpus(count: int, cache: Path) -> list[Coded]:
    """The first `count` corpus articles, coded once by the pipeline and cached as JSONL."""
    if cache.exists():
        lines = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
        if len(lines) >= count:
            return [Coded(Article.model_validate(d["article"]), [Event.model_validate(e) for e in d["events"]])
                    for d in lines[:count]]
    articles = [a for a in read_sources([str(corpus_path())]) if isinstance(a, Article)][:count]
    started = time.perf_counter()
    coded = [c for c in Pipeline().code(articles) if c.skipped is None]
    print(f"coded {len(coded)} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.write_text("".join(json.dumps({"article": c.article.model_dump(mode="json"),
                                         "events": [e.model_dump(mode="json") for e in c.events]}) + "\n"
                             for c in coded), encoding="utf-8")
    return coded


def coded_from_store(path: Path, count: int) -> list[Coded]:
    """The first `count` articles (by id) of a store made by `dyad ingest` of the corpus, with their records."""
    with reading(path) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM articles WHERE n_events > 0 ORDER BY id LIMIT $n",
                                         {"n": count}).fetchall()]
        result = []
        for article_id in ids:
            row = queries.article(con, article_id)
            article = Article(id=row["id"], text=row["text"], lang=row["lang"], title=row["title"], date=row["date"],
                              date_precision=row["date_precision"], source=row["source"], url=row["url"])
            records = queries.event_records(con, article=article_id, order="date")
            result.append(Coded(article, [Event.model_validate(r) for r in records]))
    return result


def shifted(coded: Coded, copy: int, days: int) -> Coded:
    """Copy `copy` of an article: a new id, and every date moved on by `copy * days`."""
    delta = dt.timedelta(days=copy * days)
    article = coded.article.model_copy(update={
        "id": f"{coded.article.id}~{copy}", "date": coded.article.date + delta if coded.article.date else None})
    events = [e.model_copy(update={"article_id": article.id, "date": e.date + delta if e.date else None})
              for e in coded.events]
    return Coded(article, events)


def build(db: Path, base: list[Coded], events: int, step_days: int) -> None:
    per_copy = sum(len(c.events) for c in base)
    if per_copy == 0:
        raise SystemExit("the pipeline coded no event from these articles: nothing to repeat")
    copies = -(-events // per_copy)
    batch = [(c, content_hash(c.article)) for copy in range(copies) for c in (shifted(b, copy, step_days) for b in base)]
    started = time.perf_counter()
    writer = StoreWriter(db)
    with writing(db) as con:
        written = write_batch(con, batch, writer.rules)
    print(f"wrote {len(batch)} articles, {written.events} events ({copies} copies of {len(base)} articles, "
          f"{per_copy} events each) in {time.perf_counter() - started:.0f} s", file=sys.stderr)


class Server:
    """The real app on uvicorn, in a thread, on a free port of 127.0.0.1."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from dyad.api import create_app

        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def timed(port: int, path: str, repeat: int) -> list[float]:
    """Milliseconds per request, over one kept-alive connection; the first (warm-up) is dropped."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times[1:]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def requests_to_time(db: Path) -> dict[str, list[str]]:
    """The request mixes: /api/events under each kind of filter, the timeline of the busiest dyads."""
    with reading(db) as con:
        dyads = queries.dyads(con, limit=5)
        top_actor = dyads[0]["actor_key"]
        types = [r["value"] for r in queries.counts_by(con, "event_type", limit=3)]
        country = next((r["value"] for r in queries.counts_by(con, "country") if r["value"]), "MLI")
        first = con.execute("SELECT min(day) + 365 FROM events").fetchone()[0]
    pairs = [(d["actor_key"], d["recipient_key"]) for d in dyads]
    return {
        "/api/events": [
            "/api/events",
            f"/api/events?actor={quote(top_actor)}",
            f"/api/events?actor={quote(pairs[0][0])}&recipient={quote(pairs[0][1])}",
            *(f"/api/events?type={t}" for t in types),
            "/api/events?status=intended",
            "/api/events?quad=4",
            f"/api/events?country={country}",
            f"/api/events?since={first}&until={first + dt.timedelta(days=90)}",
            "/api/events?q=" + quote("Mali"),
            "/api/events?offset=5000&limit=100",
        ],
        "/api/timeline": [f"/api/timeline?{urlencode({'actor': a, 'recipient': r, 'by': by})}"
                          for a, r in pairs for by in ("month", "week")],
        "/api/dyads/{a}/{r} (dyad page twin)": [f"/api/dyads/{quote(a)}/{quote(r)}" for a, r in pairs[:3]],
        "/api/overview (overview twin)": ["/api/overview", f"/api/overview?actor={quote(top_actor)}"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/dyad_api_bench.duckdb"))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/dyad_api_bench_coded.jsonl"))
    parser.add_argument("--articles", type=int, default=60, help="corpus articles to code and repeat")
    parser.add_argument("--source-db", type=Path,
                        help="take the coded corpus articles from this store (made by `dyad ingest` of the corpus) "
                             "instead of coding them here")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--step-days", type=int, default=7, help="days between copies of the corpus")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per URL")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--detail", action="store_true", help="also print the figures of each URL")
    args = parser.parse_args(argv)
    if args.rebuild or not args.db.exists():
        args.db.unlink(missing_ok=True)
        base = (coded_from_store(args.source_db, args.articles) if args.source_db
                else coded_corpus(args.articles, args.cache))
        build(args.db, base, args.events, args.step_days)
    with reading(args.db) as con:
        summary = queries.summary(con)
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    print(f"store: {summary['events']} events, {summary['merged_events']} merged events, "
          f"{summary['articles']} articles, {args.db.stat().st_size / 2**20:.0f} MiB")
    with Server(args.db) as server:
        for name, paths in requests_to_time(args.db).items():
            per_path = {path: timed(server.port, path, args.repeat) for path in paths}
            times = [t for path_times in per_path.values() for t in path_times]
            if args.detail:
                for path, path_times in per_path.items():
                    print(f"    {path[:70]:70s} p50 {statistics.median(path_times):6.1f} ms  p95 {p95(path_times):6.1f} ms")
            print(f"{name:40s} {len(times):4d} requests  p50 {statistics.median(times):6.1f} ms  "
                  f"p95 {p95(times):6.1f} ms  max {max(times):6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
