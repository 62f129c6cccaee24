"""Actor filters as people type them, resolved to what the store's actor columns hold.

An actor filter may be, in this order of precedence: a code (`RUS`, `IGO`) or a key
(`IGO:ECOWAS`) the tables or the store know; a canonical name the store holds (an organisation
from a user's `--actors` file); or a name the actor tables give: a country's (`Mali`, `Russie`),
an organisation's in any of its languages (`CEDEAO`), a person's full name, alias or surname
(`Lavrov`). A name resolves to the country's code, the organisation's key or name, or the
person's canonical name, where it points to one actor only; otherwise `InvalidFilter` names the
candidates, or the nearest known names. Case, accents and apostrophes do not matter. The tables
are read from the files of dyad/actors/data without importing the actor layer (which loads spaCy).
"""

from __future__ import annotations

import csv
import difflib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb

from dyad.lang import load_yaml
from dyad.store.filters import InvalidFilter
from dyad.vocabulary import KEYED_CODES, NON_STATE_CODES

MAX_SUGGESTIONS = 5
# The non-state codes that name one family of bodies each.
FAMILY_NAMES = {"UNO": "United Nations", "EUR": "European Union"}


@dataclass(frozen=True)
class Names:
    """What the actor tables know: folded name -> the filter values it stands for."""

    forms: dict[str, frozenset[str]]
    codes: frozenset[str]
    countries: dict[str, str]
    people: frozenset[str]


def fold(text: str) -> str:
    """Case, accents, apostrophes and spacing set aside: 'Cédéao' and 'CEDEAO' are one name."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _data(name: str) -> str:
    # Through the dyad package: importing dyad.actors.data would run dyad/actors/__init__ (spaCy).
    return resources.files("dyad").joinpath("actors", "data", name).read_text(encoding="utf-8")


def _tsv(name: str) -> Iterator[dict[str, str]]:
    lines = (line for line in _data(name).splitlines() if line.strip() and not line.startswith("#"))
    yield from csv.DictReader(lines, delimiter="\t")


def organisation_value(code: str, name: str) -> str:
    """The filter value of an organisation: its key where its code stands for many bodies, else its name."""
    return f"{code}:{name}" if code in KEYED_CODES else name


@cache
def tables() -> Names:
    forms: dict[str, set[str]] = {}

    def add(form: str, value: str) -> None:
        if form.strip():
            forms.setdefault(fold(form), set()).add(value)

    english: dict[str, list[str]] = {}
    for row in _tsv("countries.tsv"):
        if row["kind"] == "name":
            add(row["form"], row["iso3"])
            if row["lang"] == "en":
                english.setdefault(row["iso3"], []).append(row["form"])
    for row in _tsv("country_aliases.tsv"):
        if row["kind"] == "name":
            add(row["form"], row["iso3"])
    for item in load_yaml(_data("organisations.yaml")):
        value = organisation_value(item["code"], item["name"])
        for form in [item["name"], *item.get("names", []), *item.get("fr", []), *item.get("en", [])]:
            add(str(form), value)
    people = set()
    for row in _tsv("people.tsv"):
        for form in [row["name"], *filter(None, row["aliases"].split("|"))]:
            add(form, row["name"])
        add(row["name"].split()[-1], row["name"])
        people.add(row["name"])
    countries = {code: min(names, key=lambda n: (len(n), n)) for code, names in english.items()}
    return Names({form: frozenset(values) for form, values in forms.items()},
                 frozenset(countries) | NON_STATE_CODES, countries, frozenset(people))


def own_name(key: str) -> str | None:
    """The name of the actor a key stands for itself: the organisation (IGO:ECOWAS is ECOWAS), the
    country in its short English name (FRA is France, never its president), the UN or the EU."""
    code, _, body = key.partition(":")
    return body or tables().countries.get(code.upper()) or FAMILY_NAMES.get(code.upper())


def _stored(con: duckdb.DuckDBPyConnection) -> tuple[set[str], dict[str, str]]:
    """The codes and keys of every actor and recipient in the store, and its canonical names with
    the value each stands for (an organisation's key where it has one, else the name)."""
    found = con.execute("""SELECT actor_key, actor_code, actor_name FROM merged_events
                           UNION SELECT recipient_key, recipient_code, recipient_name FROM merged_events""").fetchall()
    codes = {fold(v) for key, code, _ in found for v in (key, code)}
    names = {name: organisation_value(code, name) if key == f"{code}:{name}" else name
             for key, code, name in found if name}
    return codes, names


def resolve(con: duckdb.DuckDBPyConnection, parameter: str, value: str) -> str:
    """The value to filter the actor columns on (a code, a key or a canonical name), or InvalidFilter."""
    text = " ".join(str(value).split())
    known = tables()
    if text.upper() in known.codes:
        return text.upper()
    codes, names = _stored(con)
    folded = fold(text)
    if folded in codes:
        return text
    exact = {value for name, value in names.items() if fold(name) == folded}
    if len(exact) == 1:
        return exact.pop()
    code, colon, body = text.partition(":")
    if colon and code.upper() in KEYED_CODES:
        candidates = {v for v in known.forms.get(fold(body), ()) if v.startswith(f"{code.upper()}:")}
    else:
        candidates = set(known.forms.get(folded, ()))
        candidates |= {value for name, value in names.items()
                       if fold(name) == folded or fold(name.split()[-1]) == folded}
    distinct = {fold(c): c for c in sorted(candidates)}
    if len(distinct) == 1:
        return next(iter(distinct.values()))
    if distinct:
        raise InvalidFilter(parameter, f"{value!r} may be any of {', '.join(sorted(distinct.values()))}: "
                                       "give one of them", value)
    raise InvalidFilter(parameter, _unknown(text, known, names), value)


def _unknown(text: str, known: Names, stored_names: dict[str, str]) -> str:
    choices = {fold(n): n for n in stored_names} | {fold(c): c for c in known.codes}
    choices |= {form: sorted(values)[0] for form, values in known.forms.items() if len(values) == 1}
    near = difflib.get_close_matches(fold(text), list(choices), n=MAX_SUGGESTIONS, cutoff=0.75)
    hint = f"; did you mean {', '.join(dict.fromkeys(choices[n] for n in near))}?" if near else ""
    return (f"no actor is known as {text!r}: give a code (RUS, UNO, IGO), a key (IGO:ECOWAS) "
            f"or a name (Mali, CEDEAO, Lavrov){hint}")
