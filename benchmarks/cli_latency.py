"""How long the `dyad` command and `dyad.open` take to answer, each in a fresh process.

    python benchmarks/cli_latency.py --db corpus.duckdb [--runs 5] [--root PATH ...] [--only help,events]

`--db` is a store of the corpus (`dyad ingest ../shared/corpus/articles.jsonl --db corpus.duckdb`).
`--root` runs another checkout of Dyad with this venv (for example the commit before a change,
unpacked with `git archive COMMIT | tar -x -C /tmp/before`); give it twice, or more, to compare
checkouts: their runs take turns within each case, so a machine whose load drifts over minutes
weighs on each alike. Every case runs once unmeasured per checkout first (so the OS has the files
in memory), then `--runs` times; the median is reported, with the minimum and maximum. The article
`dyad code` reads is written here. CPU seconds (user + system of the process) are given beside
wall-clock time: other processes on the machine stretch the latter much more than the former.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ARTICLE = ("Le ministre russe des Affaires étrangères a rencontré lundi à Bamako son homologue malien. "
           "La Russie a promis de livrer du carburant au Mali dans les prochains mois. "
           "Des hommes armés ont attaqué mardi un poste de l'armée malienne près de Gao.\n")


def cases(db: Path, article: Path) -> dict[str, list[str]]:
    """Name -> the Python statement each fresh process runs."""
    def cli(*argv: str) -> list[str]:
        return ["-c", f"import sys; from dyad.cli import main; sys.exit(main({list(argv)!r}))"]

    return {
        "help": cli("--help"),
        "events": cli("events", "--db", str(db)),
        "timeline": cli("timeline", "RUS", "MLI", "--db", str(db)),
        "open": ["-c", f"import dyad; dyad.open({str(db)!r}).events()"],
        "code": cli("code", "--lang", "fr", "--date", "2023-04-03", str(article)),
    }


def time_once(python: str, args: list[str], env: dict[str, str], root: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # From inside the root: `python -c` puts the working folder first on the path.
    done = subprocess.run([python, *args], env=env, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{args}: exit {done.returncode}\n{done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a store of the corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, action="append", help="a Dyad checkout to time (default this one)")
    parser.add_argument("--only", help="comma-separated case names (help, events, timeline, open, code)")
    args = parser.parse_args()
    roots = [root.resolve() for root in args.root or [REPO]]
    envs = {root: dict(os.environ, PYTHONPATH=str(root), COLUMNS="120") for root in roots}
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "article.txt"
        article.write_text(ARTICLE, encoding="utf-8")
        chosen = cases(args.db.resolve(), article)
        names = args.only.split(",") if args.only else list(chosen)
        print(f"seconds, {args.runs} runs each; checkouts: " + ", ".join(str(r) for r in roots))
        for name in names:
            times: dict[Path, list[tuple[float, float]]] = {root: [] for root in roots}
            for root in roots:
                time_once(sys.executable, chosen[name], envs[root], root)
            for _ in range(args.runs):
                for root in roots:
                    times[root].append(time_once(sys.executable, chosen[name], envs[root], root))
            for root in roots:
                wall = [w for w, _ in times[root]]
                cpu = [c for _, c in times[root]]
                print(f"  {name:9} {root.name:12} wall median {statistics.median(wall):6.2f} (min {min(wall):5.2f}, "
                      f"max {max(wall):5.2f})  cpu median {statistics.median(cpu):6.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
