"""Actor tables: countries, organisations, people and roles, loaded from the data files.

Every table becomes a list of `Entry` keyed by surface form; the resolver matches the forms in
text with spaCy's PhraseMatcher and combines what it finds in a noun phrase into one Actor.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from dyad.actors.forms import demonym_forms, plurals, spellings
from dyad.lang import load_yaml, read_yaml

# Which entry wins when one surface form is in several tables (higher wins).
PRIORITY = {"person": 60, "org": 50, "country": 40, "breakaway": 40, "seat": 35, "capital": 30, "city": 25,
            "surname": 26, "demonym": 20, "role": 10, "counterpart": 10, "pronoun": 5}
COUNTRY_KINDS = {"country", "breakaway", "seat", "capital", "city", "demonym"}
# The sector a place name has on its own: a capital or seat stands for the government, a city for
# its people, a breakaway region for its de facto authorities.
PLACE_SECTORS = {"country": "GOV", "seat": "GOV", "capital": "GOV", "city": "CVL", "breakaway": "PRE"}
USER_BONUS = 100


@dataclass(frozen=True)
class Entry:
    """What one surface form stands for."""

    kind: str
    code: str | None = None
    sector: str | None = None
    name: str | None = None
    person: str | None = None
    priority: int = 0
    cased: bool = False  # matches only where the text capitalises it ("Labour", not "forced labour")


@dataclass(frozen=True)
class Spell:
    """One spell in office: the person's code and sector between two dates."""

    code: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None
    org: str | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Tables:
    """Surface form -> entries, for one language."""

    lang: str
    forms: dict[str, list[Entry]] = field(default_factory=dict)
    spells: dict[str, list[Spell]] = field(default_factory=dict)
    former_words: set[str] = field(default_factory=set)
    np_prepositions: set[str] = field(default_factory=set)
    leaders: set[str] = field(default_factory=set)
    religions: set[str] = field(default_factory=set)
    locatives: set[str] = field(default_factory=set)
    locative_sectors: set[str] = field(default_factory=set)
    any_singular: bool = False
    expletive_heads: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)
    possessives: set[str] = field(default_factory=set)
    ruling_roles: set[str] = field(default_factory=set)
    body_anaphora: set[str] = field(default_factory=set)
    country_anaphora: set[str] = field(default_factory=set)

    def add(self, form: str, entry: Entry, inflect: Iterable[str] = ()) -> None:
        for variant in {form, *inflect}:
            for spelling in spellings(variant.strip()):
                if spelling:
                    self.forms.setdefault(spelling, []).append(entry)


def _data_file(name: str):
    return resources.files("dyad.actors.data").joinpath(name)


def tsv_rows(text: str) -> Iterator[dict[str, str]]:
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    yield from csv.DictReader(lines, delimiter="\t")


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def add_countries(tables: Tables, bonus: int = 0) -> None:
    lang = tables.lang
    for row in tsv_rows(_data_file("countries.tsv").read_text(encoding="utf-8")):
        if row["lang"] == lang:
            kind = "country" if row["kind"] == "name" else row["kind"]
            tables.add(row["form"], Entry(kind, row["iso3"], PLACE_SECTORS[kind], priority=PRIORITY[kind] + bonus))
    for row in tsv_rows(_data_file("country_aliases.tsv").read_text(encoding="utf-8")):
        if row["lang"] in (lang, "*"):
            kind = "country" if row["kind"] == "name" else row["kind"]
            tables.add(row["form"], Entry(kind, row["iso3"], PLACE_SECTORS[kind], priority=PRIORITY[kind] + bonus + 1))
    for row in tsv_rows(_data_file("demonyms.tsv").read_text(encoding="utf-8")):
        add_demonyms(tables, row["iso3"], [f.strip() for f in row[lang].split(",") if f.strip()], bonus)


def add_demonyms(tables: Tables, code: str, bases: list[str], bonus: int = 0) -> None:
    entry = Entry("demonym", code, priority=PRIORITY["demonym"] + bonus)
    for base in bases:
        tables.add(base, entry, demonym_forms(base, tables.lang))


def add_organisations(tables: Tables, items: list[dict[str, Any]], bonus: int = 0) -> None:
    for item in items:
        entry = Entry("org", item["code"], item.get("sector"), item.get("name"), priority=PRIORITY["org"] + bonus)
        for form in [*item.get("names", []), *item.get(tables.lang, [])]:
            tables.add(str(form), entry)
        cased = Entry("org", item["code"], item.get("sector"), item.get("name"), priority=PRIORITY["org"] + bonus,
                      cased=True)
        for form in item.get("cased", []):
            tables.add(str(form), cased)


