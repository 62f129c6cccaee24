"""The learned coder's stages, each with one job, each writing what it found onto the Doc:

1. TriggerStage   tokens -> trigger candidates with P(type), `doc.spans["dyad_triggers"]`
2. PartyStage     resolved mentions (and the article's focus country, never named at the trigger)
                  -> party candidates, `doc.spans["dyad_parties"]`
3. PairScorer     (trigger, actor, recipient-or-none) -> P(no event) and P(type): the one place
                  where types are decided
4. StatusStage    trigger -> occurred / intended / negated

The rule coder (dyad/events/coder.py) runs first: its triggers are candidates and its links are
features, so where the rules are precise the model learns to follow them, and where they are
silent it can still find the event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from dyad.actors import DocActors
from dyad.events.assembly import Finding
from dyad.events.grammar import Grammar
from dyad.events.learned.features import (
    dense_features,
    is_candidate,
    party_features,
    status_features,
    trigger_features,
)
from dyad.events.learned.linear import LinearModel
from dyad.events.lexicon import Match
from dyad.nlp.views import views
from dyad.records import Actor, actor_key

NONE = "NONE"
TRIGGER_SPANS = "dyad_triggers"
PARTY_SPANS = "dyad_parties"
MODELS = "dyad.events.models"


def models_dir() -> Path:
    """The models shipped inside the package (dyad/events/models)."""
    return Path(str(resources.files(MODELS)))


@cache
def load_model(lang: str, stage: str, directory: Path | None = None) -> LinearModel | None:
    path = (directory or models_dir()) / f"{lang}_{stage}.npz"
    return LinearModel.load(path) if path.exists() else None


@dataclass
class TriggerCandidate:
    token: Token
    probabilities: dict[str, float]
    lexicon: tuple[str, ...] = ()
    rule_types: tuple[str, ...] = ()

    @property
    def p_event(self) -> float:
        return 1.0 - self.probabilities.get(NONE, 0.0)

    @property
    def hint(self) -> str:
        """The type a role pattern is read under: the lexicon's, else the detector's best."""
        if self.lexicon:
            return self.lexicon[0]
        typed = {k: v for k, v in self.probabilities.items() if k != NONE}
        return max(typed, key=typed.get) if typed else NONE


@dataclass(frozen=True)
class PartyCandidate:
    actor: Actor
    head: int | None  # None: a party the text does not name here (the article's focus country)
    kind: str
    start_char: int | None = None
    end_char: int | None = None

    @property
    def key(self) -> str:
        return actor_key(self.actor)


def lexicon_types(matches: Sequence[Match]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for match in matches:
        for entry in match.entries:
            if entry.type not in found.setdefault(match.head.i, []):
                found[match.head.i].append(entry.type)
    return {i: tuple(types) for i, types in found.items()}


def rule_types(findings: Sequence[Finding]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = {}
    for finding in findings:
        head = finding.trigger.root.i
        if finding.event_type not in found.setdefault(head, []):
            found[head].append(finding.event_type)
    return {i: tuple(types) for i, types in found.items()}


class TriggerStage:
    def __init__(self, lang: str, grammar: Grammar, floor: float, directory: Path | None = None) -> None:
        self.grammar = grammar
        self.model = load_model(lang, "triggers", directory)
        self.floor = floor

    def candidates(self, doc: Doc, lexicon: dict[int, tuple[str, ...]], rules: dict[int, tuple[str, ...]]) -> list[TriggerCandidate]:
        """Tokens the detector gives at least `floor` of being a trigger, and every token the
        rules fired on; blanked sentences (the prefilter's) hold no candidate."""
        tokens = [t for t in doc if is_candidate(t) and not _blank(t)]
        if self.model is None or not tokens:
            return [TriggerCandidate(doc[i], {NONE: 0.0}, lexicon.get(i, ()), types) for i, types in rules.items()]
        examples = [trigger_features(t, lexicon, self.grammar) for t in tokens]
        probabilities = self.model.probabilities(examples, dense_features(doc, [t.i for t in tokens]))
        found = []
        none = self.model.classes.index(NONE)
        for token, row in zip(tokens, probabilities, strict=True):
            if 1.0 - row[none] >= self.floor or token.i in rules:
                found.append(TriggerCandidate(token, dict(zip(self.model.classes, row.tolist(), strict=True)),
                                              lexicon.get(token.i, ()), rules.get(token.i, ())))
        doc.spans[TRIGGER_SPANS] = [Span(doc, c.token.i, c.token.i + 1, label=c.hint) for c in found]
        return found


def _blank(token: Token) -> bool:
    return token.is_space


class PartyStage:
    def candidates(self, doc: Doc, doc_actors: DocActors) -> list[PartyCandidate]:
        found = []
        for mention in doc_actors.mentions:
            head = mention.head if mention.head >= 0 else mention.start_token
            found.append(PartyCandidate(mention.actor, head, mention.kind, mention.start_char, mention.end_char))
        if doc_actors.focus:
            found.append(PartyCandidate(Actor(code=doc_actors.focus, sector="GOV"), None, "focus"))
        doc.spans[PARTY_SPANS] = [Span(doc, doc[c.head].i, doc[c.head].i + 1, label=c.actor.code)
                                  for c in found if c.head is not None]
        return found

    @staticmethod
    def in_sentence(candidates: Sequence[PartyCandidate], trigger: Token) -> list[PartyCandidate]:
        start, end = views(trigger.doc).sentence_bounds(trigger.i)
        return [c for c in candidates if c.head is None or (start <= c.head < end and c.head != trigger.i)]


@dataclass
class Triple:
    trigger: TriggerCandidate
    actor: PartyCandidate
    recipient: PartyCandidate | None
    features: list[str] = field(default_factory=list)


class PairScorer:
    def __init__(self, lang: str, grammar: Grammar, directory: Path | None = None) -> None:
        self.grammar = grammar
        self.model = load_model(lang, "scorer", directory)

    def triples(self, trigger: TriggerCandidate, parties: Sequence[PartyCandidate],
                rule_links: dict[tuple[int, str], set[str]]) -> list[Triple]:
        """Every (actor, recipient-or-none) among the sentence's parties, with its features."""
        g, token, hint = self.grammar, trigger.token, trigger.hint
        doc = token.doc
        head_features = [f"T|l={g.lemma(token)}", f"T|hint={hint}", f"T|p={token.pos_}"]
        head_features += [f"T|lex={t}" for t in trigger.lexicon] + [f"T|rule={t}" for t in trigger.rule_types]
        ranked = sorted(((p, t) for t, p in trigger.probabilities.items() if t != NONE), reverse=True)[:2]
        head_features += [f"T|det={t}|{_bucket(p)}" for p, t in ranked]
        roles: dict[tuple[int, str], list[str]] = {}
        for index, party in enumerate(parties):
            links = rule_links.get((token.i, party.key), set())
            for role in ("A", "R"):
                if party.head is None:
                    base = [f"impl={party.kind}", f"impl|t={hint}", f"impl|l={g.lemma(token)}"]
                else:
                    base = party_features(token, doc[party.head], party.kind, party.actor.sector, party.actor.code,
                                          hint, g, tuple(sorted(links)))
                roles[(index, role)] = [f"{role}|{f}" for f in base]
        none_recipient = ["R|none", f"R|none|t={hint}", f"R|none|l={g.lemma(token)}"]
        found = []
        for a_index, actor in enumerate(parties):
            for r_index, recipient in [(None, None), *enumerate(parties)]:
                if recipient is not None and (r_index == a_index or (
                        recipient.key == actor.key and recipient.actor.sector == actor.actor.sector)):
                    continue
                features = head_features + roles[(a_index, "A")]
                features += roles[(r_index, "R")] if recipient is not None else none_recipient
                if recipient is not None and actor.head is not None and recipient.head is not None:
                    features.append(f"order={'ar' if actor.head < recipient.head else 'ra'}")
                    features.append(f"kinds={actor.kind}|{recipient.kind}")
                found.append(Triple(trigger, actor, recipient, features))
        return found

    def score(self, triples: Sequence[Triple]) -> np.ndarray:
        if self.model is None or not triples:
            return np.zeros((len(triples), 1), np.float32)
        return self.model.probabilities([t.features for t in triples])


def _bucket(p: float) -> str:
    return "hi" if p >= 0.5 else "mid" if p >= 0.2 else "lo"


class StatusStage:
    def __init__(self, lang: str, grammar: Grammar, directory: Path | None = None) -> None:
        self.grammar = grammar
        self.model = load_model(lang, "status", directory)

    def status(self, token: Token) -> str | None:
        if self.model is None:
            return None
        probabilities = self.model.probabilities([status_features(token, self.grammar)])[0]
        return self.model.classes[int(np.argmax(probabilities))]
