"""First, simple coder: a verb lemma table and subject/object linking (to be replaced)."""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.actors import DocActors
from dyad.plover import derived_fields
from dyad.records import Actor, Article, Event, Evidence

TRIGGERS = {"rencontrer": "CONSULT", "livrer": "AID", "convenir": "AGREE", "dénoncer": "ACCUSE", "meet": "CONSULT"}


class EventCoder:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def code(self, doc: Doc, doc_actors: DocActors, article: Article) -> list[Event]:
        events: dict[tuple, Event] = {}
        for token in doc:
            event_type = TRIGGERS.get(token.lemma_)
            if not event_type:
                continue
            actor = next((doc_actors.actor_for_span(c) for c in token.children if c.dep_.startswith("nsubj")), None)
            if actor is None:
                continue
            recipient = next((doc_actors.actor_for_span(c) for c in token.subtree
                              if c.dep_ in ("obj", "obl", "obl:arg", "dobj", "pobj")
                              and doc_actors.actor_for_span(c)), None) or Actor()
            sent = token.sent
            event = Event(article_id=article.id, event_type=event_type, actor=actor, recipient=recipient,
                          evidence=[Evidence(sentence=sent.text, sentence_start=sent.start_char, trigger=token.text,
                                             trigger_start=token.idx, trigger_end=token.idx + len(token))],
                          **derived_fields(event_type))
            events.setdefault(event.key(), event)
        return list(events.values())
