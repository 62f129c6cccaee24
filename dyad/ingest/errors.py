"""How a reader reports an input it could not use: named, with a reason, and the batch goes on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skipped:
    """An input that was not coded: `where` names it (article id, or file and line), `reason` says why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {printable(self.where)}: {printable(self.reason)}"


def printable(text: str) -> str:
    """The text with anything a terminal would act on (newlines, escapes, controls) shown escaped,
    so that a file name or id cannot forge lines or colours in the report."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
