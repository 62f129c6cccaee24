"""`dyad eval plv`: the PLOVER root type of each marked (source, target) pair of
gold/plv_train/PLV_train.tsv, rules-only and with the learned pair typer.

The learned typer is scored by grouped 5-fold cross-validation: each fold is typed by a model
trained on the other folds (plus, unless --no-aw, the ACE-derived pairs of AW_train.tsv, which are
never scored), so no sentence is typed by a model that saw it. PLV's YIELD counts as CONCEDE or
RETREAT. Accuracy, macro-F1 over the gold classes, and a per-type table. The file is sorted by
type, so --limit N takes N pairs spread evenly through it."""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dyad.evaluate.common import Table, macro_f1
from dyad.events.learned import training as T
from dyad.events.learned.coder import LearnedCoder
from dyad.events.typer import PairTyper, pair_embeddings, rule_type
from dyad.events.typer_training import (
    YIELD_TYPES,
    MarkedPair,
    TrainConfig,
    cross_validate,
    featurise,
    read_ace_map,
    read_aw,
    read_plv,
    train,
)
from dyad.paths import REPO_ROOT, gold_dir

ACE_MAP = REPO_ROOT / "scripts" / "ace_to_plover.tsv"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds for the learned typer")
    parser.add_argument("--rules-only", action="store_true", help="score only the lexicon rules (no training)")
    parser.add_argument("--no-embeddings", action="store_true", help="learned typer without sentence embeddings")
    parser.add_argument("--no-aw", action="store_true", help="do not add AW_train.tsv pairs to each training fold")
    parser.add_argument("--cache", type=Path, default=None, help="keep parsed sentences here (spaCy DocBin)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--end-to-end", action="store_true",
                        help="code each sentence with the learned coder (its pair and type models trained without "
                             "the sentence's fold): the share of pairs with an event between the marked parties, "
                             "and the macro-F1 of its type")


@dataclass
class Score:
    accuracy: float
    macro_f1: float
    table: Table

    def summary(self) -> dict:
        return {"accuracy": round(self.accuracy, 3), "macro_f1": round(self.macro_f1, 3),
                "per_type": {str(k): v.as_dict() for k, v in sorted(self.table.rows.items())}}


def score(predicted: Sequence[str | None], gold: Sequence[str]) -> Score:
    """Single-label scoring; a CONCEDE or RETREAT answer is YIELD, no answer is a miss only."""
    table = Table()
    correct = 0
    for answer, truth in zip(predicted, gold, strict=True):
        answer = "YIELD" if answer in YIELD_TYPES else answer
        if answer == truth:
            correct += 1
            table.row(truth).tp += 1
            continue
        table.row(truth).fn += 1
        if answer is not None:
            table.row(answer).fp += 1
    return Score(correct / len(gold) if gold else 0.0, macro_f1(table), table)


def rules_only(pairs: Sequence[MarkedPair], typer: PairTyper, cache_dir: Path | None) -> list[str | None]:
    return [rule_type(f) for f in featurise(pairs, typer, cache_dir)]


def learned_cv(pairs: Sequence[MarkedPair], extra: Sequence[MarkedPair], typer: PairTyper, config: TrainConfig,
               folds: int, cache_dir: Path | None) -> list[str]:
    """Cross-validated predictions: each fold typed by a model trained without it."""
    feats = featurise(pairs, typer, cache_dir)
    extra_feats = featurise(extra, typer, cache_dir) if extra else []
    dense = pair_embeddings(feats + extra_feats) if config.uses_embeddings else None
    labels = [p.label for p in pairs]
    extra_labels = [p.label for p in extra]

    def fit_predict(train_idx: list[int], test_idx: list[int]) -> list[str]:
        train_dense = None
        if dense is not None:
            train_dense = np.vstack([dense[train_idx], dense[len(pairs):]])
        model = train([feats[i] for i in train_idx] + extra_feats, [labels[i] for i in train_idx] + extra_labels,
                      config, train_dense)
        fold_typer = PairTyper(typer.lang, model=model)
        test_dense = dense[test_idx] if dense is not None else None
        return [label for label, _ in fold_typer.type_features([feats[i] for i in test_idx], test_dense)]

    return cross_validate([p.group for p in pairs], folds, fit_predict)


