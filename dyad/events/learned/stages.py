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

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
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
from dyad.events.learned.mlp import HiddenLayerModel, load_model_file
from dyad.events.lexicon import Match
from dyad.events.status import status_reader
from dyad.nlp.views import views
from dyad.records import Actor, EventType, actor_key

NONE = "NONE"
TRIGGER_SPANS = "dyad_triggers"
PARTY_SPANS = "dyad_parties"
MODELS = "dyad.events.models"


def models_dir() -> Path:
    """`DYAD_MODELS` if set (models a user trained with `dyad train --out DIR`), else those shipped
    inside the package (dyad/events/models)."""
    chosen = os.environ.get("DYAD_MODELS")
    return Path(chosen) if chosen else Path(str(resources.files(MODELS)))


@contextmanager
def using_models(directory: Path) -> Iterator[None]:
    """Code with the models in `directory` for a while (training a stage on the output of those
    just trained), as `DYAD_MODELS=directory` would, then as before."""
    previous = os.environ.get("DYAD_MODELS")
    os.environ["DYAD_MODELS"] = str(directory)
    load_model.cache_clear()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DYAD_MODELS")
        else:
            os.environ["DYAD_MODELS"] = previous
        load_model.cache_clear()


@cache
def load_model(lang: str, stage: str, directory: Path | None = None) -> LinearModel | HiddenLayerModel | None:
    path = (directory or models_dir()) / f"{lang}_{stage}.npz"
    return load_model_file(path) if path.exists() else None


@dataclass
class TriggerCandidate:
    token: Token
    probabilities: dict[str, float]
    lexicon: tuple[str, ...] = ()
    rule_types: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()  # how the lexicon's entries link their parties (roles, of, preps)

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
    trigger: int | None = None  # an implicit party the rules gave one trigger is that trigger's alone

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


def lexicon_profiles(matches: Sequence[Match]) -> dict[int, tuple[str, ...]]:
    """The linking profile of the lexicon's entries at each trigger: whose subject is the actor
    ("roles: inverse" for a host who receives), what a noun's "de" complement is, which
    prepositions bring the recipient. A model reads them as features, so a profile learned on one
    verb serves every verb that has it."""
    found: dict[int, set[str]] = {}
    for match in matches:
        for entry in match.entries:
            profile = found.setdefault(match.head.i, set())
            profile.add(f"roles={entry.roles}")
            if entry.is_noun:
                profile.add(f"of={entry.of}")
            profile.update(f"prep={p}" for p in entry.preps)
    return {i: tuple(sorted(p)) for i, p in found.items()}


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

    def candidates(self, doc: Doc, lexicon: dict[int, tuple[str, ...]], rules: dict[int, tuple[str, ...]],
                   profiles: dict[int, tuple[str, ...]] | None = None) -> list[TriggerCandidate]:
        """Tokens the detector gives at least `floor` of being a trigger, and every token the
        rules fired on; blanked sentences (the prefilter's) hold no candidate."""
        tokens = [t for t in doc if is_candidate(t) and not _blank(t)]
        if self.model is None or not tokens:
            return [TriggerCandidate(doc[i], {NONE: 0.0}, lexicon.get(i, ()), types) for i, types in rules.items()]
        profiles = profiles or {}
        examples = [trigger_features(t, lexicon, self.grammar) for t in tokens]
        probabilities = self.model.probabilities(examples, dense_features(doc, [t.i for t in tokens]))
        found = []
        none = self.model.classes.index(NONE)
        for token, row in zip(tokens, probabilities, strict=True):
            if 1.0 - row[none] >= self.floor or token.i in rules:
                found.append(TriggerCandidate(token, dict(zip(self.model.classes, row.tolist(), strict=True)),
                                              lexicon.get(token.i, ()), rules.get(token.i, ()),
                                              profiles.get(token.i, ())))
        doc.spans[TRIGGER_SPANS] = [Span(doc, c.token.i, c.token.i + 1, label=c.hint) for c in found]
        return found


# A trigger is paired with at most this many of its sentence's named parties, the nearest (in the
# train split, 6 English sentences of 5,780 name more).
MAX_NAMED = 12

# Person entities the actor tables do not know, and roles with no country of their own ("the
# prime minister", "les députés"), stand for the country the article is about more often than not
# (in the train split: two in three French roles, three in four English ones). They are candidates
# with that country and a kind of their own, so that the pair scorer learns how far to trust them.
PERSON_LABELS = frozenset({"PER", "PERSON"})
GUESSED = "~focus"


def _focus_guesses(doc: Doc, doc_actors: DocActors, focus: str) -> list[PartyCandidate]:
    found = []
    for mention in doc_actors.partial:
        head = mention.head if mention.head >= 0 else mention.start_token
        actor = mention.actor.model_copy(update={"code": focus})
        found.append(PartyCandidate(actor, head, mention.kind + GUESSED, mention.start_char, mention.end_char))
    covered = {i for m in doc_actors.mentions + doc_actors.partial for i in range(m.start_token, m.end_token)}
    for entity in views(doc).entities:
        if entity.label_ in PERSON_LABELS and not covered.intersection(range(entity.start, entity.end)):
            found.append(PartyCandidate(Actor(code=focus, text=entity.text), entity.root.i, "name" + GUESSED,
                                        entity.start_char, entity.end_char))
    return found


