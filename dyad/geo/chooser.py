"""Where an event happened, chosen by a model trained on the labelled set.

The rules of `Geocoder.event_location` place an event only where its own sentence attaches a place
to the trigger, or at the lead's place, or in a visit's host capital. On the labelled dev split,
with the gold events themselves, that is right for about a third of the events whose gold names a
place: most of the rest are named in the event's sentence without hanging from its trigger ("20 000
personnes rassemblées à Niamey pour soutenir..."), or a sentence or two before it.

The chooser reads every place the article names, resolved (`ArticlePlaces`), and scores each as the
event's place with a logistic model over what a reader weighs: how far its nearest mention is from
the trigger, in sentences; whether it hangs from the trigger or is introduced as a place ("à",
"in"); its kind (town, region, country); whether it lies in a party's country; how often the
article names it; whether the rules chose it. A second model says how likely the event is to have a
place at all (two gold events in three have none); the best place is the event's where the product of
the two reaches the threshold `make train` chose by cross-validation on the train split
(dyad/geo/training.py), else the event has none.

A place named only in the dateline or in the outlet's name is never a candidate: it is where the
story was filed, not where anything happened (docs/time-and-place.md)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from spacy.tokens import Token

from dyad.events.learned.linear import LinearModel
from dyad.geo.gazetteer import Place
from dyad.geo.places import PlaceMention
from dyad.nlp.attachment import in_other_clause
from dyad.nlp.views import views
from dyad.records import Event

MODEL_FILE = "places.npz"
WHETHER_FILE = "places_whether.npz"
THRESHOLD_FILE = "places.json"
YES, NO = "yes", "no"
CLASSES = [NO, YES]
# Statements name countries as what they are about ("condamne le coup d'État au Niger").
STATEMENT_TYPES = {"ACCUSE", "REJECT", "REQUEST", "THREATEN", "SANCTION"}


@dataclass(frozen=True)
class PlaceInText:
    """One resolved place mention of the article."""

    place: Place
    mention: PlaceMention
    text: str  # the words that resolved (the mention, or the model's shorter span)
    sentence: int  # index of its sentence in the Doc
    in_lead: bool
    in_dateline: bool


@dataclass
class ArticlePlaces:
    """Every place the article names, with what the rules decided at the article's level."""

    mentions: list[PlaceInText]
    sentence_rank: dict[int, int]  # the first token of each sentence -> the sentence's rank in the Doc
    homes: set[int] = field(default_factory=set)  # gazetteer rows of the dateline place and the outlet's town
    main_row: int | None = None  # the lead's place (Geocoder._main_mention)

    def __post_init__(self) -> None:
        self.counts = Counter(m.place.row for m in self.mentions)
        self.by_row: dict[int, list[PlaceInText]] = {}
        self.by_sentence: dict[int, list[PlaceInText]] = {}
        for m in self.mentions:
            self.by_row.setdefault(m.place.row, []).append(m)
            self.by_sentence.setdefault(m.sentence, []).append(m)
        kinds: Counter[str] = Counter()  # the most mentions of one place, per kind
        for found in self.by_row.values():
            kinds[found[0].place.kind] = max(kinds[found[0].place.kind], len(found))
        self.most_named = {row for row, found in self.by_row.items() if len(found) == kinds[found[0].place.kind]}

    def sentence_of(self, token: Token) -> int:
        return self.sentence_rank[views(token.doc).sentence_start(token.i)]


@dataclass(frozen=True)
class Candidate:
    place: Place
    features: list[str]


