"""The learned event coder: the stages of dyad/events/learned/stages.py chained into records.

    rules (lexicon + linker) -> trigger candidates -> party candidates -> pair scorer (type)
      -> status -> rules between events (background) -> records

Without trained models for a language it codes what the rules find, as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
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
    PartyCandidate,
    PartyStage,
    StatusStage,
    TriggerCandidate,
    TriggerStage,
    Triple,
    lexicon_profiles,
    lexicon_types,
    mention_frequency,
    models_dir,
    rule_types,
)
from dyad.records import Actor, Article, Event, actor_key

THRESHOLDS = "thresholds.json"
# A triple below this is no evidence for its event at all, however often the article repeats it.
EVIDENCE_FLOOR = 0.05
# rule_veto above 1: the rules' findings are features only, never kept on their own.
DEFAULT_THRESHOLDS = {"trigger_floor": 0.1, "event": 0.5, "rule_veto": 1.1}


@cache
def thresholds(lang: str, directory: Path | None = None) -> dict[str, float]:
    """Decision thresholds chosen on the labelled set's dev split by `make train`."""
    path = (directory or models_dir()) / THRESHOLDS
    if not path.is_file():
        return dict(DEFAULT_THRESHOLDS)
    return DEFAULT_THRESHOLDS | json.loads(path.read_text(encoding="utf-8")).get(lang, {})


@dataclass(frozen=True)
class Scored:
    """An article's scored candidates, before any threshold."""

    candidates: list[Decision]
    ruled: list[Finding]
    triples: list[Triple]
    probabilities: np.ndarray
    parties: list[PartyCandidate]
    links: dict[tuple[int, str], set[str]]
    frequency: dict[str, int]


