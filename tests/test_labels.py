"""The evidence-level label files: schema, uniqueness, offsets inside their articles, plausible
triggers, and a split written once that covers every labelled article exactly once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from dyad import labels

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts" / "labelling"))
from quotes import locate, occurrences  # noqa: E402

ALL_FILES = labels.label_files()
MIN_ARTICLES = {"fr": 1000, "en": 300}
MIN_TEST = {"fr": 150, "en": 50}


def _articles(path: Path) -> list[labels.LabelledArticle]:
    return list(labels.read_labels(path))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_each_file_parses_and_holds_each_article_once(path):
    ids = [article.id for article in _articles(path)]
    assert ids, f"{path.name} is empty"
    assert len(ids) == len(set(ids)), f"{path.name} labels an article twice"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_labels_hold_offsets_not_text(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        for event in json.loads(line)["events"]:
            for party in (event["actor"], event["recipient"]):
                assert "text" not in party
            assert isinstance(event["trigger"], list) and isinstance(event["evidence"], list)


@pytest.mark.shared
@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_offsets_lie_in_their_articles_and_triggers_are_words(shared, path):
    found = [problem for article in _articles(path) for problem in labels.problems(article)]
    assert not found, "\n".join(found[:20])


def test_the_project_has_enough_labelled_articles_per_language():
    counts = {"fr": 0, "en": 0}
    for path in labels.label_files_of_project():
        for article in _articles(path):
            counts[article.lang] += 1
    assert all(counts[lang] >= MIN_ARTICLES[lang] for lang in counts), counts


def test_the_split_is_disjoint_covers_every_labelled_article_and_has_a_large_test():
    splits = json.loads((labels.LABELS_DIR / "splits.json").read_text(encoding="utf-8"))["splits"]
    for lang, parts in splits.items():
        sets = [set(ids) for ids in parts.values()]
        assert sum(map(len, sets)) == len(set().union(*sets)), f"{lang} splits overlap"
        assert len(parts["test"]) >= MIN_TEST[lang]
    every = {article_id for parts in splits.values() for ids in parts.values() for article_id in ids}
    for path in labels.label_files_of_project():
        assert {article.id for article in _articles(path)} <= every


def test_a_party_needs_a_span_or_to_be_marked_implicit():
    with pytest.raises(ValueError, match="span or implicit"):
        labels.LabelParty(code="MLI", sector="GOV")
    assert labels.LabelParty(code="MLI", implicit=True).implicit
    assert labels.LabelParty(code="-").span is None


def test_a_trigger_outside_its_evidence_is_refused():
    party = {"code": "FRA", "span": (0, 6)}
    with pytest.raises(ValueError, match="inside the evidence"):
        labels.LabelEvent(event_type="ACCUSE", status="occurred", trigger=(50, 58), evidence=(0, 40),
                          actor=party, recipient={"code": "-"})


def test_plausible_triggers_are_short_phrases_without_breaks():
    assert labels.plausible_trigger("a condamné")
    assert labels.plausible_trigger("sanctions")
    assert not labels.plausible_trigger("")
    assert not labels.plausible_trigger("2023")
    assert not labels.plausible_trigger("signé\nun accord")
    assert not labels.plausible_trigger("il est parti. Puis il a signé")


def test_quotes_are_found_up_to_typography_and_nearest_to_their_evidence():
    text = "Le ministre a dit l’accord « historique ». Plus tard, le ministre  est parti."
    assert occurrences("l'accord \"historique\"", text) == [(18, 41)]
    evidence = locate("Plus tard, le ministre est parti.", text)
    assert evidence == (43, text.index("parti.") + 6)
    assert locate("le ministre", text, within=evidence)[0] == text.index("le ministre ", 43)
    assert locate("absent", text) is None