def candidates(event: Event, trigger: Token, attached_rank: dict[int, int], places: ArticlePlaces,
               rule_place: Place | None, lang: str) -> list[Candidate]:
    """Each place the article names (and the rules' choice, where it names none: a host capital),
    with its features for this event. `attached_rank`: the start offset of each mention that hangs
    from the trigger -> its rank, nearest first."""
    here = places.sentence_of(trigger)
    parties = {event.actor.code: "actor", event.recipient.code: "recipient"}
    if event.actor.code == event.recipient.code:
        parties[event.actor.code] = "both"
    found = []
    rows = list(places.by_row)
    if rule_place is not None and rule_place.row not in places.by_row:
        rows.append(rule_place.row)
    for row in rows:
        mentions = places.by_row.get(row, [])
        place = mentions[0].place if mentions else rule_place
        assert place is not None
        own_sentence = [m for m in mentions if m.sentence == here]
        if not own_sentence and (row in places.homes or (mentions and all(m.in_dateline for m in mentions))):
            continue
        party = parties.get(place.country or "", "other")
        f = [f"kind={place.kind}", f"party={party}", f"named={_bucket(places.counts[row])}"]
        if mentions:
            before = [here - m.sentence for m in mentions if m.sentence <= here]
            after = [m.sentence - here for m in mentions if m.sentence > here]
            distance = f"before{min(min(before), 3)}" if before else f"after{min(min(after), 2)}"
            ranks = [attached_rank[m.mention.start_char] for m in own_sentence if m.mention.start_char in attached_rank]
            f += [f"dist={distance}", f"dist={distance}|kind={place.kind}", f"dist={distance}|party={party}"]
            if ranks:
                f += [f"attached={min(min(ranks), 2)}", f"attached|kind={place.kind}", f"attached|party={party}",
                      f"attached={min(min(ranks), 2)}|kind={place.kind}|party={party}"]
            for m in own_sentence:
                gap = abs(m.mention.root.i - trigger.i)
                f += [f"here|locative={m.mention.locative}", f"here|model={m.mention.from_model}",
                      f"here|gap={'<4' if gap < 4 else '<9' if gap < 9 else '<16' if gap < 16 else '16+'}",
                      f"here|before={m.mention.root.i < trigger.i}",
                      f"here|other_clause={in_other_clause(m.mention.root, trigger)}"]
                if m.mention.near:
                    f.append("here|near")
                if m.mention.origin:
                    f.append(f"here|origin|type={event.event_type}")
                if m.mention.root.head == trigger:
                    f.append("here|head_is_trigger")
                if place.kind == "country" and event.event_type in STATEMENT_TYPES and m.mention.root.head != trigger:
                    f.append("here|statement_subject")
            if any(m.mention.locative for m in mentions):
                f.append("locative_somewhere")
            if any(m.in_lead for m in mentions):
                f.append(f"lead|kind={place.kind}")
            if own_sentence:
                f += [f"type={event.event_type}|here|kind={place.kind}", f"lang={lang}|here|kind={place.kind}"]
            else:
                f.append(f"type={event.event_type}|away|kind={place.kind}")
        else:
            f.append("not_named")
        if row in places.most_named:
            f.append(f"most_named|kind={place.kind}")
        if row == places.main_row:
            f.append("main_place")
        if row in places.homes:
            f.append("home")
        if rule_place is not None and rule_place.row == row:
            f += ["rule", f"rule|kind={place.kind}", f"rule|type={event.event_type}"]
        found.append(Candidate(place, f))
    return found


def event_features(event: Event, trigger: Token, attached_rank: dict[int, int], places: ArticlePlaces,
                   rule_place: Place | None, lang: str) -> list[str]:
    """What says whether the event has a place at all, whichever: its type and mode, status, the
    places its own sentence names, the rules' decision."""
    here = places.by_sentence.get(places.sentence_of(trigger), [])
    kinds = sorted({m.place.kind for m in here})
    ruled = rule_place.kind if rule_place else None
    f = [f"type={event.event_type}", f"type={event.event_type}|mode={event.mode}", f"status={event.status}",
         f"lang={lang}|type={event.event_type}", f"pos={trigger.pos_}", f"lemma={lang}:{trigger.lemma_.lower()}",
         f"here={_bucket(len(here))}", f"places={_bucket(len(places.by_row))}", f"rule={ruled}",
         f"rule={ruled}|type={event.event_type}",
         f"domestic={event.actor.code == event.recipient.code}", f"recipient={event.recipient.code == '-'}"]
    f += [f"here_kind={kind}" for kind in kinds] + [f"here_kind={kind}|type={event.event_type}" for kind in kinds]
    if any(m.mention.start_char in attached_rank for m in here):
        f += ["attached", f"attached|type={event.event_type}"]
    if any(m.mention.locative for m in here):
        f += ["locative_here", f"locative_here|type={event.event_type}"]
    if places.main_row is not None:
        f.append("main_place")
    return f


def _bucket(n: int) -> str:
    return str(n) if n < 3 else ("3-4" if n < 5 else "5+")


class PlaceChooser:
    """`where` scores each candidate as the place of an event that has one; `whether` says how likely
    the event is to have a place at all. The event gets its best candidate where the product passes
    the threshold."""

    def __init__(self, where: LinearModel, whether: LinearModel, threshold: float) -> None:
        self.where = where
        self.whether = whether
        self.threshold = threshold

    def scores(self, found: list[Candidate]) -> list[float]:
        if not found:
            return []
        return [float(p) for p in self.where.probabilities([c.features for c in found])[:, CLASSES.index(YES)]]

    def has_place(self, features: list[str]) -> float:
        return float(self.whether.probabilities([features])[0, CLASSES.index(YES)])

    def choose(self, found: list[Candidate], event_features: list[str]) -> tuple[Candidate, float] | None:
        """The likeliest candidate where the event likely has a place."""
        scored = self.scores(found)
        if not scored:
            return None
        best = max(range(len(found)), key=scored.__getitem__)
        confidence = scored[best] * self.has_place(event_features)
        return (found[best], confidence) if confidence >= self.threshold else None


@cache
def load_chooser(directory: Path) -> PlaceChooser | None:
    """The shipped (or `DYAD_MODELS`) chooser; None where no model was trained there."""
    paths = [directory / MODEL_FILE, directory / WHETHER_FILE]
    threshold_path = directory / THRESHOLD_FILE
    if not all(p.exists() for p in [*paths, threshold_path]):
        return None
    import numpy as np

    where, whether = (LinearModel.from_arrays(np.load(p)) for p in paths)
    return PlaceChooser(where, whether, json.loads(threshold_path.read_text(encoding="utf-8"))["threshold"])
