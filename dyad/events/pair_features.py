"""What the pair typer looks at for one (actor, recipient) pair in a parsed sentence: words on the
dependency path between them, the word that governs both, the words between and around them, the
trigger types the language's lexicon gives those words, and three texts to embed (the sentence, the
stretch from one party to the other, and the parties with the words that link them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

CONTENT_POS = {"VERB", "NOUN", "ADJ", "ADV", "ADP", "PART", "PROPN"}
WINDOW = 3
PATH_MARKERS = {"aux", "auxpass", "aux:pass", "neg", "prt", "compound:prt", "advmod", "mark", "case", "xcomp"}

# Doc token index -> PLOVER types of the lexicon trigger headed by that token.
TriggerTypes = Mapping[int, Sequence[str]]


@dataclass(frozen=True)
class PairFeatures:
    sparse: tuple[str, ...]
    sentence_text: str
    between_text: str
    path_text: str


def _ancestors_with_self(token: Token) -> list[Token]:
    return [token, *token.ancestors]


def dependency_path(a: Token, b: Token) -> tuple[list[Token], Token | None, list[Token]]:
    """Tokens from a up to (excluding) the lowest common ancestor, the ancestor, and from b up to it."""
    up_a = _ancestors_with_self(a)
    up_b_index = {t.i: n for n, t in enumerate(_ancestors_with_self(b))}
    for n, token in enumerate(up_a):
        if token.i in up_b_index:
            up_b = _ancestors_with_self(b)[: up_b_index[token.i]]
            return up_a[:n], token, up_b
    return up_a, None, _ancestors_with_self(b)


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _preposition_of(head: Token) -> str | None:
    """The preposition that attaches a party: 'against' in 'sanctions against Iran'."""
    if head.dep_ == "pobj" and head.head.pos_ == "ADP":
        return _lemma(head.head)
    case = next((c for c in head.children if c.dep_ == "case"), None)
    return _lemma(case) if case is not None else None


def pair_features(sent: Span, actor: Span | None, recipient: Span | None, triggers: TriggerTypes) -> PairFeatures:
    """Features of the pair in one sentence; either party may be missing (then its side is skipped)."""
    feats: list[str] = []
    party_tokens = {t.i for party in (actor, recipient) if party is not None for t in party}
    if actor is None:
        feats.append("no_actor")
    if recipient is None:
        feats.append("no_recipient")

    def add_token(prefix: str, token: Token) -> None:
        if token.i in party_tokens or token.pos_ not in CONTENT_POS:
            return
        feats.append(f"{prefix}={_lemma(token)}")
        for event_type in triggers.get(token.i, ()):
            feats.append(f"lex_{prefix}={event_type}")

    path_tokens: list[Token] = []
    heads = [p.root for p in (actor, recipient) if p is not None]
    if len(heads) == 2:
        side_a, common, side_b = dependency_path(heads[0], heads[1])
        path_tokens = side_a[1:] + side_b[1:]
        feats.append("a_dep=" + heads[0].dep_)
        feats.append("r_dep=" + heads[1].dep_)
        feats.append("path_deps=" + ">".join(t.dep_ for t in side_a) + "|" + ">".join(t.dep_ for t in side_b))
        if common is not None and common.i in party_tokens and common.head.i != common.i:
            # One party governs the other ("Mali and Russia agreed"): what they do is its head's.
            common = common.head
        if common is not None:
            path_tokens.append(common)
            feats.append(f"lca={_lemma(common)}")
            feats.extend(f"lex_lca={t}" for t in triggers.get(common.i, ()))
            if any(c.dep_ == "neg" or _lemma(c) in {"not", "ne", "pas"} for c in common.children):
                feats.append("lca_negated")
    elif heads:
        head = heads[0]
        path_tokens = list(head.ancestors)[:3]
        feats.append(("a" if actor is not None else "r") + "_dep=" + head.dep_)
    for token in path_tokens:
        add_token("path", token)
    if recipient is not None:
        prep = _preposition_of(recipient.root)
        if prep:
            feats.append(f"r_prep={prep}")
            if path_tokens:
                feats.append(f"head+prep={_lemma(path_tokens[-1])}+{prep}")

    bounds = [(p.start, p.end) for p in (actor, recipient) if p is not None]
    bounds += [(t.i, t.i + 1) for t in path_tokens[-1:]]
    start = min(b[0] for b in bounds) if bounds else sent.start
    end = max(b[1] for b in bounds) if bounds else sent.end
    between = sent.doc[start:end]
    for token in between:
        add_token("btw", token)
    for token in list(sent.doc[max(sent.start, start - WINDOW):start]) + list(sent.doc[end:min(sent.end, end + WINDOW)]):
        add_token("win", token)
    if actor is not None and recipient is not None:
        feats.append("order=" + ("ar" if actor.start <= recipient.start else "ra"))
    return PairFeatures(tuple(feats), sent.text, between.text, _path_text(actor, recipient, path_tokens))


def _path_text(actor: Span | None, recipient: Span | None, path_tokens: list[Token]) -> str:
    """The parties and the words linking them, with their particles, auxiliaries and negation,
    in sentence order: 'Zarif has condemned a decision'."""
    keep = {t.i: t for party in (actor, recipient) if party is not None for t in party}
    for token in path_tokens:
        keep[token.i] = token
        keep.update((c.i, c) for c in token.children if c.dep_ in PATH_MARKERS)
    return " ".join(keep[i].text for i in sorted(keep))
