"""Training the pair typer: the marked-pair gold files (read from ../shared at training time only),
feature vocabularies, the fit, and grouped k-fold cross-validation (no sentence is ever scored by
a model that saw it)."""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dyad.evaluate.common import parse_cached
from dyad.events.logreg import fit
from dyad.events.pair_features import PairFeatures
from dyad.events.typer import PairTyper, TyperModel, design_matrix
from dyad.records import Article

MARK = re.compile(r"<(/?)([st])>")
YIELD_TYPES = {"CONCEDE", "RETREAT"}


@dataclass(frozen=True)
class MarkedPair:
    """One gold pair: the plain sentence, the parties' char spans in it (None if unmarked), the label."""

    group: str
    text: str
    actor: tuple[int, int] | None
    recipient: tuple[int, int] | None
    label: str


@dataclass(frozen=True)
class TrainConfig:
    l2: float = 1e-3
    epochs: int = 300
    min_count: int = 2
    embed_scale: float = 2.0
    uses_embeddings: bool = True


def unmark(marked: str) -> tuple[str, dict[str, tuple[int, int]]]:
    """Plain text and the first <s>...</s> and <t>...</t> spans of a marked sentence."""
    text, spans, opened, pos = [], {}, {}, 0
    length = 0
    for match in MARK.finditer(marked):
        chunk = marked[pos:match.start()]
        text.append(chunk)
        length += len(chunk)
        closing, tag = match.group(1) == "/", match.group(2)
        if not closing:
            opened[tag] = length
        elif tag in opened and tag not in spans:
            spans[tag] = (opened[tag], length)
        pos = match.end()
    text.append(marked[pos:])
    return "".join(text), spans


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_plv(path: Path) -> list[MarkedPair]:
    """PLV_train.tsv: one pair per row, label `gold_root` (YIELD kept as one class)."""
    pairs = []
    for row in _read_tsv(path):
        text, spans = unmark(row["marked_sentence"])
        pairs.append(MarkedPair(f"plv:{row['sentence_id']}", text, spans.get("s"), spans.get("t"), row["gold_root"]))
    return pairs


def read_ace_map(path: Path) -> dict[str, str]:
    return {row["ace_type"]: row["plover_root"] for row in _read_tsv(path)}


def read_aw(path: Path, ace_map: dict[str, str]) -> list[MarkedPair]:
    """AW_train.tsv: ACE-derived pairs; only positive pairs whose ACE type maps to one PLOVER root."""
    pairs = []
    for row in _read_tsv(path):
        label = ace_map.get(row["event_type"])
        if row["gold_binary"] != "1" or not label:
            continue
        text, spans = unmark(row["marked_sentence"])
        pairs.append(MarkedPair(f"aw:{row['doc_id']}:{row['sent_id']}", text, spans.get("s"), spans.get("t"), label))
    return pairs


def featurise(pairs: Sequence[MarkedPair], typer: PairTyper, cache_dir: Path | None = None) -> list[PairFeatures]:
    """Parse each sentence (one Doc per pair text, cached when cache_dir is given) and featurise the pair."""
    texts = sorted({p.text for p in pairs})
    articles = [Article(id=str(i), text=t, lang=typer.lang) for i, t in enumerate(texts)]
    docs = dict(zip(texts, parse_cached(articles, typer.lang, cache_dir), strict=True))
    return [typer.features(docs[p.text][:], p.actor, p.recipient) for p in pairs]


def build_vocab(feats: Sequence[PairFeatures], min_count: int) -> dict[str, int]:
    counts = Counter(name for f in feats for name in set(f.sparse))
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= min_count))}


def train(feats: Sequence[PairFeatures], labels: Sequence[str], config: TrainConfig,
          dense: np.ndarray | None = None) -> TyperModel:
    classes = sorted(set(labels))
    vocab = build_vocab(feats, config.min_count)
    x = design_matrix(feats, vocab, config.embed_scale, dense, config.uses_embeddings)
    y = np.array([classes.index(label) for label in labels])
    model = fit(x, y, len(classes), l2=config.l2, epochs=config.epochs)
    return TyperModel(classes, vocab, model, config.embed_scale, config.uses_embeddings)


def folds(groups: Sequence[str], k: int, seed: int = 13) -> list[list[int]]:
    """k folds of item indices; all items of one group (sentence) fall in the same fold."""
    distinct = sorted(set(groups))
    random.Random(seed).shuffle(distinct)
    fold_of = {g: n % k for n, g in enumerate(distinct)}
    return [[i for i, g in enumerate(groups) if fold_of[g] == n] for n in range(k)]


def cross_validate(groups: Sequence[str], k: int,
                   fit_predict: Callable[[list[int], list[int]], list[str]]) -> list[str]:
    """Predictions for every item, each made by a model fitted on the other folds only."""
    predictions: list[str | None] = [None] * len(groups)
    for held_out in folds(groups, k):
        held = set(held_out)
        train_idx = [i for i in range(len(groups)) if i not in held]
        for i, label in zip(held_out, fit_predict(train_idx, held_out), strict=True):
            predictions[i] = label
    return [p if p is not None else "" for p in predictions]


def same_root(predicted: str, gold: str) -> bool:
    """PLV's YIELD is PLOVER 2021's CONCEDE or RETREAT."""
    return predicted == gold or (gold == "YIELD" and predicted in YIELD_TYPES)