def _blank(token: Token) -> bool:
    return token.is_space


class PartyStage:
    def candidates(self, doc: Doc, doc_actors: DocActors, ruled: Sequence[Finding] = ()) -> list[PartyCandidate]:
        """The article's resolved mentions; the country it is about, as a party no sentence need
        name, and as the guessed country of its code-less roles and unknown names; and the parties
        the rules read for a trigger without a mention of their own there (a coup's soldiers, a
        force's own state, "les deux pays")."""
        found = []
        for mention in doc_actors.mentions:
            head = mention.head if mention.head >= 0 else mention.start_token
            found.append(PartyCandidate(mention.actor, head, mention.kind, mention.start_char, mention.end_char))
        if doc_actors.focus:
            found.append(PartyCandidate(Actor(code=doc_actors.focus, sector="GOV"), None, "focus"))
            found += _focus_guesses(doc, doc_actors, doc_actors.focus)
        named = {(c.head, c.key) for c in found}
        for finding in ruled:
            trigger = finding.trigger.root.i
            start, end = views(doc).sentence_bounds(trigger)
            for party in (finding.actor, finding.recipient):
                if party.code == "-" or any(start <= (h if h is not None else -1) < end and k == actor_key(party)
                                            for h, k in named):
                    continue
                candidate = PartyCandidate(party, None, "rule", trigger=trigger)
                if candidate not in found:
                    found.append(candidate)
        doc.spans[PARTY_SPANS] = [Span(doc, doc[c.head].i, doc[c.head].i + 1, label=c.actor.code)
                                  for c in found if c.head is not None]
        return found

    @staticmethod
    def in_sentence(candidates: Sequence[PartyCandidate], trigger: Token) -> list[PartyCandidate]:
        """The trigger's sentence's candidates: the `MAX_NAMED` mentions nearest the trigger, and the
        parties no sentence names. A sentence of news names a handful of parties; one that names
        dozens (a list, or text with no full stops) would make a trigger's pairs grow as their
        square."""
        start, end = views(trigger.doc).sentence_bounds(trigger.i)
        named = [c for c in candidates if c.head is not None and start <= c.head < end and c.head != trigger.i]
        kept = {id(c) for c in sorted(named, key=lambda c: abs(c.head - trigger.i))[:MAX_NAMED]}
        return [c for c in candidates if (c.head is None and c.trigger in (None, trigger.i)) or id(c) in kept]


@dataclass
class Triple:
    trigger: TriggerCandidate
    actor: PartyCandidate
    recipient: PartyCandidate | None
    # Whether the pair is the trigger's event, and which type it is if it is one, each as blocks of
    # features that the triples of one trigger share (its own, each party's in each role), so that
    # scoring sums each block once.
    blocks: tuple[Sequence[str], ...] = ()
    type_blocks: tuple[Sequence[str], ...] = ()

    @property
    def features(self) -> list[str]:
        return [f for block in self.blocks for f in block]

    @property
    def type_features(self) -> list[str]:
        return [f for block in self.type_blocks for f in block]


EVENT = "EVENT"


