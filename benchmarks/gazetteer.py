"""Gazetteer cost: time to load it and memory it adds to a process (issue: < 2 s, < 300 MB),
and lookup speed. Each load runs in a fresh interpreter, so nothing is cached between runs.

    .venv/bin/python benchmarks/gazetteer.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

PROBE = """
import json, time, psutil
from dyad.geo.gazetteer import Gazetteer, default_path
from dyad.geo.resolve import PlaceResolver
process = psutil.Process()
before = process.memory_info().rss
start = time.perf_counter()
gazetteer = Gazetteer.load(default_path())
load_s = time.perf_counter() - start
added_mb = (process.memory_info().rss - before) / 2**20
resolver = PlaceResolver(gazetteer)
names = ["Bamako", "Tombouctou", "Moscou", "Londres", "Tillabéri", "Centre-Nord", "Niamey", "Springfield",
         "Méditerranée", "Western Cape", "St. Louis", "Iowa"] * 500
start = time.perf_counter()
for name in names:
    resolver.resolve(name, {"MLI"})
lookup_us = (time.perf_counter() - start) / len(names) * 1e6
print(json.dumps({"load_s": load_s, "added_mb": added_mb, "places": len(gazetteer), "lookup_us": lookup_us}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [json.loads(subprocess.run([sys.executable, "-c", PROBE], check=True, capture_output=True, text=True).stdout)
            for _ in range(args.runs)]
    load = statistics.median(r["load_s"] for r in runs)
    memory = statistics.median(r["added_mb"] for r in runs)
    lookup = statistics.median(r["lookup_us"] for r in runs)
    print(f"gazetteer: {runs[0]['places']} places")
    print(f"load time: {load:.2f} s (median of {args.runs}; limit 2 s)")
    print(f"memory added: {memory:.0f} MiB (limit 300)")
    print(f"resolve: {lookup:.0f} µs per name")
    return 0 if load < 2 and memory < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
