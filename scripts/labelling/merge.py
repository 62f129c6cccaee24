"""Labellers' batch files (quotes) -> the committed label files (offsets only).

Usage: merge.py [RAW_DIR]     (default /work/labelling/raw)

  frNN.jsonl, enNN.jsonl   -> data/labels/fr.jsonl, data/labels/en.jsonl   (first labelling)
  doubleNN.jsonl           -> data/labels/double.jsonl                     (second, independent one)
  dev-*.jsonl              -> data/labels/dyad_dev_blind.jsonl             (the blind check on dyad_dev)

An event whose quote cannot be found is dropped and counted; nothing else is changed.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

from convert import convert

from dyad.labels import LABELS_DIR

BRIEF_VERSION = "brief-v1"
TARGETS = [(re.compile(r"^(fr|en)\d+$"), lambda m: f"{m.group(1)}.jsonl"),
           (re.compile(r"^double\d+$"), lambda m: "double.jsonl"),
           (re.compile(r"^dev-"), lambda m: "dyad_dev_blind.jsonl")]


def target(batch: str) -> str | None:
    for pattern, name in TARGETS:
        match = pattern.match(batch)
        if match:
            return name(match)
    return None


def main(raw_dir: Path) -> None:
    outputs: dict[str, dict[str, str]] = {}
    dropped: Counter = Counter()
    for path in sorted(raw_dir.glob("*.jsonl")):
        name = target(path.stem)
        if name is None:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError:
                dropped[f"{path.name}: unreadable line"] += 1
                continue
            article, found = convert(raw, f"helper:{path.stem}:{BRIEF_VERSION}", allow_corpus=name.startswith("dyad_dev"))
            for problem in found:
                dropped[problem] += 1
            if article is not None:
                outputs.setdefault(name, {})[article.id] = article.model_dump_json(exclude_defaults=True)
    LABELS_DIR.mkdir(parents=True, exist_ok=True)
    for name, lines in sorted(outputs.items()):
        (LABELS_DIR / name).write_text("".join(lines[k] + "\n" for k in sorted(lines)), encoding="utf-8")
        print(f"{name}: {len(lines)} articles")
    if dropped:
        print(f"{sum(dropped.values())} events dropped, for example:")
        for reason, _ in dropped.most_common(5):
            print(f"  {reason}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/work/labelling/raw"))
