"""Surface forms: spelling variants, plurals and demonym inflections of table entries.

The tables list base forms; these rules add the regular variants an analyst should not have to
type (accentless and typographic-apostrophe spellings, plurals, French gender and number).
"""

from __future__ import annotations

import unicodedata

APOSTROPHES = ("'", "’")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def spellings(form: str) -> set[str]:
    """The form, without accents, and with either apostrophe."""
    forms = {form, strip_accents(form)}
    for a, b in (APOSTROPHES, APOSTROPHES[::-1]):
        forms |= {f.replace(a, b) for f in forms}
    return forms


def plural_word(word: str, lang: str) -> str:
    lower = word.lower()
    if lang == "fr":
        if lower.endswith(("s", "x", "z")):
            return word
        if lower.endswith("al"):
            return word[:-2] + "aux"
        if lower.endswith(("eau", "eu")):
            return word + "x"
        return word + "s"
    if lower.endswith(("man", "woman")):
        return word[:-2] + "en"
    if lower.endswith(("s", "sh", "ch", "x", "z")):
        return word + "es" if not lower.endswith("ese") else word
    if lower.endswith("y") and lower[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def plurals(phrase: str, lang: str, function_words: frozenset[str] = frozenset()) -> set[str]:
    """French pluralises every word before the first function word ("chefs d'état-major",
    "groupes armés"); English its last word before one ("heads of state", "armed groups")."""
    words = phrase.split(" ")
    end = next((i for i, w in enumerate(words) if w.lower() in function_words or "'" in w or "’" in w), len(words))
    if end == 0:
        return set()
    if lang == "fr":
        changed = [plural_word(w, lang) for w in words[:end]] + words[end:]
    else:
        changed = words[:end - 1] + [plural_word(words[end - 1], lang)] + words[end:]
    return {" ".join(changed)}


def demonym_forms(base: str, lang: str) -> set[str]:
    """malien -> malienne, maliens, maliennes; Malian -> Malians."""
    if lang == "en":
        if base.lower().endswith(("ese", "ish", "ch", "ss")):
            return {base}
        return {base, base + "s"}
    lower = base.lower()
    if lower.endswith(("e", "è", "é")) or lower.endswith("i"):
        return {base, base + "s"}
    if lower.endswith(("ien", "éen", "on")):
        feminine = base + "ne"
    else:
        feminine = base + "e"
    masculine_plural = base if lower.endswith("s") else base + "s"
    return {base, feminine, masculine_plural, feminine + "s"}
