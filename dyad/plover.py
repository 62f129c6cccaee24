"""PLOVER type table (dyad/data/plover.yaml): quad class, intensity, CAMEO root, strict export."""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from typing import Any

from dyad.lang import load_yaml
from dyad.records import Event

# The counts PLOVER defines (the number killed, injured, and of people taking part); Dyad's
# `arrested` and the precisions stay in Dyad's own JSON.
PLOVER_COUNTS = ("dead", "injured", "size")


@cache
def type_table() -> dict[str, dict[str, Any]]:
    text = resources.files("dyad.data").joinpath("plover.yaml").read_text(encoding="utf-8")
    return load_yaml(text)


def type_info(event_type: str) -> dict[str, Any]:
    return type_table()["types"][event_type]


def derived_fields(event_type: str) -> dict[str, Any]:
    """The fields of an Event that follow from its type alone."""
    info = type_info(event_type)
    return {"quad_class": info["quad"], "intensity": info["intensity"], "cameo_root": info["cameo_root"]}


def to_plover(event: Event, *, event_id: str, story_date: dt.date | None) -> dict[str, Any]:
    """PLOVER JSON for one event, applying PLOVER's own convention for intended cooperation.
    `event_id` is the record's own id (`article:index`, unique per record: the store's event_id);
    `date` is the event's date and `story_date` the publication date of its article."""
    event_type = event.event_type
    if event.status == "intended" and event_type in type_table()["intended_as_agree"]:
        event_type = "AGREE"
    return {
        "id": event_id,
        "event_type": event_type,
        "mode": event.mode or "",
        "context": list(event.contexts),
        "event_text": event.evidence[0].sentence if event.evidence else "",
        "date": event.date.isoformat() if event.date else None,
        "date_precision": event.date_precision,
        "story_date": story_date.isoformat() if story_date else None,
        "source": {"text": event.actor.text, "code": event.actor.code, "sector": event.actor.sector},
        "target": {"text": event.recipient.text, "code": event.recipient.code, "sector": event.recipient.sector},
        "status": event.status,
        "location": event.location.model_dump() if event.location else None,
        "source_article": event.article_id,
        **{key: count.n if (count := event.counts.get(key)) else None for key in PLOVER_COUNTS},
    }
