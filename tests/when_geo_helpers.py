"""Events built by hand for the dater and geocoder tests: the coder is not under test here."""

from __future__ import annotations

from dyad.actors import DocActors
from dyad.geo import Geocoder
from dyad.nlp.models import load
from dyad.plover import derived_fields
from dyad.records import Actor, Article, Event, Evidence


def event_at(text: str, trigger: str, event_type: str = "ASSAULT", *, status: str = "occurred", mode: str | None = None,
             actor: str = "MLI", recipient: str = "-", occurrence: int = 0) -> Event:
    """An event whose evidence points at the `occurrence`-th `trigger` of `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(trigger, start + 1)
    sentence_start = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    return Event(article_id="t", event_type=event_type, mode=mode, status=status, actor=Actor(code=actor),
                 recipient=Actor(code=recipient),
                 evidence=[Evidence(sentence=text[sentence_start:], sentence_start=sentence_start, trigger=trigger,
                                    trigger_start=start, trigger_end=start + len(trigger))],
                 **derived_fields(event_type))


def located_alone(lang: str, text: str, trigger: str, event_type: str, **event_options) -> Event:
    """The one event at `trigger`, through the geocoder with no actor mentions."""
    doc = load(lang)(text)
    event = event_at(text, trigger, event_type, **event_options)
    return Geocoder(lang).locate_events([event], doc, Article(id="t", text=text, lang=lang), DocActors(doc))[0]
