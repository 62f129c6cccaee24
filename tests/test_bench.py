"""The throughput benchmark runs end to end on three corpus articles (its figures are not checked:
speed is measured by `make bench`, never asserted in a test)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "throughput.py"


@pytest.mark.slow
def test_benchmark_runs_on_three_articles_and_writes_its_table(shared, tmp_path):
    out = tmp_path / "benchmarks.md"
    done = subprocess.run([sys.executable, str(SCRIPT), "--limit", "3", "--runs", "1", "--workers", "1,2",
                           "--no-scores", "--corpus", str(shared / "corpus" / "articles.jsonl"), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    assert "3 articles" in text
    rows = [line.split("|")[1:-1] for line in text.splitlines() if re.match(r"\| [12] \| ", line)]
    assert [(r[0].strip(), r[1].strip()) for r in rows] == [
        (w, m) for w in ("1", "2") for m in ("spacy", "dyad", "dyad+prefilter")]
    for row in rows:
        wall, per_core, peak = float(row[2]), float(row[4]), float(row[8])
        assert wall > 0 and per_core > 0 and peak > 100
    assert "2 workers are" in text
