"""The learned coder as users get it (the default Pipeline): exact records for sentences written
here, the rules' findings it upholds, and a floor on the labelled set's dev split (`dyad eval doc
--split dev`; the test split is scored by hand, once per change)."""

from __future__ import annotations

import pytest

from dyad.evaluate.doc import code_articles, load_labelled, score
from dyad.events.learned.coder import LearnedCoder, thresholds
from dyad.nlp.models import load
from dyad.pipeline import Pipeline
from dyad.records import Article

# The whole dev split (130 articles, 660 keys); the floor sits a little under what the shipped models
# score on it, and only rises. It was a slice of its first 18 articles (floor 0.40): that slice moved
# by 0.03 either way between retrainings that moved the whole split by 0.01; the models before
# the 2026-12-08 retraining score 0.364 here, under this floor.
DEV_F1_FLOOR = 0.37  # measured 0.377 (fr 0.361, en 0.506)


@pytest.fixture(scope="module")
def pipeline():
    pipeline = Pipeline()
    if not pipeline.stages("fr")[1].trained:
        pytest.fail("the learned coder's models are missing from dyad/events/models (run `make train`)")
    return pipeline


def coded(pipeline: Pipeline, lang: str, text: str) -> list[tuple]:
    article = Article(id="own", text=text, lang=lang, date="2023-05-02")
    (result,) = pipeline.code([article])
    return sorted((e.actor.code, e.actor.sector, e.event_type, e.recipient.code, e.recipient.sector, e.status)
                  for e in result.events)


@pytest.mark.parametrize(("lang", "text", "expected"), [
    ("en", "Mali expelled the French ambassador, the government said.",
     [("MLI", "GOV", "SANCTION", "FRA", "GOV", "occurred")]),
    ("en", "The foreign minister of Senegal met his Gambian counterpart in Dakar on Tuesday.",
     [("SEN", "GOV", "CONSULT", "GMB", "GOV", "occurred")]),
    ("en", "China promised to send food aid to Niger next month.",
     [("CHN", "GOV", "AID", "NER", "GOV", "intended")]),
    ("fr", "La Russie a livré deux hélicoptères de combat à l'armée malienne.",
     [("RUS", "GOV", "AID", "MLI", "MIL", "occurred")]),
    ("fr", "Le Niger n'a pas signé l'accord de défense avec la France.",
     [("FRA", "GOV", "AGREE", "NER", "GOV", "negated"), ("NER", "GOV", "AGREE", "FRA", "GOV", "negated")]),
])
def test_own_sentences_give_exactly_their_records(pipeline, lang, text, expected):
    assert coded(pipeline, lang, text) == expected


def test_records_point_at_the_mentions_of_their_parties(pipeline):
    text = "Mali expelled the French ambassador, the government said."
    (result,) = pipeline.code([Article(id="own", text=text, lang="en")])
    (event,) = result.events
    assert text[event.actor.start:event.actor.end] == "Mali"
    assert "French" in text[event.recipient.start:event.recipient.end]


def test_a_rule_finding_the_models_leave_out_stands_unless_vetoed(pipeline):
    """The delivery is the rule linker's find (the models give it next to nothing): it is coded with
    the default veto, and not when the rules are features only."""
    text = "La Russie a livré deux hélicoptères de combat à l'armée malienne."
    article = Article(id="own", text=text, lang="fr", date="2023-05-02")
    resolver, coder, _, _ = pipeline.stages("fr")
    parsed = load("fr")(text)
    actors = resolver.analyse(parsed, article.date)
    assert [e.event_type for e in coder.code(parsed, actors, article)] == ["AID"]
    features_only = LearnedCoder("fr", limits=thresholds("fr") | {"rule_veto": 1.1})
    assert features_only.code(parsed, actors, article) == []


def test_dev_split_stays_above_its_floor(shared):
    gold = load_labelled(None, "dev")
    report = score(gold, code_articles(gold, None))
    assert report.by_lang.total().f1 >= DEV_F1_FLOOR
