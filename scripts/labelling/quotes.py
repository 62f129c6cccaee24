"""Finding a labeller's quote in its article, tolerant only of typography (spaces, apostrophes, quotes)."""

from __future__ import annotations

import re

_EQUIVALENT = {"'": "['’ʼ‘`]", "’": "['’ʼ‘`]", "‘": "['’ʼ‘`]", '"': "[\"«»“”]", "«": "[\"«»“”]",
               "»": "[\"«»“”]", "“": "[\"«»“”]", "”": "[\"«»“”]", "-": "[-–—‑]", "–": "[-–—‑]",
               "—": "[-–—‑]"}

_QUOTE_MARKS = set('"«»“”')


def _pattern(quote: str) -> re.Pattern:
    parts = []
    for ch in quote.strip():
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in _QUOTE_MARKS:
            # French guillemets stand apart from their words: « ainsi »
            parts.append(r"\s*" + _EQUIVALENT[ch] + r"\s*")
        else:
            parts.append(_EQUIVALENT.get(ch, re.escape(ch)))
    return re.compile("".join(parts))


def occurrences(quote: str, document: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Every (start, end) where the quote stands in document[start:end]: exactly, else up to
    typography, else up to letter case (a mention quoted from a sentence start)."""
    if not quote or not quote.strip():
        return []
    end = len(document) if end is None else end
    exact = []
    position = document.find(quote, start, end)
    while position != -1:
        exact.append((position, position + len(quote)))
        position = document.find(quote, position + 1, end)
    if exact:
        return exact
    pattern = _pattern(quote)
    typographic = [_trimmed(m, document) for m in pattern.finditer(document, start, end)]
    if typographic:
        return typographic
    caseless = re.compile(pattern.pattern, re.IGNORECASE)
    return [_trimmed(m, document) for m in caseless.finditer(document, start, end)]


def _trimmed(match: re.Match, document: str) -> tuple[int, int]:
    """The match without the spaces a guillemet's pattern may have taken at either end."""
    start, end = match.start(), match.end()
    while start < end and document[start].isspace():
        start += 1
    while end > start and document[end - 1].isspace():
        end -= 1
    return start, end


def locate(quote: str, document: str, within: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """The quote inside `within` if it is there, else its occurrence nearest to `within`."""
    if within is not None:
        inside = occurrences(quote, document, *within)
        if inside:
            return inside[0]
    found = occurrences(quote, document)
    if not found:
        return None
    if within is None:
        return found[0]
    return min(found, key=lambda span: abs(span[0] - within[0]))
