"""Per-language data (lexicons, actor words, cues), kept apart from the code that uses it."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

SUPPORTED = ("fr", "en")
# libyaml's loader where PyYAML has it: the same data as the pure-Python SafeLoader (a test reads
# every data file both ways), ten times faster, which `dyad code` feels at every start.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def data_path(lang: str, name: str):
    return resources.files(f"dyad.lang.{lang}").joinpath(name)


def read_lines(lang: str, name: str) -> list[str]:
    """Non-empty, non-comment lines of a per-language list file."""
    text = data_path(lang, name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=SAFE_LOADER)


def read_yaml(lang: str, name: str) -> Any:
    return load_yaml(data_path(lang, name).read_text(encoding="utf-8"))
