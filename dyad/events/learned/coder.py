"""The learned event coder: the stages of dyad/events/learned/stages.py chained into records.

    rules (lexicon + linker) -> trigger candidates -> party candidates -> pair scorer (type)
      -> status -> rules between events (background) -> records

Without trained models for a language it codes what the rules find, as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from dyad.actors import DocActors
from dyad.events.assembly import Finding, Merger
from dyad.events.coder import EventCoder
from dyad.events.learned.stages import (
    NONE,
    PairScorer,
    PartyStage,
    StatusStage,
    TriggerCandidate,
    TriggerStage,
    Triple,
    lexicon_types,
    load_model,
    models_dir,
    rule_types,
)
from dyad.records import Actor, Article, Event, actor_key

THRESHOLDS = "thresholds.json"
DEFAULT_THRESHOLDS = {"trigger_floor": 0.1, "event": 0.5}


@cache
def thresholds(lang: str, directory: Path | None = None) -> dict[str, float]:
    """Decision thresholds chosen on the labelled set's dev split by `make train`."""
    path = (directory or models_dir()) / THRESHOLDS
    if not path.is_file():
        return dict(DEFAULT_THRESHOLDS)
    return DEFAULT_THRESHOLDS | json.loads(path.read_text(encoding="utf-8")).get(lang, {})


@dataclass(frozen=True)
class Decision:
    triple: Triple
    event_type: str
    probability: float


class LearnedCoder:
    def __init__(self, lang: str, limits: dict[str, float] | None = None, directory: Path | None = None) -> None:
        """`directory`: where the models are, if not inside the package (training writes elsewhere)."""
        self.lang = lang
        self.rules = EventCoder(lang)
        self.limits = limits or thresholds(lang, directory)
        self.triggers = TriggerStage(lang, self.rules.grammar, self.limits["trigger_floor"], directory)
        self.parties = PartyStage()
        self.scorer = PairScorer(lang, self.rules.grammar, directory)
        self.status = StatusStage(lang, self.rules.grammar, directory)

    @property
    def trained(self) -> bool:
        return self.scorer.model is not None and self.triggers.model is not None

    def code(self, doc: Doc, doc_actors: DocActors, article: Article) -> list[Event]:
        merger = Merger(article)
        for finding in self.findings(doc, doc_actors, article):
            merger.add(finding)
        return merger.records()

    def findings(self, doc: Doc, doc_actors: DocActors, article: Article) -> list[Finding]:
        matches = self.rules.lexicon.find(doc)
        ruled = self.rules.findings(doc, doc_actors, article, matches)
        if not self.trained:
            return ruled
        decisions = self.decide(doc, doc_actors, matches, ruled)
        return [f for d in decisions if (f := self._finding(d, article, ruled)) is not None]

    def decide(self, doc: Doc, doc_actors: DocActors, matches, ruled: list[Finding]) -> list[Decision]:
        lexicon = lexicon_types(matches)
        links: dict[tuple[int, str], set[str]] = {}
        for finding in ruled:
            head = finding.trigger.root.i
            links.setdefault((head, actor_key(finding.actor)), set()).add("A")
            if finding.recipient.code != "-":
                links.setdefault((head, actor_key(finding.recipient)), set()).add("R")
        triggers = self.triggers.candidates(doc, lexicon, rule_types(ruled))
        parties = self.parties.candidates(doc, doc_actors)
        triples = [t for trigger in triggers
                   for t in self.scorer.triples(trigger, PartyStage.in_sentence(parties, trigger.token), links)]
        probabilities = self.scorer.score(triples)
        classes = self.scorer.model.classes
        none = classes.index(NONE)
        decisions = []
        for triple, row in zip(triples, probabilities, strict=True):
            typed = row.copy()
            typed[none] = -1.0
            best = int(np.argmax(typed))
            if row[best] >= self.limits["event"]:
                decisions.append(Decision(triple, classes[best], float(row[best])))
        return decisions

    def _finding(self, decision: Decision, article: Article, ruled: list[Finding]) -> Finding | None:
        trigger: TriggerCandidate = decision.triple.trigger
        token = trigger.token
        if self.rules._background(token, article):
            return None
        status = self.status.status(token) or "occurred"
        entry_mode = next((f.mode for f in ruled if f.trigger.root.i == token.i and f.event_type == decision.event_type),
                          None)
        contexts = self.rules.cues.contexts(token.subtree, ())
        recipient = decision.triple.recipient
        return Finding(decision.event_type, entry_mode, tuple(contexts), status, decision.triple.actor.actor,
                       recipient.actor if recipient is not None else Actor(), token.doc[token.i:token.i + 1],
                       round(decision.probability, 3))


def learned_models_present(lang: str) -> bool:
    return load_model(lang, "scorer") is not None
