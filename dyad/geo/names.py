"""Place-name keys: the one normalisation shared by the gazetteer builder and its lookups."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['’`]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,]+")


def name_key(name: str) -> str:
    """Lower case, accents and punctuation dropped: "Tillabéri" and "tillaberi" meet, as do
    "N'Djamena" and "Ndjamena" and "Fada N'gourma" and "Fada-Ngourma"."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", _APOSTROPHES.sub("", bare)).strip()


def is_latin(name: str) -> bool:
    """Only Latin-script names can appear in French or English text; the rest would bloat the index."""
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") or not c.isalpha() for c in name)
