"""What the actor layer hands on: mentions, and the index that finds a token's mention."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from dyad.actors.phrases import NP_DEPS
from dyad.records import NO_ACTOR_CODE, Actor
from dyad.vocabulary import NON_STATE_CODES


@dataclass(frozen=True)
class Mention:
    """One resolved phrase: its span in the text and in the Doc, its actor, what kind of phrase it
    is (person, org, country, capital, seat, city, breakaway, demonym, role, counterpart, pronoun)
    and the Doc index of its head token."""

    start_char: int
    end_char: int
    start_token: int
    end_token: int
    actor: Actor
    kind: str = "role"
    head: int = -1


@dataclass
class DocActors:
    """The article's mentions: `mentions` are resolved to a code; `partial` ones have only a sector
    ("le ministre" with no country in sight), for callers that want them."""

    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    partial: list[Mention] = field(default_factory=list)
    focus: str | None = None  # the country the article is mostly about, where one stands out
    ruling: list[Mention] = field(default_factory=list)  # juntas and transitional rulers, in text order
    _by_token: dict[int, Mention] = field(default_factory=dict, repr=False)

    def index(self, mention: Mention, tokens: Iterable[int]) -> None:
        (self.mentions if has_code(mention.actor) else self.partial).append(mention)
        for i in tokens:
            self._by_token.setdefault(i, mention)

    def mention_at(self, token: Token) -> Mention | None:
        """The mention of the noun phrase the token belongs to, climbing to its head."""
        seen = 0
        while seen < 12:
            found = self._covering(token.i)
            if found is not None:
                return found
            if token.head.i == token.i or token.dep_ not in NP_DEPS:
                return None
            token = token.head
            seen += 1
        return None

    def _covering(self, i: int) -> Mention | None:
        """The mention holding token i; mentions appended to `mentions` by hand (tests, other
        callers) are found by their token range."""
        if i in self._by_token:
            return self._by_token[i]
        return next((m for m in self.mentions + self.partial if m.start_token <= i < m.end_token
                     and m.head < 0), None)

    def actor_for_span(self, span: Span | Token, partial: bool = False, subtree: bool = False) -> Actor | None:
        """The actor of the mention covering the token (or the span's root), a pronoun's or a
        counterpart's antecedent included. `subtree` also looks inside the phrase ("l'attaque des
        jihadistes" -> the jihadists); `partial` returns actors with a sector but no code."""
        root = span if isinstance(span, Token) else span.root
        mention = self.mention_at(root)
        if mention is None and isinstance(span, Span):
            inside = [m for m in self.mentions + self.partial if span.start <= m.head < span.end]
            mention = next((m for m in inside if has_code(m.actor)), inside[0] if inside else None)
        if mention is None and subtree:
            inside = {t.i for t in root.subtree}
            candidates = self.mentions + (self.partial if partial else [])
            mention = min((m for m in candidates if m.head in inside), key=lambda m: m.start_token, default=None)
        if mention is None or not (partial or has_code(mention.actor)):
            return None
        return mention.actor


def has_code(actor: Actor) -> bool:
    return actor.code != NO_ACTOR_CODE


def is_state(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and code not in NON_STATE_CODES
