"""A multinomial logistic regression over named binary features plus an optional dense block, in
numpy: what the learned stages need, trained in minutes on the labelled set, tiny on disk.

Examples are lists of feature names (strings); the model keeps the features seen at least
`min_count` times in training, in a vocabulary saved beside its weights. Training is mini-batch
Adam with L2, gradients of the sparse part summed per class with `numpy.bincount`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

BIAS = "__bias__"


@dataclass
class Design:
    """Examples as a CSR-like layout of feature ids, plus a dense block (rows x dense width)."""

    indptr: np.ndarray
    indices: np.ndarray
    dense: np.ndarray

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def rows(self, chosen: np.ndarray) -> Design:
        starts, ends = self.indptr[chosen], self.indptr[chosen + 1]
        lengths = ends - starts
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        indices = np.concatenate([self.indices[s:e] for s, e in zip(starts, ends, strict=True)]) \
            if len(chosen) else np.zeros(0, np.int32)
        return Design(indptr, indices, self.dense[chosen])


@dataclass
class LinearModel:
    classes: list[str]
    vocabulary: dict[str, int]
    sparse: np.ndarray  # (features, classes)
    dense: np.ndarray  # (dense width, classes)
    bias: np.ndarray  # (classes,)

    def design(self, examples: Sequence[Sequence[str]], dense: np.ndarray | None = None) -> Design:
        ids: list[int] = []
        indptr = [0]
        lookup = self.vocabulary.get
        for features in examples:
            ids.extend(i for i in map(lookup, features) if i is not None)
            indptr.append(len(ids))
        width = self.dense.shape[0]
        block = np.zeros((len(examples), width), np.float32) if dense is None else dense.astype(np.float32)
        return Design(np.asarray(indptr, np.int64), np.asarray(ids, np.int32), block)

    def scores(self, design: Design) -> np.ndarray:
        out = np.zeros((len(design), len(self.classes)), np.float32) + self.bias
        if len(design.indices):
            out += segment_sums(self.sparse, design.indptr, design.indices)
        if self.dense.shape[0]:
            out += design.dense @ self.dense
        return out

    def probabilities(self, examples: Sequence[Sequence[str]], dense: np.ndarray | None = None) -> np.ndarray:
        if not len(examples):
            return np.zeros((0, len(self.classes)), np.float32)
        return softmax(self.scores(self.design(examples, dense)))

    def save(self, path: Path) -> None:
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        np.savez_compressed(path, classes=np.array(self.classes), names=np.array(names),
                            sparse=self.sparse.astype(np.float16), dense=self.dense.astype(np.float16),
                            bias=self.bias.astype(np.float32))

    @classmethod
    def from_arrays(cls, data) -> LinearModel:
        names = [str(n) for n in data["names"]]
        return cls([str(c) for c in data["classes"]], {n: i for i, n in enumerate(names)},
                       data["sparse"].astype(np.float32), data["dense"].astype(np.float32),
                       data["bias"].astype(np.float32))


def segment_sums(table: np.ndarray, indptr: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Row k: the sum of table[ids[indptr[k]:indptr[k + 1]]] (zeros for an empty segment). A
    running sum read at the segment boundaries: one pass, where np.add.at scatters row by row;
    summed in float64 so that long runs lose nothing to rounding."""
    summed = np.zeros((len(ids) + 1, table.shape[1]), np.float64)
    np.cumsum(table[ids], axis=0, out=summed[1:])
    return (summed[indptr[1:]] - summed[indptr[:-1]]).astype(np.float32)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train(examples: Sequence[Sequence[str]], labels: Sequence[str], classes: Sequence[str],
          dense: np.ndarray | None = None, *, min_count: int = 2, l2: float = 1e-5, epochs: int = 12,
          batch_size: int = 256, learning_rate: float = 0.02, class_weight: dict[str, float] | None = None,
          seed: int = 0) -> LinearModel:
    """Fit on feature-name examples with string labels; fixed seed, so the same data give the
    same model."""
    counts = Counter(f for features in examples for f in set(features))
    names = sorted(f for f, n in counts.items() if n >= min_count)
    width = 0 if dense is None else dense.shape[1]
    model = LinearModel(list(classes), {n: i for i, n in enumerate(names)},
                        np.zeros((len(names), len(classes)), np.float32),
                        np.zeros((width, len(classes)), np.float32), np.zeros(len(classes), np.float32))
    design = model.design(examples, dense)
    index = {c: i for i, c in enumerate(classes)}
    y = np.asarray([index[label] for label in labels], np.int64)
    weights = np.asarray([(class_weight or {}).get(label, 1.0) for label in labels], np.float32)
    rng = np.random.default_rng(seed)
    params = [model.sparse, model.dense, model.bias]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    step = 0
    n_classes = len(classes)
    for _ in range(epochs):
        order = rng.permutation(len(y))
        for begin in range(0, len(order), batch_size):
            chosen = np.sort(order[begin:begin + batch_size])
            batch = design.rows(chosen)
            probs = softmax(model.scores(batch))
            residual = probs
            residual[np.arange(len(chosen)), y[chosen]] -= 1.0
            residual *= (weights[chosen] / len(chosen))[:, None]
            lengths = np.diff(batch.indptr)
            expanded = np.repeat(residual, lengths, axis=0)
            grad_sparse = np.stack([np.bincount(batch.indices, weights=expanded[:, c], minlength=len(names))
                                    for c in range(n_classes)], axis=1).astype(np.float32)
            grads = [grad_sparse + l2 * model.sparse, batch.dense.T @ residual + l2 * model.dense,
                     residual.sum(axis=0)]
            step += 1
            for param, grad, (m, v) in zip(params, grads, moments, strict=True):
                m *= beta1
                m += (1 - beta1) * grad
                v *= beta2
                v += (1 - beta2) * grad * grad
                param -= learning_rate * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + eps)
    return model
