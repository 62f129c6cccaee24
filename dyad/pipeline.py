"""The main job: articles in, event records out.

ingest -> language -> parse (spaCy, once per article, batched) -> actors -> events -> time/place.
Each stage object is built once per process and language; the parsed Doc flows through them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dyad.actors import ActorResolver
from dyad.events import EventCoder
from dyad.geo import Geocoder
from dyad.ingest.errors import Skipped
from dyad.nlp import language
from dyad.nlp.models import load
from dyad.records import Article, Event
from dyad.when import EventDater

BATCH_SIZE = 32


@dataclass
class Coded:
    """One article's outcome: its events, or why it was skipped."""

    article: Article
    events: list[Event] = field(default_factory=list)
    skipped: Skipped | None = None


class Pipeline:
    def __init__(self, actors_file: Path | None = None, batch_size: int = BATCH_SIZE) -> None:
        self.actors_file = actors_file
        self.batch_size = batch_size
        self._stages: dict[str, tuple[ActorResolver, EventCoder, EventDater, Geocoder]] = {}

    def stages(self, lang: str) -> tuple[ActorResolver, EventCoder, EventDater, Geocoder]:
        if lang not in self._stages:
            self._stages[lang] = (ActorResolver(lang, self.actors_file), EventCoder(lang),
                                  EventDater(lang), Geocoder(lang))
        return self._stages[lang]

    def code(self, articles: Iterable[Article]) -> Iterator[Coded]:
        """Code articles in input order; articles in unsupported languages come back skipped."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Article]) -> Iterator[Coded]:
        by_lang: dict[str, list[int]] = {}
        results: list[Coded | None] = [None] * len(batch)
        for i, article in enumerate(batch):
            lang = article.lang or language.detect(article.text)
            if not language.is_supported(lang):
                reason = f"unsupported language: {lang}" if lang else "no language detected"
                results[i] = Coded(article, skipped=Skipped(article.id, reason))
                continue
            if article.lang != lang:
                batch[i] = article = article.model_copy(update={"lang": lang})
            by_lang.setdefault(lang, []).append(i)
        for lang, indices in by_lang.items():
            nlp = load(lang)
            docs = nlp.pipe((batch[i].text for i in indices), batch_size=self.batch_size)
            for i, doc in zip(indices, docs, strict=True):
                results[i] = Coded(batch[i], self.code_doc(doc, batch[i]))
        yield from (r for r in results if r is not None)

    def code_doc(self, doc, article: Article) -> list[Event]:
        resolver, coder, dater, geocoder = self.stages(article.lang or "fr")
        doc_actors = resolver.analyse(doc, article.date)
        events = coder.code(doc, doc_actors, article)
        events = dater.date_events(events, doc, article)
        return geocoder.locate_events(events, doc, article, doc_actors)
