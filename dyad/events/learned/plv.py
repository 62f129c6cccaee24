"""PLV_train's marked sentences for the learned coder: extra English examples of who does what to
whom (each marks one actor, one recipient and the PLOVER root type of what passes between them),
and the end-to-end check of issue 17: code each sentence with models that never saw it, and ask
whether an event joins the marked parties, and of which type.

A sentence marks no trigger: the word that takes the pair is the one on the dependency path between
the two parties that the lexicon gives the labelled type, else their lowest common ancestor when it
can report an event. PLV's YIELD is CONCEDE or RETREAT by that word's lexicon type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dyad.actors import ActorResolver
from dyad.evaluate.common import parse_cached
from dyad.events.learned import features as F
from dyad.events.learned.stages import lexicon_types
from dyad.events.typer_training import YIELD_TYPES, MarkedPair
from dyad.records import Article

YIELD = "YIELD"


@dataclass
class MarkedSentence:
    pair: MarkedPair
    article: Article
    doc: Doc
    doc_actors: object
    matches: list
    ruled: list


def prepare_marked(pairs: Sequence[MarkedPair], coder, cache_dir) -> list[MarkedSentence]:
    articles = [Article(id=p.group, text=p.text, lang="en") for p in pairs]
    docs = parse_cached(articles, "en", cache_dir)
    resolver = ActorResolver("en")
    found = []
    for pair, article, doc in zip(pairs, articles, docs, strict=True):
        doc_actors = resolver.analyse(doc, None)
        matches = coder.rules.lexicon.find(doc)
        found.append(MarkedSentence(pair, article, doc, doc_actors, matches,
                                    coder.rules.findings(doc, doc_actors, article, matches)))
    return found


def trigger_of(sentence: MarkedSentence) -> tuple[Token, str] | None:
    """The token that reports the marked pair's event, and its type (YIELD resolved)."""
    pair, doc = sentence.pair, sentence.doc
    if pair.actor is None or pair.recipient is None:
        return None
    actor = doc.char_span(*pair.actor, alignment_mode="expand")
    recipient = doc.char_span(*pair.recipient, alignment_mode="expand")
    if actor is None or recipient is None or not len(actor) or not len(recipient):
        return None
    path, lowest = _path(actor.root, recipient.root)
    lexicon = lexicon_types(sentence.matches)
    wanted = YIELD_TYPES if pair.label == YIELD else {pair.label}
    for token in path:
        types = set(lexicon.get(token.i, ())) & wanted
        if types:
            return token, sorted(types)[0]
    if lowest is None or not F.is_candidate(lowest) or pair.label == YIELD:
        return None
    return lowest, pair.label


def _path(source: Token, target: Token) -> tuple[list[Token], Token | None]:
    """Tokens between source and target through their lowest common ancestor (ends excluded), and
    that ancestor."""
    up = [source, *source.ancestors]
    index = {t.i: k for k, t in enumerate(up)}
    down = []
    current = target
    while current.i not in index:
        down.append(current)
        if current.head.i == current.i:
            return [], None
        current = current.head
    return up[1:index[current.i] + 1] + list(reversed(down[1:])), current


def is_yield(event_type: str | None) -> bool:
    return event_type in YIELD_TYPES
