"""The French model's token pattern, compiled in a tenth of the time.

spaCy's French tokenizer keeps one regular expression of 1.4 MB: some 260 alternatives for
hyphenated and elided words ("faux-...", "entr'...", "...-de-l'..."), each with its own copy of
Unicode's lower-case letters. Python takes 4 to 6 s to compile it, in every process that codes
French, before the first article. Most alternatives end the same way, so the pattern with the
alternatives that share an ending grouped (`^(?:a-|b-)[letters]+$` for `^a-[letters]+$|^b-[letters]+$`)
matches exactly the same strings and compiles in about 0.4 s.

`prime(package)` reads the pattern from the installed model, compiles the grouped version, and
puts it in `re`'s own cache under the original's key, so spaCy's `re.compile` of the original (at
`import spacy.lang.fr`, and again when the model is read from disk) returns it at once. Where
anything is not as expected (another Python, another model layout, a pattern that does not split
cleanly), nothing is primed and spaCy compiles the original as before: slower, never different.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path

import srsly

# A character class longer than this is one of Unicode's letter ranges: what makes compiling slow.
LONG_CLASS = 100
FLAGS = "(?iu)"
# What matters to the grouping, found by the regex engine rather than a loop over 1.4 MB of
# characters: an escape (skipped), a whole character class, a parenthesis, a bar.
_SYNTAX = re.compile(r"\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[()|]", re.DOTALL)


def _marks(text: str) -> Iterator[tuple[str, int, int, int]]:
    """("bar", at, depth, at) for each | outside a class, ("class", start, depth, end) for each
    [...] (end at its closing bracket); escapes, and a ] that opens a class, are no marks."""
    depth = 0
    for found in _SYNTAX.finditer(text):
        mark = found.group()
        if mark.startswith("["):
            yield "class", found.start(), depth, found.end() - 1
        elif mark == "(":
            depth += 1
        elif mark == ")":
            depth -= 1
        elif mark == "|":
            yield "bar", found.start(), depth, found.start()


def alternatives(text: str) -> list[str]:
    """The top-level alternatives of a pattern: split at each | outside groups and classes."""
    cuts = [at for kind, at, depth, _ in _marks(text) if kind == "bar" and depth == 0]
    return [text[a + 1 if a >= 0 else 0:b] for a, b in zip([-1, *cuts], [*cuts, len(text)], strict=True)]


def split_point(alternative: str) -> int:
    """Where the alternative's first long class starts, outside any group (its end if none)."""
    return next((start for kind, start, depth, end in _marks(alternative)
                 if kind == "class" and depth == 0 and end - start > LONG_CLASS), len(alternative))


def grouped(pattern: str) -> str | None:
    """The same pattern with alternatives that share their ending grouped, or None where it is
    not of the expected shape: FLAGS, then (?:...) alternatives, none with an | of its own."""
    if not pattern.startswith(FLAGS):
        return None
    by_tail: dict[str, list[str]] = {}
    for alternative in alternatives(pattern[len(FLAGS):]):
        if not (alternative.startswith("(?:") and alternative.endswith(")")):
            return None
        inner = alternative[3:-1]
        if len(alternatives(inner)) != 1:
            return None
        at = split_point(inner)
        by_tail.setdefault(inner[at:], []).append(inner[:at])
    return FLAGS + "|".join(f"(?:(?:{'|'.join(heads)}){tail})" for tail, heads in by_tail.items())


def model_pattern(package: str) -> str | None:
    """The token_match pattern the installed model package carries in its tokenizer file."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    files = sorted(Path(next(iter(spec.submodule_search_locations))).glob("*/tokenizer"))
    if len(files) != 1:
        return None
    found = srsly.msgpack_loads(files[0].read_bytes()).get("token_match")
    return found if isinstance(found, str) else None


def prime(package: str) -> bool:
    """Put the grouped pattern in `re`'s cache under the key of the model's own; True if done."""
    cache = getattr(re, "_cache", None)
    pattern = model_pattern(package)
    if not isinstance(cache, dict) or not pattern:
        return False
    key = (str, pattern, 0)
    if key not in cache:
        faster = grouped(pattern)
        if faster is None:
            return False
        try:
            compiled = re.compile(faster)
        except re.error:
            return False
        # Room for the imports and the model's own patterns, so the entry is still there when used.
        re.purge()
        cache[key] = compiled
    return True
