"""Cut a text into plain and marked segments for the templates to render (and escape) one by one.

Marking happens on character offsets, never by inserting HTML into the text: the text comes from
the web, so it reaches the page only through Jinja's autoescape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    payload: tuple[Any, ...] = field(default=())


def _accepted(spans: list[Span], length: int) -> list[Span]:
    """Spans inside the text, in priority order (earlier wins), minus those overlapping a winner."""
    kept: list[Span] = []
    for span in spans:
        if not 0 <= span.start < span.end <= length:
            continue
        if any(span.start < k.end and k.start < span.end for k in kept):
            continue
        kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def segments(text: str, spans: list[Span]) -> list[dict[str, Any]]:
    """[{text, kind, payload}] covering `text`; `kind` is None for unmarked stretches."""
    out: list[dict[str, Any]] = []
    cursor = 0
    for span in _accepted(spans, len(text)):
        if span.start > cursor:
            out.append({"text": text[cursor:span.start], "kind": None, "payload": ()})
        out.append({"text": text[span.start:span.end], "kind": span.kind, "payload": span.payload})
        cursor = span.end
    if cursor < len(text):
        out.append({"text": text[cursor:], "kind": None, "payload": ()})
    return out


def find_span(text: str, needle: str | None, kind: str) -> Span | None:
    """The first case-insensitive occurrence of `needle` in `text` as a span, if any."""
    if not needle or not needle.strip():
        return None
    found = re.search(re.escape(needle.strip()), text, flags=re.IGNORECASE)
    return Span(found.start(), found.end(), kind) if found else None


def evidence_segments(sentence: str, sentence_start: int, trigger_start: int | None, trigger_end: int | None,
                      actor_text: str | None, recipient_text: str | None) -> list[dict[str, Any]]:
    """An evidence sentence with its trigger (by offset) and its actor and recipient (by text) marked."""
    spans: list[Span] = []
    if trigger_start is not None and trigger_end is not None:
        spans.append(Span(trigger_start - sentence_start, trigger_end - sentence_start, "trigger"))
    for needle, kind in ((actor_text, "actor"), (recipient_text, "recipient")):
        found = find_span(sentence, needle, kind)
        if found:
            spans.append(found)
    return segments(sentence, spans)
