"""Features of the learned stages, read from the one parse: a token as a trigger, a mention as a
party of a trigger, a trigger's status. Each is a list of short strings; the models weigh them.

The same functions serve training (dyad/events/learned/training.py) and coding, so a model never
sees features built another way than those it was trained on.
"""

from __future__ import annotations

import numpy as np
from spacy.tokens import Token

from dyad.events.grammar import Grammar
from dyad.events.status import StatusReader
from dyad.vocabulary import NON_STATE_CODES

CANDIDATE_POS = {"VERB", "NOUN", "ADJ"}
PATH_LIMIT = 5
NEGATIONS = {"pas", "jamais", "not", "n't", "never", "no", "aucun", "aucune", "plus", "ni", "nor", "neither"}
MORPH_KEYS = ("Tense", "Mood", "VerbForm", "Voice", "Number")


def is_candidate(token: Token) -> bool:
    return token.pos_ in CANDIDATE_POS and token.is_alpha and len(token) > 1


def trigger_features(token: Token, lexicon_types: dict[int, tuple[str, ...]], g: Grammar) -> list[str]:
    """What makes a token the word that reports an event: its word, its place in the parse, the
    lexicon's opinion, and what surrounds it."""
    lemma = g.lemma(token)
    head = token.head
    feats = [f"l={lemma}", f"w={token.lower_}", f"p={token.pos_}", f"lp={lemma}|{token.pos_}",
             f"d={token.dep_}", f"dp={token.dep_}|{token.pos_}", f"pre={lemma[:5]}", f"suf={lemma[-3:]}",
             f"hl={g.lemma(head)}", f"hd={token.dep_}|{head.pos_}", f"lhl={lemma}|{g.lemma(head)}"]
    for key in MORPH_KEYS:
        for value in token.morph.get(key):
            feats.append(f"m={key}={value}")
    for child in token.children:
        if child.dep_ in g.case or child.dep_ in g.mark or child.dep_ in g.aux or child.dep_ in g.passive_aux:
            feats.append(f"c={child.dep_}:{child.lower_}")
        elif child.dep_ in g.object or child.dep_ in g.subject or child.dep_ in g.passive_subject:
            feats.append(f"c={child.dep_}:{g.lemma(child)}")
            feats.append(f"cp={child.dep_}:{child.pos_}")
        elif child.dep_ in g.obliques or child.dep_ == "prep":
            marker = next((c.lower_ for c in child.children if c.dep_ in g.case), child.lower_)
            feats.append(f"c=obl:{marker}")
            feats.append(f"lc={lemma}|{marker}")
        if child.lower_ in NEGATIONS:
            feats.append("neg")
    doc = token.doc
    if token.i > 0:
        feats.append(f"l-1={g.lemma(doc[token.i - 1])}")
    if token.i + 1 < len(doc):
        feats.append(f"l+1={g.lemma(doc[token.i + 1])}")
    for event_type in lexicon_types.get(token.i, ()):
        feats += [f"lex={event_type}", f"lexp={event_type}|{token.pos_}"]
    if not lexicon_types.get(token.i):
        feats.append("lex=none")
    above = _governing_lexicon(token, lexicon_types)
    if above:
        feats.append(f"above={above}")
    return feats


def _governing_lexicon(token: Token, lexicon_types: dict[int, tuple[str, ...]]) -> str | None:
    current = token
    for _ in range(3):
        if current.head.i == current.i:
            return None
        current = current.head
        if current.i in lexicon_types:
            return lexicon_types[current.i][0]
    return None


def dependency_path(source: Token, target: Token) -> tuple[str, int]:
    """The dependency labels from source up to the lowest common ancestor, then down to target
    ("nsubj^" up, "obj_" down), and the number of steps; '?' for tokens of different trees."""
    up_source = [source] + list(source.ancestors)
    position = {t.i: k for k, t in enumerate(up_source)}
    down: list[Token] = []
    current = target
    while current.i not in position:
        down.append(current)
        if current.head.i == current.i:
            return "?", 99
        current = current.head
    steps_up = up_source[:position[current.i]]
    labels = [f"{t.dep_}^" for t in steps_up] + [f"{t.dep_}_" for t in reversed(down)]
    length = len(labels)
    if length > PATH_LIMIT:
        labels = labels[:2] + ["..."] + labels[-2:]
    return " ".join(labels) or "=", length


