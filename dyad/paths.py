"""Where Dyad finds the project's shared data (corpus, gold, seed): never copied into the repo."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """`DYAD_SHARED` if set, else the `shared` folder beside the checkout."""
    return Path(os.environ.get("DYAD_SHARED", REPO_ROOT.parent / "shared"))


def gold_dir() -> Path:
    return shared_dir() / "gold"


def corpus_path() -> Path:
    return shared_dir() / "corpus" / "articles.jsonl"
