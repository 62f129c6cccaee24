"""How a reader reports an input it could not use: named, with a reason, and the batch goes on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skipped:
    """An input that was not coded: `where` names it (article id, or file and line), `reason` says why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.where}: {self.reason}"
