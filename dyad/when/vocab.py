"""The time vocabulary of one language (dyad/lang/<lang>/time.yaml) compiled into the patterns
that find time expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dyad.lang import read_yaml

# Articles between a cue and its expression ("d'ici la fin de l'année", "since the").
ARTICLES = {"le", "la", "les", "l'", "du", "des", "the"}
# Accented letters also match their bare forms: the press writes "fevrier" as often as "février".
_ACCENTS = {"é": "eé", "è": "eè", "ê": "eê", "ë": "eë", "à": "aà", "â": "aâ", "î": "iî", "ï": "iï", "ô": "oô",
            "û": "uû", "ù": "uù", "ç": "cç"}


def fuzzy(word: str) -> str:
    """A regex for a vocabulary word: accents optional, any apostrophe, flexible spaces and hyphens."""
    out = []
    for char in word.lower():
        if char in _ACCENTS:
            out.append(f"[{_ACCENTS[char]}]")
        elif char in "'’":
            out.append("['’]\\s*")
        elif char == " ":
            out.append(r"\s+")
        elif char == "-":
            out.append(r"[-\s]?")
        else:
            out.append(re.escape(char))
    return "".join(out)


def alternatives(words) -> str:
    return "|".join(fuzzy(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class TimeVocabulary:
    lang: str
    months: dict[str, int]
    weekdays: dict[str, int]
    days: dict[str, int]
    anaphoric: dict[str, int]
    past: frozenset[str]
    future: frozenset[str]
    this: frozenset[str]
    units: dict[str, str]
    numbers: dict[str, int]
    seasons: dict[str, str]
    future_auxiliaries: frozenset[str]
    year_cues: tuple[str, ...]
    end_parts: frozenset[str]
    since_cues: tuple[str, ...]
    deadline_cues: tuple[str, ...]
    habitual_cues: tuple[str, ...]
    date_linkers: frozenset[str]
    planned_participles: frozenset[str]
    noun_synonyms: dict[str, str]
    archive_marks: tuple[str, ...]
    pluperfect_auxiliaries: frozenset[str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]

    def lookup(self, table: dict, word: str):
        """A table entry for a word as written in the text (case, accents and spacing aside)."""
        key = _plain(word)
        for entry, value in table.items():
            if _plain(entry) == key:
                return value
        return None

    def is_end_part(self, part: str) -> bool:
        """"fin", "late", "the end of": the part of a period that is its end."""
        return _plain(part).strip(" -") in {_plain(w) for w in self.end_parts}

    def ends_with_cue(self, before: str, cues: tuple[str, ...]) -> bool:
        """Whether the text before an expression ends with one of `cues` ("d'ici la", "depuis le")."""
        words = _plain(before[-40:]).replace("'", "' ").split()
        while words and words[-1] in ARTICLES:
            words.pop()
        tail = " ".join(words)
        return any(tail == cue or tail.endswith(" " + cue) for cue in (_plain(c).replace("'", "' ") for c in cues))

    def direction(self, word: str | None) -> int:
        """-1 for a past modifier ("dernier", "last"), +1 for a future one, 0 for "this"."""
        if not word:
            return 0
        plain = _plain(word)
        if plain in {_plain(w) for w in self.past}:
            return -1
        if plain in {_plain(w) for w in self.future}:
            return 1
        return 0


def _plain(word: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return re.sub(r"[\s-]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c))).strip()


@cache
def vocabulary(lang: str) -> TimeVocabulary:
    data = read_yaml(lang, "time.yaml")
    months = {m: i + 1 for i, m in enumerate(data["months"])} | dict(data.get("month_abbreviations", {}))
    weekdays = {d: i for i, d in enumerate(data["weekdays"])}
    units = {word: unit for unit, words in data["units"].items() for word in words}
    numbers = {str(k): int(v) for k, v in data["numbers"].items()}
    month = rf"(?P<month>{alternatives(months)})\.?"
    weekday = rf"(?P<wd>{alternatives(weekdays)})"
    mods = alternatives([*data["past"], *data["future"]])
    pre = rf"(?:(?P<pre>{alternatives([*data['past'], *data['future'], *data['this']])})\s+)?"
    post = rf"(?:\s+(?P<mod>{mods}))?"
    first = alternatives(data.get("first_day", []))
    day = rf"(?P<day>\d{{1,2}}|{first})" if first else r"(?P<day>\d{1,2})"
    # "les 3 et 4 mars", "3-4 March": the first day dates the event.
    range_words = rf"\s+(?:{alternatives(data['day_range'])})\s+|" if data.get("day_range") else ""
    day = rf"{day}(?:(?:{range_words}\s*[-–]\s*)\d{{1,2}})?"
    year = r"(?P<year>(?:1[89]|20)\d{2}|'?\d{2}(?![\d:h]))"
    # After a day and month a comma opens a new phrase ("le 7 octobre, 30 personnes"): only a full
    # year may follow one; a two-digit year ("7 octobre 98") follows a space.
    day_year = r"(?:,?\s+(?P<year>(?:1[89]|20)\d{2})(?!\d)|\s+(?P<year2>'?\d{2})(?![\d:h,.]))"
    parts = rf"(?:(?P<part>{alternatives(data['parts'])})\s*(?:de\s+|d['’]\s*|of\s+)?)?"
    number = rf"(?P<n>\d{{1,3}}|{alternatives(numbers)})"
    unit = rf"(?P<unit>{alternatives(units)})"
    ago = [("ago", rf"(?:{alternatives(data['ago_before'])})\s+{number}\s+{unit}")] if data.get("ago_before") else []
    article = r"(?:(?:la|le|les|l['’]|the)\s*)?"
    raw = [
        ("day_month", rf"(?:{weekday},?\s+)?{day}(?:er|st|nd|rd|th)?\s+(?:of\s+)?{month}{day_year}?{post}"),
        *([("month_day", rf"(?:{weekday},?\s+)?{month}\s+{day}(?:st|nd|rd|th)?(?:,?\s+{year})?")]
          if data.get("month_first") else []),
        ("month", rf"{parts}{pre}{month}(?:\s+{year})?{post}"),
        ("weekday", rf"{pre}{weekday}{post}"),
        ("days", rf"(?P<rel>{alternatives(data['days'])})"),
        ("anaphoric", rf"(?P<ana>{alternatives(data.get('anaphoric', {}))})"),
        *ago,
        ("ago", rf"{number}\s+{unit}\s+(?:{alternatives(data['ago_after'])})"),
        *([("after", rf"{number}\s+{unit}\s+(?:{alternatives(data['after_words'])})")] if data.get("after_words") else []),
        ("period", rf"{parts}{article}{pre}{unit}(?:-ci)?{post}"),
        ("season", rf"{article}{pre}(?P<season>{alternatives(data['seasons'])}){post}(?:\s+{year})?"),
        ("decade", rf"{parts}(?:{alternatives(data['decade'])})\s+(?P<decade>(?:19|20)?\d0)(?:'?s)?"),
        ("decade", r"(?P<decade>(?:19|20)?\d0)'?s"),
        ("century", r"(?P<roman>[IVXLC]+)(?:e|ème)\s+si[eè]cle"),
        ("year", r"(?P<year>(?:1[89]|20)\d{2})"),
        ("short_year", r"^'?(?P<year>\d{2})$"),
    ]
    patterns = tuple((kind, re.compile(rf"(?<![\w-])(?:{p})(?![\w])", re.IGNORECASE)) for kind, p in raw)
    return TimeVocabulary(
        lang=lang, months=months, weekdays=weekdays, days=dict(data["days"]), anaphoric=dict(data.get("anaphoric", {})),
        past=frozenset(data["past"]), future=frozenset(data["future"]), this=frozenset(data["this"]), units=units,
        numbers=numbers, seasons=dict(data["seasons"]), future_auxiliaries=frozenset(data["future_auxiliaries"]),
        year_cues=tuple(data["year_cues"]), end_parts=frozenset(data.get("end_parts", [])),
        since_cues=tuple(data.get("since_cues", [])), deadline_cues=tuple(data.get("deadline_cues", [])),
        habitual_cues=tuple(data.get("habitual_cues", [])), date_linkers=frozenset(data.get("date_linkers", [])),
        planned_participles=frozenset(data.get("planned_participles", [])),
        noun_synonyms={word: group[0] for group in data.get("noun_synonyms", []) for word in group},
        archive_marks=tuple(data.get("archive_marks", [])),
        pluperfect_auxiliaries=frozenset(data.get("pluperfect_auxiliaries", [])), patterns=patterns,
    )
