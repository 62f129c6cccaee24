"""One hidden layer over named features and a dense block, in numpy: where a linear model cannot
join two facts (a subject acts for "condamne" and receives for "subit"; this verb's meaning with that
dependency path), the hidden units can. Same interface as LinearModel.

Each named feature is a learned row of hidden-unit weights (an embedding summed over the example's
features); training is mini-batch Adam, lazy on those rows (only the rows a batch uses move).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dyad.events.learned.linear import LinearModel, segment_sums, softmax


@dataclass
class HiddenLayerModel:
    classes: list[str]
    vocabulary: dict[str, int]
    embed: np.ndarray  # (features, hidden)
    dense_in: np.ndarray  # (dense width, hidden)
    bias_in: np.ndarray  # (hidden,)
    out: np.ndarray  # (hidden, classes)
    bias_out: np.ndarray  # (classes,)

    def _ids(self, examples: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        lookup = self.vocabulary.get
        ids: list[int] = []
        indptr = [0]
        for features in examples:
            ids.extend(i for i in map(lookup, features) if i is not None)
            indptr.append(len(ids))
        return np.asarray(indptr, np.int64), np.asarray(ids, np.int64)

    def _hidden(self, indptr: np.ndarray, ids: np.ndarray, dense: np.ndarray) -> np.ndarray:
        summed = np.zeros((len(ids) + 1, self.embed.shape[1]), np.float32)
        np.cumsum(self.embed[ids], axis=0, out=summed[1:])
        pre = summed[indptr[1:]] - summed[indptr[:-1]] + self.bias_in
        if self.dense_in.shape[0]:
            pre += dense @ self.dense_in
        return pre

    def probabilities(self, examples: Sequence[Sequence[str]], dense: np.ndarray | None = None) -> np.ndarray:
        if not len(examples):
            return np.zeros((0, len(self.classes)), np.float32)
        indptr, ids = self._ids(examples)
        block = np.zeros((len(examples), self.dense_in.shape[0]), np.float32) if dense is None else dense
        hidden = np.maximum(self._hidden(indptr, ids, block.astype(np.float32)), 0.0)
        return softmax(hidden @ self.out + self.bias_out)

    def probabilities_of_blocks(self, rows: Sequence[Sequence[Sequence[str]]], dense: np.ndarray) -> np.ndarray:
        """As `probabilities`, for examples each made of feature blocks that many examples share (a
        trigger's own features, a party's as actor): the hidden layer is a sum over features, so
        each distinct block's sum is computed once however many examples hold it."""
        if not len(rows):
            return np.zeros((0, len(self.classes)), np.float32)
        slot: dict[int, int] = {}
        blocks: list[Sequence[str]] = []
        members: list[int] = []
        indptr = [0]
        for parts in rows:
            for part in parts:
                key = id(part)
                if key not in slot:
                    slot[key] = len(blocks)
                    blocks.append(part)
                members.append(slot[key])
            indptr.append(len(members))
        block_ptr, ids = self._ids(blocks)
        block_sums = segment_sums(self.embed, block_ptr, ids)
        pre = segment_sums(block_sums, np.asarray(indptr, np.int64), np.asarray(members, np.int64)) + self.bias_in
        if self.dense_in.shape[0]:
            pre += dense.astype(np.float32) @ self.dense_in
        return softmax(np.maximum(pre, 0.0) @ self.out + self.bias_out)

    def save(self, path: Path) -> None:
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        np.savez_compressed(path, kind=np.array("hidden"), classes=np.array(self.classes), names=np.array(names),
                            embed=self.embed.astype(np.float16), dense_in=self.dense_in.astype(np.float16),
                            bias_in=self.bias_in, out=self.out, bias_out=self.bias_out)

    @classmethod
    def from_arrays(cls, data) -> HiddenLayerModel:
        names = [str(n) for n in data["names"]]
        return cls([str(c) for c in data["classes"]], {n: i for i, n in enumerate(names)},
                   data["embed"].astype(np.float32), data["dense_in"].astype(np.float32),
                   data["bias_in"].astype(np.float32), data["out"].astype(np.float32),
                   data["bias_out"].astype(np.float32))