def add_people(tables: Tables, rows: Iterable[dict[str, Any]], bonus: int = 0) -> None:
    """People match by full name and aliases; the surname alone matches at the lowest priority
    and resolves only when the date or the article makes it unambiguous."""
    for row in rows:
        key = row["name"]
        spell = Spell(row["code"], row.get("sector") or None, _date(row.get("start")), _date(row.get("end")),
                      row.get("org") or None)
        tables.spells.setdefault(key, []).append(spell)
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [a for a in aliases.split("|") if a]
        entry = Entry("person", person=key, priority=PRIORITY["person"] + bonus)
        for form in {key, *aliases}:
            tables.add(form, entry)
        surname = key.split()[-1]
        if len(surname) > 3 and len(key.split()) > 1:
            tables.add(surname, Entry("surname", person=key, priority=PRIORITY["surname"] + bonus))


def add_roles(tables: Tables, roles: dict[str, Any], bonus: int = 0) -> None:
    lang = tables.lang
    function_words = frozenset(read_yaml(lang, "actors_roles.yaml").get("function_words") or [])
    for sector, words in (roles.get("sectors") or {}).items():
        for word in words:
            tables.add(word, Entry("role", sector=sector, name=word.lower(), priority=PRIORITY["role"] + bonus),
                       plurals(word, lang, function_words))
    for word in roles.get("body_anaphora") or []:
        tables.add(word, Entry("role", name=word.lower(), priority=PRIORITY["role"] + bonus),
                   plurals(word, lang, function_words))
    tables.body_anaphora |= {w.lower() for w in roles.get("body_anaphora") or []}
    for phrase in roles.get("country_anaphora") or []:
        tables.add(phrase, Entry("role", sector="GOV", name=phrase.lower(), priority=PRIORITY["role"] + bonus))
    tables.country_anaphora |= {w.lower() for w in roles.get("country_anaphora") or []}
    tables.ruling_roles |= {w.lower() for w in roles.get("ruling_roles") or []}
    for word in roles.get("counterpart") or []:
        tables.add(word, Entry("counterpart", priority=PRIORITY["counterpart"] + bonus))
    for kind in ("person", "group", "body"):
        for word in (roles.get("pronouns") or {}).get(kind) or []:
            tables.add(word, Entry("pronoun", name=kind, priority=PRIORITY["pronoun"] + bonus))
    tables.expletive_heads |= {w.lower() for w in roles.get("expletive_heads") or []}
    tables.bodies |= {w.lower() for w in roles.get("bodies") or []}
    tables.former_words |= {w.lower() for w in roles.get("former") or []}
    tables.np_prepositions |= {w.lower() for w in roles.get("np_prepositions") or []}
    tables.leaders |= {w.lower() for w in roles.get("leaders") or []}
    tables.religions |= {form.lower() for w in roles.get("religions") or [] for form in demonym_forms(w, lang)}
    tables.locatives |= {w.lower() for w in roles.get("np_locatives") or []}
    tables.locative_sectors |= set(roles.get("locative_sectors") or [])
    tables.possessives |= {w.lower() for w in roles.get("possessives") or []}
    tables.any_singular = tables.any_singular or roles.get("pronoun_antecedents") == "any"


def add_user_file(tables: Tables, path: Path) -> None:
    """A user's YAML (docs/actors.md): entries that take precedence over the built-in tables."""
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    add_organisations(tables, data.get("organisations") or [], USER_BONUS)
    add_people(tables, data.get("people") or [], USER_BONUS)
    for item in data.get("countries") or []:
        if item.get("lang", "*") not in (tables.lang, "*"):
            continue
        kind = item.get("kind", "country")
        if kind == "demonym":
            add_demonyms(tables, item["code"], item["forms"], USER_BONUS)
            continue
        for form in item["forms"]:
            tables.add(form, Entry(kind, item["code"], PLACE_SECTORS[kind], priority=PRIORITY[kind] + USER_BONUS))
    add_roles(tables, {"sectors": data.get("roles", {}).get(tables.lang) or {}}, USER_BONUS)


def load_tables(lang: str, extra: Path | None = None) -> Tables:
    tables = Tables(lang)
    add_countries(tables)
    add_organisations(tables, load_yaml(_data_file("organisations.yaml").read_text(encoding="utf-8")))
    add_people(tables, tsv_rows(_data_file("people.tsv").read_text(encoding="utf-8")))
    add_roles(tables, read_yaml(lang, "actors_roles.yaml"))
    if extra is not None:
        add_user_file(tables, extra)
    return tables
