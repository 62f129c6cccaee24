"""Per-language data (lexicons, actor words, cues), kept apart from the code that uses it."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

SUPPORTED = ("fr", "en")


def data_path(lang: str, name: str):
    return resources.files(f"dyad.lang.{lang}").joinpath(name)


def read_lines(lang: str, name: str) -> list[str]:
    """Non-empty, non-comment lines of a per-language list file."""
    text = data_path(lang, name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def read_yaml(lang: str, name: str) -> Any:
    return yaml.safe_load(data_path(lang, name).read_text(encoding="utf-8"))
