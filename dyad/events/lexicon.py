"""Trigger lexicon: dyad/lang/<lang>/triggers.yaml read into entries, matched by index.

The file format is documented at the top of each triggers.yaml; this module is its only reader.
Each trigger's token patterns (by lemma, by form, or mixed) are indexed by the string hash of their
first token, so a doc is matched with one vectorised look-up of its lemma and form columns and a
check of the few patterns whose first token fits. spaCy's token Matcher tried every one of the
lexicon's ~900 patterns at every token, which cost half of Dyad's own time; this finds the same
matches in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import get_args

import numpy
from spacy.attrs import IDS, LEMMA, LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Token

from dyad.lang import read_yaml
from dyad.nlp.models import load
from dyad.records import EventType

EVENT_TYPES = set(get_args(EventType))

POS_TAGS = {"VERB": {"VERB"}, "NOUN": {"NOUN", "PROPN"}, "ADJ": {"ADJ", "VERB"}, "ANY": None}


@dataclass(frozen=True)
class Entry:
    """One trigger of the lexicon, as the file states it."""

    words: tuple[str, ...]
    type: EventType
    pos: str = "VERB"
    head: int = 0
    mode: str | None = None
    contexts: tuple[str, ...] = ()
    roles: str = "normal"
    preps: tuple[str, ...] = ()
    objects: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()
    party_object: bool = False
    reflexive: bool = False
    not_reflexive: bool = False
    actor_sectors: frozenset[str] = frozenset()
    via: dict[str, str | None] | None = field(default=None, hash=False, compare=False)
    of: str = "actor"
    implicit_actor: str | None = None
    complement: str | None = None
    defer: bool = False
    context_type: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    followed_by: frozenset[str] = frozenset()
    own_content: bool = False
    passive_agent_preps: frozenset[str] = frozenset()
    confidence: float = 0.7

    @property
    def is_noun(self) -> bool:
        return self.pos == "NOUN"

    @property
    def constrained(self) -> bool:
        """Entries that look at their object are tried before plain entries of the same words."""
        return bool(self.objects or self.party_object or self.followed_by)


@dataclass(frozen=True)
class Match:
    """A trigger found in a doc: the head token that takes the arguments, and the candidate entries."""

    head: Token
    start: int
    end: int
    entries: tuple[Entry, ...]

    @property
    def text(self) -> str:
        return self.head.doc[self.start:self.end].text


# The lexical pattern: which words, in which form, report which type (and when they do).
PATTERN_KEYS = {"words", "type", "pos", "head", "mode", "contexts", "reflexive", "not_reflexive", "objects",
                "not_objects", "party_object", "followed_by", "context_type", "confidence", "link"}
# The linking profile, under `link`: how the rules find the trigger's parties and what it does to the
# events in its complement. The learned coder reads these as features, and links a trigger that has
# none (a word only its detector found) by what it learned.
LINK_KEYS = {"roles", "preps", "via", "of", "implicit_actor", "complement", "defer", "own_content",
             "passive_agent_preps", "actor_sectors"}


class LexiconError(ValueError):
    """An entry of a triggers.yaml that does not follow the format at the top of the file."""


def parse_entry(raw: dict, lang: str) -> Entry:
    link = raw.get("link") or {}
    unknown = (set(raw) - PATTERN_KEYS) | (set(link) - LINK_KEYS)
    if unknown or "words" not in raw or raw.get("type") not in EVENT_TYPES:
        raise LexiconError(f"{lang} trigger {raw!r}: unknown keys {sorted(unknown)} (linking keys go under "
                           f"`link`) or missing/bad words/type")
    raw = {key: value for key, value in raw.items() if key != "link"} | link
    words = tuple(t.text for t in load(lang).tokenizer(str(raw["words"]).lower()))
    if not all(isinstance(p, str) for p in raw.get("preps", ())):
        raise LexiconError(f"{lang} trigger {raw['words']!r}: quote every preposition (YAML reads on/no as booleans)")
    pos = raw.get("pos", "VERB" if len(words) == 1 else "ANY")
    return Entry(
        words=words, type=raw["type"], pos=pos, head=int(raw.get("head", 0)), mode=raw.get("mode"),
        contexts=tuple(raw.get("contexts", ())), roles=raw.get("roles", "normal"),
        preps=tuple(raw.get("preps", ())), objects=frozenset(raw.get("objects", ())),
        not_objects=frozenset(raw.get("not_objects", ())), party_object=bool(raw.get("party_object", False)),
        reflexive=bool(raw.get("reflexive", False)), not_reflexive=bool(raw.get("not_reflexive", False)),
        actor_sectors=frozenset(raw.get("actor_sectors", ())), via=raw.get("via"), of=raw.get("of", "actor"),
        implicit_actor=raw.get("implicit_actor"),
        complement=raw.get("complement"), defer=bool(raw.get("defer", False)),
        context_type=dict(raw.get("context_type", {})), followed_by=frozenset(raw.get("followed_by", ())),
        own_content=bool(raw.get("own_content", False)),
        passive_agent_preps=frozenset(raw.get("passive_agent_preps", ())),
        confidence=float(raw.get("confidence", 0.7)),
    )


class Lexicon:
    """All trigger entries of one language and an index of their patterns."""

    def __init__(self, lang: str) -> None:
        self.entries = [parse_entry(raw, lang) for raw in read_yaml(lang, "triggers.yaml")["triggers"]]
        self.by_key: dict[str, list[Entry]] = {}
        for entry in self.entries:
            self.by_key.setdefault(" ".join(entry.words), []).append(entry)
        # A phrase's patterns come from its first entry in the file; keys rank in file order.
        self.index = PatternIndex(load(lang).vocab.strings,
                                  [(key, _patterns(group[0])) for key, group in self.by_key.items()])
        for group in self.by_key.values():
            group.sort(key=lambda e: not e.constrained)

    def find(self, doc: Doc) -> list[Match]:
        """Every trigger occurrence; where phrases overlap on one head, the longest wins."""
        best: dict[int, Match] = {}
        for key, start, end in self.index.matches(doc):
            entries = self.by_key[key]
            head = doc[start + min(entries[0].head, end - start - 1)]
            fitting = tuple(e for e in entries if _pos_fits(e, head))
            if not fitting:
                continue
            found = Match(head, start, end, fitting)
            current = best.get(head.i)
            if current is None or (end - start) > (current.end - current.start):
                best[head.i] = found
        return sorted(best.values(), key=lambda m: m.head.i)


class PatternIndex:
    """Token patterns of exact LEMMA/LOWER values, looked up by their first token's hash."""

    COLUMNS = (LEMMA, LOWER)

    def __init__(self, strings: StringStore, keyed: list[tuple[str, list[list[dict]]]]) -> None:
        self.starts: list[dict[int, list[tuple[int, str, tuple[tuple[int, int], ...]]]]] = [{} for _ in self.COLUMNS]
        for rank, (key, patterns) in enumerate(keyed):
            for pattern in patterns:
                steps = tuple((self.COLUMNS.index(IDS[attr]), strings.add(value))
                              for token in pattern for attr, value in token.items())
                column, value = steps[0]
                candidates = self.starts[column].setdefault(value, [])
                if (rank, key, steps) not in candidates:
                    candidates.append((rank, key, steps))
        self.first_values = [numpy.array(sorted(by_value), dtype="uint64") for by_value in self.starts]

    def matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match, ordered as spaCy's Matcher gives them: by end, by start,
        then by key rank (which decides between equally long phrases on one head)."""
        if not len(doc):
            return []
        table = doc.to_array(list(self.COLUMNS)).T
        hits = numpy.zeros(len(doc), dtype=bool)
        for column, values in zip(table, self.first_values, strict=True):
            hits |= numpy.isin(column, values)
        columns = [column.tolist() for column in table]
        found: set[tuple[int, int, int, str]] = set()
        for start in numpy.flatnonzero(hits).tolist():
            for column, by_value in zip(columns, self.starts, strict=True):
                for rank, key, steps in by_value.get(column[start], ()):
                    end = start + len(steps)
                    if end <= len(doc) and all(columns[c][start + j] == v for j, (c, v) in enumerate(steps)):
                        found.add((end, start, rank, key))
        return [(key, start, end) for end, start, _, key in sorted(found)]


def _patterns(entry: Entry) -> list[list[dict]]:
    """All words by lemma, all by form, or the head by lemma and the rest by form."""
    by_lemma = [{"LEMMA": w} for w in entry.words]
    by_form = [{"LOWER": w} for w in entry.words]
    mixed = [{"LEMMA": w} if i == entry.head else {"LOWER": w} for i, w in enumerate(entry.words)]
    patterns = [by_lemma, by_form, mixed]
    if any("'" in w for w in entry.words):
        patterns += [[{k: v.replace("'", "’") for k, v in t.items()} for t in p] for p in patterns]
    return patterns


def _pos_fits(entry: Entry, token: Token) -> bool:
    allowed = POS_TAGS.get(entry.pos)
    return allowed is None or token.pos_ in allowed


@cache
def lexicon(lang: str) -> Lexicon:
    return Lexicon(lang)