@dataclass(frozen=True)
class Decision:
    triple: Triple
    event_type: str
    probability: float
    ruled: Finding | None = None  # the rule finding this decision upholds, whose status stands

    @property
    def key(self) -> tuple[str, str, str]:
        actor, recipient = _party_keys(self.triple)
        return (actor, self.event_type, recipient)


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
        return self.scorer.trained and self.triggers.model is not None

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
        decisions = self.decide(doc, doc_actors, matches, ruled, article)
        # The events of one trigger share its status and contexts: read them once per trigger.
        read: dict[int, tuple[str | None, tuple[str, ...]]] = {}
        return [self._finding(d, ruled, read) for d in decisions]

    def decide(self, doc: Doc, doc_actors: DocActors, matches, ruled: list[Finding],
               article: Article | None = None) -> list[Decision]:
        """The events of an article: every scored triple whose (actor, type, recipient) the article
        supports enough, counting each sentence that reports it as one more piece of evidence
        (noisy-or), since an article that says it twice is likelier to mean it."""
        return self.choose(self.score(doc, doc_actors, matches, ruled, article), self.limits)

    def score(self, doc: Doc, doc_actors: DocActors, matches, ruled: list[Finding],
              article: Article | None = None) -> Scored:
        """Every candidate triple of the article scored: what `choose` decides from, whatever its
        thresholds (training tries many on the same scores)."""
        lexicon = lexicon_types(matches)
        links: dict[tuple[int, str], set[str]] = {}
        for finding in ruled:
            head = finding.trigger.root.i
            links.setdefault((head, actor_key(finding.actor)), set()).add("A")
            if finding.recipient.code != "-":
                links.setdefault((head, actor_key(finding.recipient)), set()).add("R")
        triggers = self.triggers.candidates(doc, lexicon, rule_types(ruled), lexicon_profiles(matches))
        parties = self.parties.candidates(doc, doc_actors, ruled)
        frequency = mention_frequency(parties)
        triples = [t for trigger in triggers
                   for t in self.scorer.triples(trigger, PartyStage.in_sentence(parties, trigger.token), links, frequency)]
        probabilities = self.scorer.score(triples)
        classes = self.scorer.classes
        none = classes.index(NONE)
        candidates: list[Decision] = []
        background: dict[int, bool] = {}
        for triple, row in zip(triples, probabilities, strict=True):
            typed = row.copy()
            typed[none] = -1.0
            best = int(np.argmax(typed))
            if row[best] < EVIDENCE_FLOOR:
                continue
            token = triple.trigger.token
            if token.i not in background:
                background[token.i] = article is not None and self.rules._background(token, article)
            if background[token.i]:
                continue
            candidates.append(Decision(triple, classes[best], float(row[best])))
        return Scored(candidates, ruled, triples, probabilities, parties, links, frequency)

    def choose(self, scored: Scored, limits: dict[str, float]) -> list[Decision]:
        """The decisions at these thresholds. `scored` may hold triggers below the trigger floor
        (training scores once at the lowest floor it tries): they are left out here."""
        floor = limits["trigger_floor"]
        candidates = [d for d in scored.candidates if _passes(d.triple.trigger, floor)]
        support: dict[tuple[str, str, str], float] = {}
        for decision in candidates:
            support[decision.key] = 1.0 - (1.0 - support.get(decision.key, 0.0)) * (1.0 - decision.probability)
        chosen = [d for d in candidates if support[d.key] >= limits["event"]]
        # Where the rules found the same event at the same trigger, their status stands: they read it
        # from the clause the trigger sits in; on the dev split status-aware F1 is the same either
        # way (fr 0.326 against 0.328, en 0.360 both).
        chosen = _with_rule_status(chosen, scored.ruled)
        return chosen + self._upheld(scored, chosen, limits["rule_veto"], floor)

    def _score_rule_trigger(self, finding: Finding, parties: list[PartyCandidate], links: dict,
                            frequency: dict[str, int]) -> tuple[Triple, np.ndarray] | None:
        """A rule that fired on a word of no candidate class (the "a" of "a apporté son soutien"):
        its parties scored at that word, so that the veto can see them."""
        token = finding.trigger.root
        candidate = TriggerCandidate(token, {NONE: 1.0}, (finding.event_type,), (finding.event_type,))
        wanted = _finding_party_keys(finding)
        for triple in self.scorer.triples(candidate, PartyStage.in_sentence(parties, token), links, frequency):
            if _party_keys(triple) == wanted:
                return triple, self.scorer.score([triple])[0]
        return None

    def _upheld(self, scored: Scored, chosen: list[Decision], veto: float, floor: float) -> list[Decision]:
        """The rules' own events that the models leave out but do not reject: the linker is precise
        where one of its hand-written patterns fires, so its finding stands unless the pair scorer
        gives its parties less than `rule_veto` of being the trigger's event. A finding counts as
        left out unless the models chose the same event at the same trigger: the same (actor, type,
        recipient) elsewhere may be another occasion, promised there and done here."""
        if veto > 1.0:
            return []
        none = self.scorer.classes.index(NONE)
        by_slot = {(t.trigger.token.i, *_party_keys(t)): (t, row)
                   for t, row in zip(scored.triples, scored.probabilities, strict=True) if _passes(t.trigger, floor)}
        decided = {(d.triple.trigger.token.i, d.key) for d in chosen}
        upheld: list[Decision] = []
        for finding in scored.ruled:
            keys = _finding_party_keys(finding)
            # A multi-word trigger ("a apporté son soutien") is scored at one of its words.
            found = next((by_slot[slot] for slot in ((token.i, *keys) for token in finding.trigger) if slot in by_slot),
                         None)
            if found is None:
                found = self._score_rule_trigger(finding, scored.parties, scored.links, scored.frequency)
            if found is None:
                continue
            triple, row = found
            decision = Decision(triple, finding.event_type, float(1.0 - row[none]), finding)
            slot = (triple.trigger.token.i, decision.key)
            if decision.probability >= veto and slot not in decided:
                upheld.append(decision)
                decided.add(slot)
        return upheld

    def _finding(self, decision: Decision, ruled: list[Finding],
                 read: dict[int, tuple[str | None, tuple[str, ...]]]) -> Finding:
        trigger: TriggerCandidate = decision.triple.trigger
        token = trigger.token
        if token.i not in read:
            read[token.i] = (self.status.status(token), tuple(self.rules.cues.contexts(token.subtree, ())))
        modelled_status, contexts = read[token.i]
        # An upheld rule finding keeps the status the rules read for it: it is one reading of the
        # clause, and the status model has not been asked to agree with it.
        status = decision.ruled.status if decision.ruled is not None else modelled_status or "occurred"
        entry_mode = next((f.mode for f in ruled if f.trigger.root.i == token.i and f.event_type == decision.event_type),
                          None)
        recipient = decision.triple.recipient
        return Finding(decision.event_type, entry_mode, contexts, status, _placed(decision.triple.actor),
                       _placed(recipient) if recipient is not None else Actor(), token.doc[token.i:token.i + 1],
                       round(_confidence(decision), 3))


def _passes(trigger: TriggerCandidate, floor: float) -> bool:
    """Whether a trigger candidate stands at this trigger floor (as `TriggerStage` keeps it)."""
    return 1.0 - trigger.probabilities.get(NONE, 1.0) >= floor or bool(trigger.rule_types)


def _confidence(decision: Decision) -> float:
    """The models' probability, or the rules' confidence where the rules found the event too: an
    upheld rule finding is kept on the rules' word, not on the models' score."""
    if decision.ruled is None:
        return decision.probability
    return max(decision.probability, decision.ruled.confidence)


def _with_rule_status(chosen: list[Decision], ruled: list[Finding]) -> list[Decision]:
    """Where the rules found the same event at the same trigger, their reading of its status stands."""
    by_slot = {}
    for finding in ruled:
        actor, recipient = _finding_party_keys(finding)
        for token in finding.trigger:
            by_slot.setdefault((token.i, (actor, finding.event_type, recipient)), finding)
    return [replace(d, ruled=by_slot.get((d.triple.trigger.token.i, d.key), d.ruled)) for d in chosen]


def _party_keys(triple: Triple) -> tuple[str, str]:
    return triple.actor.key, triple.recipient.key if triple.recipient is not None else "-"


def _finding_party_keys(finding: Finding) -> tuple[str, str]:
    return actor_key(finding.actor), actor_key(finding.recipient) if finding.recipient.code != "-" else "-"


def _placed(party) -> Actor:
    """The party's actor with the offsets of the mention it was read from (none for a party the
    text does not name there)."""
    return party.actor.model_copy(update={"start": party.start_char, "end": party.end_char})
