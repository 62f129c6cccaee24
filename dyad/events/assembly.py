"""Record assembly: one Event per (actor, type, recipient, status) per article, gathering every
sentence that reports it as evidence and keeping the highest confidence."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from dyad.nlp.views import views
from dyad.plover import derived_fields
from dyad.records import Actor, Article, Event, Evidence, Status


@dataclass(frozen=True)
class Finding:
    """One event as read from one sentence."""

    event_type: str
    mode: str | None
    contexts: tuple[str, ...]
    status: Status
    actor: Actor
    recipient: Actor
    trigger: Span
    confidence: float


class Merger:
    def __init__(self, article: Article) -> None:
        self.article = article
        self.events: dict[tuple[str, str, str, str], Event] = {}

    def add(self, finding: Finding) -> None:
        evidence = _evidence(finding.trigger)
        event = Event(
            article_id=self.article.id, event_type=finding.event_type, mode=finding.mode,
            contexts=list(finding.contexts), status=finding.status, actor=finding.actor,
            recipient=finding.recipient, evidence=[evidence], confidence=round(finding.confidence, 3),
            **derived_fields(finding.event_type),
        )
        key = event.key()
        known = self.events.get(key)
        if known is None:
            self.events[key] = event
            return
        if all(e.sentence_start != evidence.sentence_start for e in known.evidence):
            known.evidence.append(evidence)
        known.confidence = max(known.confidence, event.confidence)
        known.contexts.extend(c for c in event.contexts if c not in known.contexts)
        if known.mode is None:
            known.mode = event.mode

    def records(self) -> list[Event]:
        return sorted(self.events.values(), key=lambda e: (e.evidence[0].trigger_start, e.key()))


def _evidence(trigger: Span) -> Evidence:
    text, start_char = views(trigger.doc).sentence_text(trigger.start)
    return Evidence(sentence=text.strip(), sentence_start=start_char + _lead(text),
                    trigger=trigger.text, trigger_start=trigger.start_char, trigger_end=trigger.end_char)


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip())
