"""Fill the helper prompt for one batch: prompt.py OUTPUT [--dev] ID [ID ...]"""

from __future__ import annotations

import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("helper_prompt.md")


def prompt(output: str, ids: list[str], dev: bool) -> str:
    return (TEMPLATE.read_text(encoding="utf-8").replace("{OUTPUT}", output)
            .replace("{CHECK_FLAGS}", "--dev" if dev else "").replace("{N}", str(len(ids)))
            .replace("{IDS}", " ".join(ids)))


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--dev"]
    print(prompt(args[0], args[1:], "--dev" in sys.argv))
