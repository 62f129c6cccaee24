"""Agreement between two labellings, or between labels and dyad_dev's gold.

Usage:
  agreement.py --gold FILE [FILE ...]        labeller lines (quotes) or label lines against dyad_dev
  agreement.py --pair A.jsonl B.jsonl        two label files (offsets) of the same articles

Doc-triple F1 is `dyad eval doc`'s score: per article, the set of (actor key, type, recipient key),
micro-averaged; the first labelling plays the gold. Span agreement is over events matched on their
(actor key, type, recipient key): the share whose trigger spans overlap, and whose party spans overlap
(or are both implicit).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dyad.evaluate.common import Table
from dyad.evaluate.doc import party_key
from dyad.paths import gold_dir


def triples(events: list[dict], with_status: bool = False) -> set[tuple]:
    found = set()
    for event in events:
        key = (party_key(event["actor"]), event["event_type"], party_key(event.get("recipient")))
        found.add((*key, event.get("status", "occurred")) if with_status else key)
    return found


def read_lines(paths: list[Path]) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows[row["id"]] = row
    return rows


def against_gold(paths: list[Path]) -> str:
    gold = read_lines([gold_dir() / "dyad_dev" / "dyad_dev.jsonl"])
    labelled = read_lines(paths)
    plain, status = Table(), Table()
    details = []
    for article_id, row in labelled.items():
        if article_id not in gold:
            continue
        lang = gold[article_id]["lang"]
        plain.row(lang).add(triples(row["events"]), triples(gold[article_id]["events"]))
        status.row(lang).add(triples(row["events"], True), triples(gold[article_id]["events"], True))
        mine, theirs = triples(row["events"]), triples(gold[article_id]["events"])
        details.append(f"{article_id}: {len(mine & theirs)} shared, {len(mine - theirs)} only labelled, "
                       f"{len(theirs - mine)} only gold")
    return "\n".join(details + ["", plain.format("doc triples"), "", status.format("status-aware")])


def _overlap(a: list | None, b: list | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _same_party(a: dict, b: dict) -> bool:
    if a.get("code") == "-" or a.get("implicit") or b.get("implicit"):
        return bool(a.get("implicit")) == bool(b.get("implicit"))
    return _overlap(a.get("span"), b.get("span"))


def pair(path_a: Path, path_b: Path) -> str:
    first, second = read_lines([path_a]), read_lines([path_b])
    shared = sorted(set(first) & set(second))
    table, status = Table(), Table()
    matched = trigger_same = parties_same = 0
    for article_id in shared:
        a, b = first[article_id], second[article_id]
        table.row(a["lang"]).add(triples(b["events"]), triples(a["events"]))
        status.row(a["lang"]).add(triples(b["events"], True), triples(a["events"], True))
        for event in a["events"]:
            key = triples([event])
            partners = [e for e in b["events"] if triples([e]) == key]
            if not partners:
                continue
            matched += 1
            trigger_same += any(_overlap(event["trigger"], e["trigger"]) for e in partners)
            parties_same += any(_same_party(event["actor"], e["actor"]) and _same_party(event["recipient"], e["recipient"])
                                for e in partners)
    lines = [f"{len(shared)} articles labelled twice", table.format("doc triples"), "", status.format("status-aware"), ""]
    if matched:
        lines.append(f"matched events {matched}: trigger spans agree {trigger_same / matched:.3f}, "
                     f"actor and recipient spans agree {parties_same / matched:.3f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", nargs="+", type=Path)
    parser.add_argument("--pair", nargs=2, type=Path)
    args = parser.parse_args()
    print(against_gold(args.gold) if args.gold else pair(*args.pair))


if __name__ == "__main__":
    main()
