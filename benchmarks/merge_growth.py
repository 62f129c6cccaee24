"""Ingest cost as one dyad's merge block grows: N generated reports about Russia and Mali.

    python benchmarks/merge_growth.py [--articles 5000] [--batch-size 16] [--workers 1]
                                      [--order feed|chronological|shuffled] [--time-limit S]

Every report is a short French article of our own making (no corpus text): a Russian official meets
a Malian one, a few reports a day over two years, so that every record falls in one merge block
(RUS, CONSULT, MLI, occurred) that grows to thousands of records. `--order feed` ingests them
newest first, as a feed lists them: each new report then dates before the whole block, which is the
case where re-merging a block's history costs most. The articles go through `dyad ingest`'s own
function into a fresh store; the script prints articles per second for each thousand, the time the
store writes took (merging included), and the ratio of the last thousand's rate to the first's
(1.0: no slow-down as the block grows); the clock starts when the first batch is stored, so loading
the models counts in neither. Rates are given in wall-clock time and in this process's CPU time
(with one worker the coding runs in this process too): on a shared machine the neighbours' load
moves the first, hardly the second. `--time-limit` stops after that many seconds and reports what
was done, for a build where the ingest slows down too much to finish.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

FIRST_DAY = dt.date(2022, 1, 3)
REPORTS_PER_DAY = 7
LEADS = [
    "Le ministre russe des Affaires étrangères a rencontré {day} son homologue malien à {place}.",
    "Le vice-ministre russe de la Défense a rencontré {day} le ministre malien de la Défense à {place}.",
    "Un émissaire du Kremlin a rencontré {day} le président de la transition malienne à {place}.",
    "L'ambassadeur de Russie s'est entretenu {day} avec le Premier ministre malien à {place}.",
    "Le chef de la diplomatie russe a rencontré {day} à {place} son homologue malien.",
]
PLACES = ["Bamako", "Moscou", "Sotchi", "Kati", "Saint-Pétersbourg"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
FILLER = [
    "La rencontre a duré plus de deux heures, selon un communiqué publié dans la soirée.",
    "Les deux délégations ont évoqué la situation sécuritaire dans le centre du pays.",
    "Des représentants du ministère de l'Économie assistaient aussi aux discussions.",
    "Les prix des céréales ont fortement augmenté sur les marchés de la capitale depuis le début de l'année.",
    "Plusieurs projets d'infrastructures routières sont à l'étude dans la région de Ségou.",
    "La saison des pluies a commencé plus tôt que prévu dans le sud du pays.",
    "Un nouveau calendrier de rencontres doit être fixé dans les prochaines semaines.",
    "Les observateurs notent un rapprochement continu entre les deux capitales.",
]


def reports(count: int, order: str, seed: int) -> list[dict]:
    """`count` articles about the dyad, REPORTS_PER_DAY a day, in the given ingest order."""
    rng = random.Random(seed)
    articles = []
    for n in range(count):
        published = FIRST_DAY + dt.timedelta(days=n // REPORTS_PER_DAY)
        lead = rng.choice(LEADS).format(day=DAYS[published.weekday()], place=rng.choice(PLACES))
        body = " ".join(rng.sample(FILLER, 4))
        articles.append({"id": f"report-{n:05d}", "lang": "fr", "date": published.isoformat(),
                         "source": f"Journal {n % 9}", "text": f"{lead} {body}"})
    if order == "feed":
        articles.reverse()
    elif order == "shuffled":
        rng.shuffle(articles)
    return articles


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--order", choices=["feed", "chronological", "shuffled"], default="feed")
    parser.add_argument("--time-limit", type=float, default=None, metavar="S")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from dyad.store import writer
    from dyad.store.connection import reading
    from dyad.store.ingest import ingest

    store_seconds = [0.0]
    original_write = writer.StoreWriter.write

    def timed_write(self, *a, **k):
        started = time.perf_counter()
        try:
            return original_write(self, *a, **k)
        finally:
            store_seconds[0] += time.perf_counter() - started

    writer.StoreWriter.write = timed_write
    done: list[tuple[int, float, float, float]] = []   # (articles stored, seconds, CPU seconds, store seconds)
    started, cpu_started = time.perf_counter(), time.process_time()

    class TimeUp(Exception):
        pass

    def on_batch(n: int) -> None:
        total = (done[-1][0] if done else 0) + n
        done.append((total, time.perf_counter() - started, time.process_time() - cpu_started, store_seconds[0]))
        if args.time_limit and done[-1][1] > args.time_limit:
            raise TimeUp

    with tempfile.TemporaryDirectory(prefix="dyad-merge-growth-") as tmp:
        source = Path(tmp) / "feed.jsonl"
        source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n"
                                  for a in reports(args.articles, args.order, args.seed)), encoding="utf-8")
        db = Path(tmp) / "store.duckdb"
        try:
            ingest([str(source)], db, workers=args.workers, batch_size=args.batch_size, on_batch=on_batch)
        except TimeUp:
            print(f"stopped after {args.time_limit:g} s", file=sys.stderr)
        with reading(db) as con:
            largest = con.execute("SELECT count(*) FROM events GROUP BY block ORDER BY 1 DESC LIMIT 1").fetchone()
            merged = con.execute("SELECT count(*) FROM merged_events").fetchone()[0]
    stored = done[-1][0] if done else 0
    print(f"{stored} of {args.articles} articles stored in {done[-1][1]:.0f} s ({args.order} order, batch "
          f"{args.batch_size}, {args.workers} worker(s)); largest block {largest[0] if largest else 0} records, "
          f"{merged} merged events")
    print("| articles | seconds | articles/s | CPU seconds | articles/CPU s | store writes (s) |")
    print("| --- | --- | --- | --- | --- | --- |")
    rates, cpu_rates = [], []
    previous = done[0]   # timed from the first batch's commit: loading the models is no part of growth
    for thousand in range(1000, stored + 1, 1000):
        upto = next(point for point in done if point[0] >= thousand)
        articles = upto[0] - previous[0]
        seconds, cpu, store = upto[1] - previous[1], upto[2] - previous[2], upto[3] - previous[3]
        rates.append(articles / seconds)
        cpu_rates.append(articles / cpu)
        print(f"| {previous[0] + 1}-{upto[0]} | {seconds:.1f} | {rates[-1]:.1f} | {cpu:.1f} | {cpu_rates[-1]:.1f} "
              f"| {store:.1f} |")
        previous = upto
    if len(rates) >= 2:
        print(f"last thousand / first thousand: {rates[-1] / rates[0]:.2f} (wall clock), "
              f"{cpu_rates[-1] / cpu_rates[0]:.2f} (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
