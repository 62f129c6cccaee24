"""Place mentions in a sentence, and which of them are introduced as where something happens."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Span, Token

from dyad.lang import read_yaml
from dyad.nlp.attachment import attached, in_other_clause
from dyad.nlp.views import views

MAX_NAME_TOKENS = 4
NAME_JOINERS = {"-", "'", "’"}


@dataclass(frozen=True)
class PlaceMention:
    start_char: int
    end_char: int
    text: str
    root: Token
    locative: bool
    shorter: str | None = None  # the model's own span, where the name was extended past it
    region: bool = False  # introduced as a region ("dans la région de Tillabéri")
    from_model: bool = True  # a model entity, not only a capitalised word after a locative phrase
    near: bool = False  # introduced as near the place, not in it ("près de Ménaka", "30 km north of Gao")
    origin: bool = False  # introduced as where something leaves from ("le retrait du Mali", "withdrawal from Mali")


@dataclass(frozen=True)
class PlaceCues:
    locative: re.Pattern[str]
    entity_labels: frozenset[str]
    name_prefixes: tuple[str, ...]
    name_suffixes: tuple[str, ...]
    region_words: frozenset[str]
    site_words: frozenset[str]
    excluded_entity_labels: frozenset[str]
    near: frozenset[str]  # locative phrases that put the event near the place, not in it
    descriptor: re.Pattern[str] | None  # words between a locative phrase and the name ("the Ukrainian city of")
    in_person: frozenset[str]  # words that make talks of no stated mode a visit ("délégation", "sol")
    origin: re.Pattern[str] | None  # the phrases that name where a retreat leaves from ("du", "from")


@cache
def place_cues(lang: str) -> PlaceCues:
    data = read_yaml(lang, "places.yaml")
    descriptors = "|".join(data.get("descriptors", ()))
    return PlaceCues(_cue_pattern(data["locative"]), frozenset(data["entity_labels"]),
                     tuple(data.get("name_prefixes", ())), tuple(data.get("name_suffixes", ())),
                     frozenset(data.get("region_words", ())), frozenset(data.get("site_words", ())),
                     frozenset(data.get("excluded_entity_labels", ())),
                     frozenset(p.replace("’", "'").lower() for p in data.get("near", ())),
                     re.compile(rf"(?:^|\s)(?:{descriptors})$") if descriptors else None,
                     frozenset(w.lower() for w in data.get("in_person", ())), _cue_pattern(data.get("origin", ())))


def _cue_pattern(phrases: list[str]) -> re.Pattern[str] | None:
    """Any of the phrases right at the end of a text (elided ones end with their apostrophe)."""
    keys = sorted((p.replace("’", "'").lower() for p in phrases), key=len, reverse=True)
    alternatives = "|".join(re.escape(p) + ("" if p.endswith("'") else r"\s+") for p in keys)
    return re.compile(rf"(?:^|[\s(,;:«\"])(?P<cue>{alternatives})$") if keys else None


def find_places(sent: Span, cues: PlaceCues) -> list[PlaceMention]:
    """Named places of the sentence: the model's place entities, plus capitalised names right after
    a locative phrase that the model missed ("près de Ménaka") and did not tag as something else
    that cannot be a place ("in August", a date)."""
    text = sent.text  # Doc.text joins every token of the article on each call
    spans = [(e.start, e.end) for e in views(sent.doc).entities
             if sent.start <= e.start and e.end <= sent.end and e.label_ in cues.entity_labels]
    from_model = set(spans)
    covered = {i for start, end in spans for i in range(start, end)}
    capitalised = views(sent.doc).capitalised
    # Only capitalised words can start a name: the others are never made Token objects.
    for i in capitalised[bisect_right(capitalised, sent.start):bisect_left(capitalised, sent.end)]:
        token = sent.doc[i]
        if i in covered or token.ent_type_ in cues.excluded_entity_labels:
            continue
        if _is_locative(text[:token.idx - sent.start_char], cues):
            end = _name_end(token, sent)
            spans.append((token.i, end))
            covered.update(range(token.i, end))
    mentions = []
    for start, end in sorted(spans):
        if start in covered_by_previous(mentions, sent, start):
            continue
        extended = sent.doc[start:max(end, _name_end(sent.doc[end - 1], sent))]
        span = sent.doc[start:end]
        before = text[:span.start_char - sent.start_char]
        cue = _locative_cue(before, cues)
        region = cue is not None and bool(set(cue.words) & cues.region_words)
        origin = cue is None and cues.origin is not None and bool(cues.origin.search(before[-20:].replace("’", "'").lower()))
        mentions.append(PlaceMention(extended.start_char, extended.end_char, extended.text, span.root, cue is not None,
                                     span.text if extended.end > end else None, region, (start, end) in from_model,
                                     cue is not None and cue.phrase in cues.near, origin))
    return mentions


def covered_by_previous(mentions: list[PlaceMention], sent: Span, start: int) -> set[int]:
    """Token indices already inside the last mention (an extended name swallows the next entity)."""
    if not mentions:
        return set()
    last = sent.doc.char_span(mentions[-1].start_char, mentions[-1].end_char)
    return set(range(last.start, last.end)) if last is not None else set()


def _is_locative(before: str, cues: PlaceCues) -> bool:
    return _locative_cue(before, cues) is not None


@dataclass(frozen=True)
class Cue:
    phrase: str  # the locative phrase ("dans la région de", "in")
    words: tuple[str, ...]  # its words and those of a descriptor after it ("in the Ukrainian city of")


def _locative_cue(before: str, cues: PlaceCues) -> Cue | None:
    """The locative phrase that ends `before`, if any ("dans la région de"), also where a descriptor
    stands between it and the name ("in the Ukrainian city of", "dans la ville ukrainienne de")."""
    before = before[-60:].replace("’", "'").lower()
    match = cues.locative.search(before)
    if match:
        return Cue(match.group("cue").strip(), tuple(match.group("cue").split()))
    described = cues.descriptor.search(before) if cues.descriptor else None
    match = cues.locative.search(before[:described.start() + 1]) if described else None
    if match and described:
        return Cue(match.group("cue").strip(), tuple(match.group("cue").split() + described.group().split()))
    return None


def _name_end(token: Token, sent: Span) -> int:
    """End of a capitalised name: "Fada N'Gourma", "Bobo-Dioulasso"."""
    end = token.i + 1
    while end < sent.end and end - token.i < MAX_NAME_TOKENS:
        nxt = sent.doc[end]
        joiner = nxt.text in NAME_JOINERS or (nxt.text[:1].isupper() and nxt.text[-1:] in NAME_JOINERS)
        if joiner and end + 1 < sent.end and sent.doc[end + 1].text[:1].isupper():
            end += 2
        elif nxt.text[:1].isupper() and nxt.pos_ == "PROPN":
            end += 1
        else:
            break
    return end


def attached_first(mentions: list[PlaceMention], trigger: Token, *, origin: bool = False) -> list[PlaceMention]:
    """Locative mentions that place the event (with `origin`, also those naming where it leaves
    from): those hanging from the trigger, nearest first; none from the clause of another event
    ("l'accord conclu à Paris", "the war in Ukraine" under an accusation)."""
    locative = [m for m in mentions if (m.locative or (origin and m.origin and m.from_model))
                and attached(m.root, trigger) and not in_other_clause(m.root, trigger)]
    return sorted(locative, key=lambda m: abs(m.root.i - trigger.i))
