"""Event dates (to be built: explicit, relative, tense-aware, dateline, publication fallback)."""

from __future__ import annotations

from spacy.tokens import Doc

from dyad.records import Article, Event


class EventDater:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def date_events(self, events: list[Event], doc: Doc, article: Article) -> list[Event]:
        return [e.model_copy(update={"date": article.date, "date_precision": "day" if article.date else None,
                                      "date_reason": "publication" if article.date else None}) for e in events]