def marker_of(token: Token, g: Grammar) -> str:
    """The preposition that introduces a noun phrase: its `case` child (French) or its `prep`
    head (English); '' for none."""
    for child in token.children:
        if child.dep_ in g.case:
            return child.lower_
    if token.dep_ == "pobj":
        return token.head.lower_
    return ""


def party_features(trigger: Token, head: Token, kind: str, sector: str | None, code: str, type_hint: str,
                   g: Grammar, rule_roles: tuple[str, ...] = (), profiles: tuple[str, ...] = ()) -> list[str]:
    """How a mention stands to a trigger, for one role; conjoined with the trigger's likely type
    and lemma, since a subject acts in "condamne" and receives in "subit"."""
    path, length = dependency_path(trigger, head)
    marker = marker_of(head, g)
    order = "before" if head.i < trigger.i else "after"
    distance = abs(head.i - trigger.i)
    bucket = "0-2" if distance <= 2 else "3-5" if distance <= 5 else "6-10" if distance <= 10 else "far"
    lemma = g.lemma(trigger)
    state = "state" if len(code) == 3 and code not in NON_STATE_CODES else code
    base = [f"path={path}", f"len={min(length, 8)}", f"mk={marker}", f"ord={order}", f"dist={bucket}",
            f"kind={kind}", f"sec={sector}", f"st={state}", f"hdep={head.dep_}", f"mk|ord={marker}|{order}",
            f"path|mk={path}|{marker}", f"tp={trigger.pos_}|{path}"]
    feats = base + [f"t={type_hint}|{f}" for f in base[:6]] + [f"tl={lemma}|{f}" for f in base[:3]]
    feats += [f"rule={r}" for r in rule_roles] + [f"rule={r}|{type_hint}" for r in rule_roles]
    feats += [f"prof={p}|{f}" for p in profiles for f in (base[0], base[2], base[8], base[9])]
    return feats


def status_features(trigger: Token, g: Grammar, reader: StatusReader) -> list[str]:
    """Tense, mood and the words above a trigger that make it promised, denied or done, and what the
    rules' status reader says of it: its cue lists (negations, denial and intention verbs in both
    languages) carry what a few hundred negated examples cannot teach."""
    feats = [f"l={g.lemma(trigger)}", f"p={trigger.pos_}", f"d={trigger.dep_}",
             f"r={reader.status(trigger, trigger) or 'none'}"]
    if trigger.pos_ not in {"VERB", "AUX"}:
        verb = next((t for t in trigger.ancestors if t.pos_ in {"VERB", "AUX"}), None)
        if verb is not None:
            feats += [f"rv={reader.status(verb, verb) or 'none'}", f"rp={reader.presupposed(trigger, verb) or 'none'}"]
    for key in MORPH_KEYS:
        for value in trigger.morph.get(key):
            feats.append(f"m={key}={value}")
    chain = [trigger] + list(trigger.ancestors)[:3]
    for depth, token in enumerate(chain):
        if depth:
            feats.append(f"a{depth}={g.lemma(token)}")
            feats.append(f"a={g.lemma(token)}")
            for key in ("Tense", "Mood", "VerbForm"):
                for value in token.morph.get(key):
                    feats.append(f"am={key}={value}")
        for child in token.children:
            if child.dep_ in g.aux or child.dep_ in g.mark or child.lower_ in NEGATIONS or child.dep_ == "advmod":
                feats.append(f"c{min(depth, 1)}={child.lower_}")
                for value in child.morph.get("Tense") + child.morph.get("Mood"):
                    feats.append(f"cm={value}")
    return feats


def dense_features(doc, indices: list[int]) -> np.ndarray:
    """The parse's own view of each token, for words the labels never showed: the context vector
    of the pipeline's tok2vec (doc.tensor) and, where the model has them, the static word vector;
    each block scaled to unit length so neither drowns the other."""
    blocks = []
    if doc.tensor is not None and doc.tensor.size and len(indices):
        blocks.append(_unit(doc.tensor[indices]))
    if doc.vocab.vectors.shape[0] and len(indices):
        blocks.append(_unit(np.stack([doc[i].vector for i in indices])))
    if not blocks:
        return np.zeros((len(indices), 0), np.float32)
    return np.hstack(blocks).astype(np.float32)


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-6)