class PairScorer:
    """P(no event) and P(type) of a (trigger, actor, recipient-or-none), from two models: one says
    whether this pair is the trigger's event (its weights shared by every type, since an actor is a
    subject of "condamne" as of "signe"), the other which type the event is."""

    def __init__(self, lang: str, grammar: Grammar, directory: Path | None = None) -> None:
        self.grammar = grammar
        self.pairs = load_model(lang, "pairs", directory)
        self.types = load_model(lang, "types", directory)

    @property
    def trained(self) -> bool:
        return self.pairs is not None and self.types is not None

    @property
    def classes(self) -> list[str]:
        return [NONE, *self.types.classes]

    def triples(self, trigger: TriggerCandidate, parties: Sequence[PartyCandidate],
                rule_links: dict[tuple[int, str], set[str]], frequency: dict[str, int] | None = None) -> list[Triple]:
        """Every (actor, recipient-or-none) among the sentence's parties, with its features;
        `frequency`: how often the article names each party, since the parties a story is about
        are those its events most often join."""
        frequency = frequency or {}
        g, token, hint = self.grammar, trigger.token, trigger.hint
        doc = token.doc
        head_features = [f"T|l={g.lemma(token)}", f"T|hint={hint}", f"T|p={token.pos_}"]
        head_features += [f"T|lex={t}" for t in trigger.lexicon] + [f"T|rule={t}" for t in trigger.rule_types]
        ranked = sorted(((p, t) for t, p in trigger.probabilities.items() if t != NONE), reverse=True)[:2]
        head_features += [f"T|det={t}|{_bucket(p)}" for p, t in ranked]
        roles: dict[tuple[int, str], list[str]] = {}
        before = sorted((p.head for p in parties if p.head is not None and p.head < token.i), reverse=True)
        after = sorted(p.head for p in parties if p.head is not None and p.head > token.i)
        for index, party in enumerate(parties):
            links = rule_links.get((token.i, party.key), set())
            if party.head is None:
                base = [f"impl={party.kind}", f"impl|t={hint}", f"impl|l={g.lemma(token)}", f"impl|n={min(len(parties), 4)}",
                        f"impl|sec={party.actor.sector}"]
                base += [f"impl|rule={r}" for r in sorted(links)] + [f"impl|rule={r}|{hint}" for r in sorted(links)]
            else:
                base = party_features(token, doc[party.head], party.kind, party.actor.sector, party.actor.code,
                                      hint, g, tuple(sorted(links)), trigger.profiles)
                side, order = (before, "b") if party.head < token.i else (after, "a")
                rank = side.index(party.head) + 1 if party.head in side else 9
                base += [f"rank={order}{min(rank, 3)}", f"rank|t={order}{min(rank, 3)}|{hint}"]
            base.append(f"freq={_frequency_bucket(frequency.get(party.key, 0))}")
            for role in ("A", "R"):
                roles[(index, role)] = [f"{role}|{f}" for f in base]
        none_recipient = ["R|none", f"R|none|t={hint}", f"R|none|l={g.lemma(token)}"]
        found = []
        for a_index, actor in enumerate(parties):
            for r_index, recipient in [(None, None), *enumerate(parties)]:
                if recipient is not None and (r_index == a_index or (
                        recipient.key == actor.key and recipient.actor.sector == actor.actor.sector)):
                    continue
                joint = []
                if recipient is not None and actor.head is not None and recipient.head is not None:
                    joint.append(f"order={'ar' if actor.head < recipient.head else 'ra'}")
                    joint.append(f"kinds={actor.kind}|{recipient.kind}")
                if recipient is not None and recipient.actor.code == actor.actor.code:
                    joint += ["same_code", f"same_code|t={hint}"]
                recipient_block = roles[(r_index, "R")] if recipient is not None else none_recipient
                found.append(Triple(trigger, actor, recipient, (head_features, roles[(a_index, "A")], recipient_block, joint),
                                    (head_features, _party_type_features(actor, recipient))))
        return found

    def score(self, triples: Sequence[Triple]) -> np.ndarray:
        """Rows over `classes`: P(no event), then P(event) x P(type | event) for each type."""
        if not self.trained or not triples:
            return np.zeros((len(triples), 1), np.float32)
        dense = np.asarray([triple_dense(t) for t in triples], np.float32)
        p_event = self.pairs.probabilities_of_blocks([t.blocks for t in triples], dense)[:, self.pairs.classes.index(EVENT)]
        p_type = self.types.probabilities_of_blocks([t.type_blocks for t in triples], dense)
        return np.hstack([(1.0 - p_event)[:, None], p_event[:, None] * p_type])


def _party_type_features(actor: PartyCandidate, recipient: PartyCandidate | None) -> list[str]:
    """Who the parties are, which tells a type apart (soldiers ASSAULT, ministers ACCUSE)."""
    recipient_sector = "none" if recipient is None else str(recipient.actor.sector)
    same = recipient is not None and recipient.actor.code == actor.actor.code
    return [f"Y|as={actor.actor.sector}", f"Y|rs={recipient_sector}", f"Y|pair={actor.actor.sector}|{recipient_sector}",
            f"Y|ak={actor.kind}", f"Y|same={same}"]


DETECTOR_CLASSES = [NONE, *EventType.__args__]


def triple_dense(triple: Triple) -> list[float]:
    """The detector's whole distribution over types at the triple's trigger."""
    probabilities = triple.trigger.probabilities
    return [probabilities.get(c, 0.0) for c in DETECTOR_CLASSES]


def _frequency_bucket(count: int) -> str:
    return "0" if count == 0 else "1" if count == 1 else "2-3" if count <= 3 else "4-7" if count <= 7 else "8+"


def mention_frequency(parties: Sequence[PartyCandidate]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for party in parties:
        if party.head is not None:
            counts[party.key] = counts.get(party.key, 0) + 1
    return counts


def _bucket(p: float) -> str:
    return "hi" if p >= 0.5 else "mid" if p >= 0.2 else "lo"


class StatusStage:
    def __init__(self, lang: str, grammar: Grammar, directory: Path | None = None) -> None:
        self.grammar = grammar
        self.reader = status_reader(lang)
        self.model = load_model(lang, "status", directory)

    def status(self, token: Token) -> str | None:
        if self.model is None:
            return None
        probabilities = self.model.probabilities([status_features(token, self.grammar, self.reader)])[0]
        return self.model.classes[int(np.argmax(probabilities))]