def load_model_file(path: Path) -> LinearModel | HiddenLayerModel:
    """A saved model of either kind (the hidden-layer one is marked so in its file)."""
    with np.load(path, allow_pickle=False) as data:
        if "kind" in data.files and str(data["kind"]) == "hidden":
            return HiddenLayerModel.from_arrays(data)
        return LinearModel.from_arrays(data)


def train_hidden(examples: Sequence[Sequence[str]], labels: Sequence[str], classes: Sequence[str],
                 dense: np.ndarray | None = None, *, hidden: int = 32, min_count: int = 2, l2: float = 1e-6,
                 epochs: int = 8, batch_size: int = 128, learning_rate: float = 0.005,
                 seed: int = 0) -> HiddenLayerModel:
    rng = np.random.default_rng(seed)
    counts = Counter(f for features in examples for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    width = 0 if dense is None else dense.shape[1]
    model = HiddenLayerModel(
        list(classes), {n: i for i, n in enumerate(names)},
        rng.normal(0, 0.05, (len(names), hidden)).astype(np.float32),
        rng.normal(0, 1 / np.sqrt(max(width, 1)), (width, hidden)).astype(np.float32),
        np.zeros(hidden, np.float32),
        rng.normal(0, 1 / np.sqrt(hidden), (hidden, len(classes))).astype(np.float32),
        np.zeros(len(classes), np.float32))
    indptr, ids = model._ids(examples)
    block = np.zeros((len(labels), width), np.float32) if dense is None else dense.astype(np.float32)
    index = {c: i for i, c in enumerate(classes)}
    y = np.asarray([index[label] for label in labels], np.int64)
    dense_params = [model.dense_in, model.bias_in, model.out, model.bias_out]
    dense_moments = [(np.zeros_like(p), np.zeros_like(p)) for p in dense_params]
    embed_m, embed_v = np.zeros_like(model.embed), np.zeros_like(model.embed)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for begin in range(0, len(order), batch_size):
            chosen = np.sort(order[begin:begin + batch_size])
            starts, ends = indptr[chosen], indptr[chosen + 1]
            lengths = ends - starts
            batch_ids = np.concatenate([ids[s:e] for s, e in zip(starts, ends, strict=True)]) if len(chosen) else ids[:0]
            batch_ptr = np.concatenate([[0], np.cumsum(lengths)])
            pre = model._hidden(batch_ptr, batch_ids, block[chosen])
            hidden_out = np.maximum(pre, 0.0)
            probs = softmax(hidden_out @ model.out + model.bias_out)
            probs[np.arange(len(chosen)), y[chosen]] -= 1.0
            grad_logits = probs / len(chosen)
            grad_hidden = (grad_logits @ model.out.T) * (pre > 0)
            grads = [block[chosen].T @ grad_hidden + l2 * model.dense_in, grad_hidden.sum(axis=0),
                     hidden_out.T @ grad_logits + l2 * model.out, grad_logits.sum(axis=0)]
            step += 1
            correction1, correction2 = 1 - beta1 ** step, 1 - beta2 ** step
            for param, grad, (m, v) in zip(dense_params, grads, dense_moments, strict=True):
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad * grad
                param -= learning_rate * (m / correction1) / (np.sqrt(v / correction2) + eps)
            if len(batch_ids):
                rows = np.repeat(np.arange(len(chosen)), lengths)
                used, inverse = np.unique(batch_ids, return_inverse=True)
                grad_rows = np.zeros((len(used), hidden), np.float32)
                np.add.at(grad_rows, inverse, grad_hidden[rows])
                grad_rows += l2 * model.embed[used]
                embed_m[used] = beta1 * embed_m[used] + (1 - beta1) * grad_rows
                embed_v[used] = beta2 * embed_v[used] + (1 - beta2) * grad_rows * grad_rows
                model.embed[used] -= learning_rate * (embed_m[used] / correction1) / (
                    np.sqrt(embed_v[used] / correction2) + eps)
    return model
