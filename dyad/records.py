"""The record types of docs/coding-rules.md: the one contract between pipeline stages.

Every stage takes and returns these models; the JSON they serialise to is what `dyad code`
prints, what the store keeps and what the API serves. `scripts/gen_record_docs.py` renders
docs/records.md from them, so the reference cannot drift from the code.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from dyad.vocabulary import (
    COUNT_KEYS,
    COUNT_PRECISIONS,
    EVENT_TYPES,
    KEYED_CODES,
    NO_ACTOR_CODE,
    PLACE_PRECISIONS,
    PRECISIONS,
    STATUSES,
)

EventType = Literal[EVENT_TYPES]
Status = Literal[STATUSES]
Precision = Literal[PRECISIONS]
PlacePrecision = Literal[PLACE_PRECISIONS]
CountKey = Literal[COUNT_KEYS]
CountPrecision = Literal[COUNT_PRECISIONS]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Article(Record):
    """One news article as read from any source; only `text` is required in the inputs."""

    id: str = Field(description="Stable identifier: given by the source, else derived from the content hash")
    text: str = Field(description="Body text; evidence offsets index into it")
    lang: str | None = Field(None, description="ISO 639-1 code (fr, en), given or detected")
    title: str | None = Field(None, description="Headline")
    date: dt.date | None = Field(None, description="Publication date")
    date_precision: Precision | None = Field(None, description="How exact `date` is")
    source: str | None = Field(None, description="Outlet or feed name")
    url: str | None = Field(None, description="Where it was published")


class Actor(Record):
    """Who does (or receives) an event: PLOVER actor coding."""

    text: str = Field("", description="The mention as written in the article")
    code: str = Field(NO_ACTOR_CODE, description="ISO 3166 alpha-3, or UNO, EUR, IGO, NGO, MNC, ISM; '-' if none")
    sector: str | None = Field(None, description="PLOVER sector: GOV, MIL, COP, JUD, LEG, PTY, REB, OPP, CVL, JRN, BUS, REL, MED, UAF, ...")
    name: str | None = Field(None, description="Canonical name: a person, or an organisation's usual acronym")
    start: int | None = Field(None, description="Offset of the mention's first character in the article text; none where the text means the party without naming it there")
    end: int | None = Field(None, description="Offset one past the mention's last character")


class Location(Record):
    """Where an event happened, resolved against the gazetteer."""

    name: str = Field(description="Place name as resolved (gazetteer spelling)")
    text: str | None = Field(None, description="The mention as written in the article")
    country: str | None = Field(None, description="ISO 3166 alpha-3")
    admin1: str | None = Field(None, description="First-level region")
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    precision: PlacePrecision | None = None


class Evidence(Record):
    """One sentence that reports the event, with the trigger's character span in the article text."""

    sentence: str
    sentence_start: int = Field(description="Offset of the sentence in the article text")
    trigger: str = Field(description="The trigger words as written")
    trigger_start: int = Field(description="Offset of the trigger's first character in the article text")
    trigger_end: int = Field(description="Offset one past the trigger's last character")


class Count(Record):
    """How many people an event killed, injured, arrested or brought out, as the text gives it."""

    n: int = Field(ge=0, description="The number; a round one for a vague amount (une dizaine: 10, thousands: 1000)")
    precision: CountPrecision = Field(description="exact (12), at_least (au moins 12, more than 12) or approx (une dizaine, about 12)")


class Event(Record):
    """One actor doing one thing to (or with) one recipient, as the article reports it."""

    article_id: str
    event_type: EventType
    mode: str | None = Field(None, description="PLOVER mode of the type (visit, phone, demo, arrest, ...)")
    contexts: list[str] = Field(default_factory=list, description="PLOVER contexts (military, economic, ...)")
    status: Status = "occurred"
    actor: Actor
    recipient: Actor = Field(default_factory=Actor)
    date: dt.date | None = Field(None, description="Date of the event itself")
    date_raw: str | None = Field(None, description="The expression the date was read from")
    date_precision: Precision | None = None
    date_reason: str | None = Field(None, description="Why this date: explicit or relative (its own clause), story (the latest day the text names before it), mention (an event noun's dated mention elsewhere in the text), reminder (a pluperfect: the last day named before it; an archive caption: none), dateline, publication")
    location: Location | None = None
    evidence: list[Evidence] = Field(default_factory=list, description="Every sentence of the article that reports it")
    counts: dict[CountKey, Count] = Field(default_factory=dict, description="dead, injured, arrested, size (people taking part): only on ASSAULT, COERCE and PROTEST, where the text gives them")
    confidence: float = Field(0.5, ge=0.0, le=1.0)
    quad_class: int = Field(ge=1, le=4, description="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict")
    intensity: float = Field(description="PLOVER/Goldstein-style intensity, -10 (most hostile) to +10")
    cameo_root: str = Field(description="CAMEO root code (two digits) for GDELT users")

    def key(self) -> tuple[str, str, str, str]:
        """Identity of a record within one article: (actor, type, recipient, status)."""
        return (actor_key(self.actor), self.event_type, actor_key(self.recipient), self.status)


def actor_key(actor: Actor) -> str:
    """Code, plus the organisation's name for codes that stand for many bodies (IGO, ISM, NGO, MNC)."""
    if actor.code in KEYED_CODES and actor.name:
        return f"{actor.code}:{actor.name}"
    return actor.code
