"""The main job: articles in, event records out.

ingest -> language -> parse (spaCy, once per article, batched) -> actors -> events -> counts -> time/place.
Each stage object is built once per process and language; the parsed Doc flows through them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dyad.actors import ActorResolver
from dyad.events import EventCoder
from dyad.events.counts import reader as count_reader
from dyad.events.learned.coder import LearnedCoder
from dyad.events.learned.stages import models_dir
from dyad.geo import Geocoder
from dyad.geo.chooser import load_chooser
from dyad.ingest.errors import Skipped
from dyad.lang import SUPPORTED
from dyad.nlp import language
from dyad.nlp.models import SPLITTER, load
from dyad.nlp.prefilter import select_doc
from dyad.records import Article, Event
from dyad.when import EventDater

BATCH_SIZE = 32
# Selective parsing (dyad/nlp/prefilter.py): on, since dyad_dev scores are the same with it and
# without it (docs/benchmarks.md, which `make bench` regenerates with both).
PREFILTER = True
INTERNAL_ERROR = "internal error while coding (please report it)"
# "learned": trained stages over the rules' candidates (dyad/events/learned/); "rules": the
# hand-written coder alone (dyad/events/coder.py), as before the models.
CODERS = ("learned", "rules")
log = logging.getLogger("dyad.pipeline")


@dataclass
class Coded:
    """One article's outcome: its events, or why it was skipped."""

    article: Article
    events: list[Event] = field(default_factory=list)
    skipped: Skipped | None = None


class Pipeline:
    def __init__(self, actors_file: Path | None = None, batch_size: int = BATCH_SIZE,
                 prefilter: bool = PREFILTER, coder: str = "learned") -> None:
        if coder not in CODERS:
            raise ValueError(f"unknown coder {coder!r}: choose one of {', '.join(CODERS)}")
        self.actors_file = actors_file
        self.batch_size = batch_size
        self.prefilter = prefilter
        self.coder = coder
        self._stages: dict[str, tuple[ActorResolver, EventCoder | LearnedCoder, EventDater, Geocoder]] = {}

    def warm_up(self, langs: Iterable[str] = SUPPORTED) -> None:
        """Load these languages' models and stages now (once per process), not on the first article."""
        for lang in langs:
            load(lang)
            self.stages(lang)

    def stages(self, lang: str) -> tuple[ActorResolver, EventCoder | LearnedCoder, EventDater, Geocoder]:
        if lang not in self._stages:
            learned = self.coder == "learned"
            coder = LearnedCoder(lang) if learned else EventCoder(lang)
            # The learned coder's events are placed by the learned place chooser; the rules' by the rules.
            chooser = load_chooser(models_dir()) if learned else None
            self._stages[lang] = (ActorResolver(lang, self.actors_file), coder, EventDater(lang),
                                  Geocoder(lang, chooser))
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
            if len(article.text) > load(lang).max_length:
                reason = f"text of {len(article.text)} characters is longer than the parser takes ({load(lang).max_length})"
                results[i] = Coded(article, skipped=Skipped(article.id, reason))
                continue
            if article.lang != lang:
                batch[i] = article = article.model_copy(update={"lang": lang})
            by_lang.setdefault(lang, []).append(i)
        for lang, indices in by_lang.items():
            nlp = load(lang)
            texts = (batch[i].text for i in indices)
            if self.prefilter:
                # The prefilter hands over Docs already tokenized and split.
                selected = (select_doc(text, lang) for text in texts)
                docs = nlp.pipe(selected, batch_size=self.batch_size, disable=[SPLITTER])
            else:
                docs = nlp.pipe(texts, batch_size=self.batch_size)
            for i, doc in zip(indices, docs, strict=True):
                results[i] = self._code_one(doc, batch[i])
        yield from (r for r in results if r is not None)

    def _code_one(self, doc, article: Article) -> Coded:
        """A fault in a stage costs that one article (skipped, with the error named), not the batch
        and the hours of ingest around it."""
        try:
            return Coded(article, self.code_doc(doc, article))
        except Exception as error:
            log.debug("coding %s failed", article.id, exc_info=True)
            return Coded(article, skipped=Skipped(article.id, f"{INTERNAL_ERROR}: {type(error).__name__}: {error}"))

    def code_doc(self, doc, article: Article) -> list[Event]:
        resolver, coder, dater, geocoder = self.stages(article.lang or "fr")
        doc_actors = resolver.analyse(doc, article.date)
        events = coder.code(doc, doc_actors, article)
        # Counted after dating: the dater splits a record told on several days into one per day.
        events = dater.date_events(events, doc, article)
        events = count_reader(article.lang or "fr").count_events(events)
        return geocoder.locate_events(events, doc, article, doc_actors)
