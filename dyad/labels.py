"""Evidence-level labels: events marked by character offsets into articles kept in ../shared.

The label files in `data/labels/` hold ids and offsets, never article text (the corpus licence keeps
the texts in ../shared). An offset pair indexes the *labelled document* of its article: the raw
title, a newline, then the raw body, exactly as the source JSONL has them. `docs/labelling.md` says
how the labels were made; `scripts/labelling/` holds the brief and the tools.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dyad.ingest.text import ENTITY, decode_entities
from dyad.paths import REPO_ROOT, shared_dir
from dyad.records import Count, CountKey, EventType, Precision, Status
from dyad.vocabulary import COUNTED_TYPES

LABELS_DIR = REPO_ROOT / "data" / "labels"

# Where each label source's articles live under ../shared. corpus/articles.jsonl is the test bed:
# only its dyad_dev articles are labelled (blind, to check the labelling process), never for training.
SOURCES: dict[str, str] = {
    "pool_fr": "corpus/pool_fr.jsonl",
    "pool_en": "corpus/pool_en.jsonl",
    "geowebnews": "gold/geowebnews/geowebnews.jsonl",
    "india_police": "gold/india_police_events/docs.jsonl",
    "corpus": "corpus/articles.jsonl",
}

Span = tuple[int, int]
CONTEXTS = {"military", "diplomatic", "economic", "humanitarian", "human_rights", "election", "territory",
            "terrorism", "migration", "coup", "legal", "repression", "rights_freedoms"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LabelParty(Strict):
    """A party as labelled: its code, and where the text names it (or that it never does)."""

    code: str = Field(description="ISO3, UNO, EUR, IGO, NGO, MNC, ISM, or '-' for no party")
    sector: str | None = None
    name: str | None = None
    span: Span | None = Field(None, description="Offsets of the mention that names it")
    implicit: bool = Field(False, description="The text means this party without naming it here")

    @model_validator(mode="after")
    def _named_or_implicit(self) -> LabelParty:
        if self.code != "-" and self.span is None and not self.implicit:
            raise ValueError("a party needs a span or implicit: true")
        if self.implicit and self.span is not None:
            raise ValueError("an implicit party has no span")
        return self


class LabelLocation(Strict):
    name: str
    country: str | None = None


class LabelEvent(Strict):
    event_type: EventType
    mode: str | None = None
    contexts: list[str] = Field(default_factory=list)
    status: Status
    date: str | None = None
    date_precision: Precision | None = None
    location: LabelLocation | None = None
    trigger: Span
    evidence: Span
    actor: LabelParty
    recipient: LabelParty
    counts: dict[CountKey, Count] | None = None

    @model_validator(mode="after")
    def _consistent(self) -> LabelEvent:
        if not self.evidence[0] <= self.trigger[0] < self.trigger[1] <= self.evidence[1]:
            raise ValueError("the trigger must lie inside the evidence")
        if (self.date is None) != (self.date_precision is None):
            raise ValueError("date and date_precision go together")
        if self.date is not None and len(self.date) != {"day": 10, "month": 7, "year": 4}[self.date_precision]:
            raise ValueError(f"date {self.date!r} does not have {self.date_precision} precision")
        if self.counts and self.event_type not in COUNTED_TYPES:
            raise ValueError(f"counts only on {sorted(COUNTED_TYPES)}")
        unknown = set(self.contexts) - CONTEXTS
        if unknown:
            raise ValueError(f"unknown contexts {sorted(unknown)}")
        if self.actor.code == "-":
            raise ValueError("every event has an actor")
        return self


class LabelledArticle(Strict):
    id: str
    source: str
    lang: Literal["fr", "en"]
    labeller: str = Field(description="Who made the labels: the process and round (docs/labelling.md)")
    events: list[LabelEvent]
    notes: str = ""


@cache
def _documents(source: str) -> dict[str, dict]:
    """A label source's articles by id: a source of ../shared by name, or any JSONL file of articles
    (id, title, text) by its path, for labels a user made on their own articles."""
    path = shared_dir() / SOURCES[source] if source in SOURCES else Path(source)
    with path.open(encoding="utf-8") as lines:
        return {row["id"]: row for row in map(json.loads, lines)}


def source_row(source: str, article_id: str) -> dict:
    return _documents(source)[article_id]


def labelled_document(row: dict) -> str:
    """The string label offsets index: raw title, newline, raw body."""
    title = row.get("title") or (row.get("meta") or {}).get("title") or ""
    return f"{title}\n{row['text']}"


def body_offset_map(row: dict) -> Callable[[int], int | None]:
    """Label offset -> offset in the body text Dyad codes (`article_text` of the raw body, whose
    HTML entities are decoded); None for an offset in the title or inside a decoded entity."""
    title = labelled_document(row)[: -len(row["text"]) or None]
    raw = row["text"]
    # Decoded entities shorten the text: keep (raw end, decoded end) of each one, in order.
    shifts: list[tuple[int, int, int]] = []
    shrink = 0
    for match in ENTITY.finditer(raw):
        decoded = decode_entities(match.group())
        if decoded != match.group():
            shifts.append((match.start(), match.end(), shrink))
            shrink += len(match.group()) - len(decoded)

    def to_body(offset: int) -> int | None:
        position = offset - len(title)
        if position < 0:
            return None
        before = 0
        for start, end, shrunk in shifts:
            if position < start:
                break
            if position < end and position != start:
                return None
            before = shrunk + (end - start - len(decode_entities(raw[start:end]))) if position >= end else shrunk
        return position - before

    return to_body


def find_source(article_id: str, sources: Iterable[str] = SOURCES) -> str | None:
    for source in sources:
        if article_id in _documents(source):
            return source
    return None


def read_labels(path: Path) -> Iterator[LabelledArticle]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield LabelledArticle.model_validate_json(line)
                except ValidationError as error:
                    raise ValueError(f"{path.name}:{number}: {error}") from error


def label_files(directory: Path = LABELS_DIR) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


# The first labelling of each article; double.jsonl (the agreement sample) and dyad_dev_blind.jsonl
# (the labelling process's own check, on test-bed articles) are not training or scoring sets.
PROJECT_LABEL_FILES = ("fr.jsonl", "en.jsonl")


def label_files_of_project() -> list[Path]:
    return [LABELS_DIR / name for name in PROJECT_LABEL_FILES if (LABELS_DIR / name).exists()]


@cache
def _splits() -> dict:
    return json.loads((LABELS_DIR / "splits.json").read_text(encoding="utf-8"))


def split_ids(split: str, lang: str | None = None) -> set[str]:
    """Article ids of one split (train, dev or test) of the locked split, in one language or both."""
    return {article_id for language, splits in _splits()["splits"].items() if lang in (None, language)
            for article_id in splits[split]}


def split_of(article_id: str) -> str:
    """The split an article belongs to; an article the locked split does not know (a user's own
    labels) is for training."""
    return _split_index().get(article_id, "train")


@cache
def _split_index() -> dict[str, str]:
    return {article_id: name for splits in _splits()["splits"].values() for name, ids in splits.items()
            for article_id in ids}


def problems(article: LabelledArticle) -> list[str]:
    """What is wrong with one labelled article against its text (empty when nothing is)."""
    if article.source not in SOURCES and not Path(article.source).is_file():
        return [f"{article.id}: unknown source {article.source!r}"]
    try:
        document = labelled_document(source_row(article.source, article.id))
    except KeyError:
        return [f"{article.id}: not in {article.source}"]
    found: list[str] = []
    seen: set[tuple] = set()
    for number, event in enumerate(article.events):
        where = f"{article.id} event {number}"
        spans = [("trigger", event.trigger), ("evidence", event.evidence)]
        spans += [(role, party.span) for role, party in (("actor", event.actor), ("recipient", event.recipient))
                  if party.span is not None]
        for role, (start, end) in spans:
            if not 0 <= start < end <= len(document):
                found.append(f"{where}: {role} span {start}-{end} outside the document ({len(document)} chars)")
        trigger_text = document[event.trigger[0]:event.trigger[1]]
        if not plausible_trigger(trigger_text):
            found.append(f"{where}: {trigger_text!r} is no plausible trigger")
        identity = (event.event_type, event.trigger, event.actor.code, event.actor.name, event.recipient.code,
                    event.recipient.name, event.status)
        if identity in seen:
            found.append(f"{where}: the same label twice")
        seen.add(identity)
    return found


def plausible_trigger(text: str) -> bool:
    """A word or short phrase with letters, without a line break or sentence end inside it."""
    words = text.split()
    return (0 < len(words) <= 8 and any(ch.isalpha() for ch in text) and "\n" not in text
            and text == text.strip() and not any(mark in text[:-1] for mark in (". ", "? ", "! ")))
