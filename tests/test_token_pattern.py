"""The French model's token pattern, grouped so it compiles fast: it must match exactly the strings
the model's own pattern matches, and loading the model must use it."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from dyad.nlp.token_pattern import alternatives, grouped, model_pattern, prime, split_point

ROOT = Path(__file__).resolve().parent.parent
LONG = "[" + "a-z" * 40 + "]"
# Words written for this test: the kinds the pattern is about (hyphenated prefixes, elisions,
# "x-de-y" compounds, exceptions), near misses, and plain words.
WORDS = ["faux-vampire", "Faux-Vampire", "anti-jihadiste", "ex-président", "entr'abat", "rentr'ouvrir",
         "grand'mère", "grands'mères", "saut-de-ski", "pet-en-l'air", "arc-en-ciel", "Saint-Louis", "états-unis",
         "Etats-Unis", "ÉTATS-UNIS", "New-York", "black-out", "black-outs", "zig-zagué", "prud'homme",
         "aujourd'hui", "Aujourd'hui", "c'est", "l'armée", "rendez-vous", "Jean-Yves", "porte-parole",
         "sud-est", "Burkina-Faso", "anti–jihadiste", "anti—", "-anti", "faux-", "faux--vampire", "l'", "d'un",
         "qu'aujourd'hui", "Bamako", "Mali", "2023-08-26", "x", "", "a-sexualisé", "hip-hop", "yo-yo", "yo-yos"]


def test_alternatives_split_only_outside_groups_classes_and_escapes():
    assert alternatives(r"a|(b|c)|[|]d|e\|f|[]|x]|[^]|y]z") == ["a", "(b|c)", "[|]d", r"e\|f", "[]|x]", "[^]|y]z"]


def test_the_split_falls_at_the_first_long_class_outside_a_group():
    assert split_point(f"^ab[-–]c{LONG}+$") == len("^ab[-–]c")
    assert split_point(f"^(?:x{LONG})y{LONG}$") == len(f"^(?:x{LONG})y")
    assert split_point("^plain[ab]$") == len("^plain[ab]$")


def test_alternatives_that_share_an_ending_are_grouped():
    pattern = f"(?iu)(?:^a-{LONG}+$)|(?:^b-{LONG}+$)|(?:^c'{LONG}*$)"
    assert grouped(pattern) == f"(?iu)(?:(?:^a-|^b-){LONG}+$)|(?:(?:^c'){LONG}*$)"
    for text in ("a-b", "B-xyz", "c'", "c-x", "d-x", "a-", "ab"):
        assert bool(re.match(pattern, text)) == bool(re.match(grouped(pattern), text)), text


@pytest.mark.parametrize("odd", ["(?i)(?:^a)", "(?iu)^a|^b", f"(?iu)(?:^a{LONG}|^b{LONG})"])
def test_a_pattern_of_another_shape_is_left_alone(odd):
    assert grouped(odd) is None


@pytest.fixture(scope="module")
def patterns():
    original = model_pattern("fr_core_news_md")
    assert original and len(original) > 1_000_000
    return re.compile(original), re.compile(grouped(original))


def _candidates() -> set[str]:
    words = set(WORDS)
    for line in (ROOT / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        words |= {w.strip(".,;:!?()«»\"") for w in json.loads(line)["text"].split()}
    # Every hyphen and apostrophe spaCy knows in place of the plain ones, and case changes.
    for word in list(words):
        for old, new in itertools.product("-'", "–—‐‑’"):
            words.add(word.replace(old, new))
        words |= {word.upper(), word.title()}
    return words


@pytest.mark.slow
def test_the_grouped_pattern_matches_exactly_what_the_models_matches(patterns):
    original, faster = patterns
    words = _candidates()
    differ = [w for w in words if bool(original.match(w)) != bool(faster.match(w))]
    assert differ == []
    assert sum(bool(original.match(w)) for w in words) > 40  # the comparison covers matches, not only misses


def test_once_primed_compiling_the_models_pattern_gives_the_grouped_one():
    original = model_pattern("fr_core_news_md")
    re.purge()  # as in a fresh process, where nothing has compiled it yet
    assert prime("fr_core_news_md")
    assert re.compile(original).pattern == grouped(original)


def test_the_french_model_tokenizes_hyphens_and_elisions_as_spacy_does():
    from dyad.nlp.models import load

    assert [t.text for t in load("fr").make_doc("Le porte-parole a dit qu'aujourd'hui l'anti-jihadisme recule.")] == [
        "Le", "porte-parole", "a", "dit", "qu'", "aujourd'hui", "l'", "anti-jihadisme", "recule", "."]
