"""Check a labeller's batch file: every line parses, every quote is found, every field is valid.

Usage: check.py FILE [--dev]     (--dev: the blind check on dyad_dev articles of the test bed)
Prints each problem, then OK with the number of articles and events when there is none.
"""

from __future__ import annotations

import json
import sys

from convert import convert


def main(path: str, allow_corpus: bool) -> int:
    articles = events = 0
    bad: list[str] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as error:
                bad.append(f"line {number}: not JSON ({error})")
                continue
            if raw.get("id") in seen:
                bad.append(f"line {number}: {raw.get('id')} labelled twice in this file")
            seen.add(raw.get("id"))
            article, found = convert(raw, "check", allow_corpus)
            bad += [f"line {number}: {problem}" for problem in found]
            if article is not None:
                articles += 1
                events += len(article.events)
    for problem in bad:
        print(problem)
    if bad:
        print(f"{len(bad)} problems")
        return 1
    print(f"OK: {articles} articles, {events} events")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], "--dev" in sys.argv[2:]))