def plv_end_to_end(paths: list[Path], folds: int = 5, use_cache: bool = True,
                   limits: dict[str, float] | None = None) -> dict:
    """PLV_train's marked pairs coded end to end, each fold by pair and type models trained without
    it (on the labelled train split and the other folds): the share of marked pairs with an event
    between the marked parties (actor to recipient), and the macro-F1 of its type (YIELD counts as
    CONCEDE or RETREAT)."""
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        items = T.prepare(T.read_split(paths, "en", "train"), "en", use_cache)
        feats, ys, _, dense = T.trigger_examples(items, "en", random.Random(T.SEED))
        T.train_detector(feats, ys, dense).save(directory / "en_triggers.npz")
        T.load_model.cache_clear()
        base = T.PairExamples(*T.scorer_examples(items, "en", T.crossfit_detectors(items, "en"), floor=0.05))
        sentences = T.plv.prepare_marked(T.read_plv_pairs(), LearnedCoder("en"), T.CACHE if use_cache else None)
        fold_of = [int(hashlib.sha1(s.pair.group.encode()).hexdigest(), 16) % folds for s in sentences]
        predicted: list[str | None] = [None] * len(sentences)
        for fold in range(folds):
            others = [s for s, f in zip(sentences, fold_of, strict=True) if f != fold]
            pairs, types = T.fit_pairs(base + T.plv_examples(others, "en", directory))
            pairs.save(directory / "en_pairs.npz")
            types.save(directory / "en_types.npz")
            T.load_model.cache_clear()
            coder = LearnedCoder("en", limits or T.thresholds("en"), directory)
            for k, sentence in enumerate(sentences):
                if fold_of[k] == fold:
                    predicted[k] = _pair_type(coder, sentence)
        T.load_model.cache_clear()
    gold = [s.pair.label for s in sentences]
    result = score(predicted, gold)
    found = sum(p is not None for p in predicted)
    return {"pairs": len(gold), "with_an_event": round(found / max(1, len(gold)), 3),
            "type_macro_f1": round(result.macro_f1, 3), "type_accuracy": round(result.accuracy, 3)}


def _pair_type(coder: LearnedCoder, sentence) -> str | None:
    """The type of the best event whose actor is the marked actor and recipient the marked recipient."""
    decisions = coder.decide(sentence.doc, sentence.doc_actors, sentence.matches, sentence.ruled)
    fitting = [d for d in decisions if d.triple.recipient is not None
               and _overlaps(d.triple.actor, sentence.pair.actor) and _overlaps(d.triple.recipient, sentence.pair.recipient)]
    return max(fitting, key=lambda d: d.probability).event_type if fitting else None


def _overlaps(party, span: tuple[int, int] | None) -> bool:
    return (span is not None and party.start_char is not None
            and party.start_char < span[1] and span[0] < party.end_char)


def spread(pairs: Sequence[MarkedPair], limit: int | None) -> list[MarkedPair]:
    """At most `limit` pairs taken evenly through the file, which is sorted by type."""
    if not limit or limit >= len(pairs):
        return list(pairs)
    step = -(-len(pairs) // limit)
    return list(pairs[::step])[:limit]


def run(args: argparse.Namespace) -> int:
    if args.end_to_end:
        from dyad import labels

        print(json.dumps(plv_end_to_end(labels.label_files_of_project(), args.folds), indent=1))
        return 0
    pairs = spread(read_plv(gold_dir() / "plv_train" / "PLV_train.tsv"), args.limit)
    gold = [p.label for p in pairs]
    typer = PairTyper("en")
    results = {"rules": score(rules_only(pairs, typer, args.cache), gold)}
    if not args.rules_only:
        extra = [] if args.no_aw else read_aw(gold_dir() / "plv_train" / "AW_train.tsv", read_ace_map(ACE_MAP))
        config = TrainConfig(uses_embeddings=not args.no_embeddings)
        results["learned"] = score(learned_cv(pairs, extra, typer, config, args.folds, args.cache), gold)
    if args.json:
        print(json.dumps({name: s.summary() for name, s in results.items()}, indent=2))
        return 0
    for name, result in results.items():
        title = "rules-only" if name == "rules" else f"learned ({args.folds}-fold CV)"
        print(f"{title}: {len(pairs)} pairs, accuracy {result.accuracy:.3f}, macro-F1 {result.macro_f1:.3f}")
        print(result.table.format("type"))
        print()
    return 0
