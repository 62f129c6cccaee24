"""First, simple resolver: spaCy entities looked up in a small country table (to be replaced)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from dyad.records import Actor


@dataclass(frozen=True)
class Mention:
    start_char: int
    end_char: int
    start_token: int
    end_token: int
    actor: Actor


@dataclass
class DocActors:
    doc: Doc
    mentions: list[Mention] = field(default_factory=list)

    def actor_for_span(self, span: Span | Token) -> Actor | None:
        start = span.idx if isinstance(span, Token) else span.start_char
        end = start + len(span.text)
        for mention in self.mentions:
            if mention.start_char < end and start < mention.end_char:
                return mention.actor
        return None


class ActorResolver:
    def __init__(self, lang: str, extra_actors: Path | None = None) -> None:
        self.lang = lang
        self.names = {"russie": "RUS", "mali": "MLI", "france": "FRA", "russia": "RUS"}

    def analyse(self, doc: Doc, published: dt.date | None = None) -> DocActors:
        found = DocActors(doc)
        for ent in doc.ents:
            code = self.names.get(ent.text.lower())
            if code:
                found.mentions.append(Mention(ent.start_char, ent.end_char, ent.start, ent.end,
                                              Actor(text=ent.text, code=code, sector="GOV")))
        return found
