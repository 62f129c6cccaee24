"""Multinomial logistic regression in numpy (full-batch Adam with L2), enough for a few thousand
pairs and a few thousand features; no scikit-learn needed at run time or training time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class LogReg:
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        return softmax(x @ self.weights + self.bias)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit(x: np.ndarray, y: np.ndarray, n_classes: int, l2: float = 1e-3, epochs: int = 300,
        learning_rate: float = 0.05, balanced: bool = True, seed: int = 0) -> LogReg:
    """Fit on rows x with integer labels y; `balanced` weighs each class by the inverse of its size,
    which is what a macro-averaged score rewards."""
    rng = np.random.default_rng(seed)
    n, d = x.shape
    w = rng.normal(0, 1e-3, size=(d, n_classes)).astype(np.float32)
    b = np.zeros(n_classes, dtype=np.float32)
    onehot = np.eye(n_classes, dtype=np.float32)[y]
    counts = np.bincount(y, minlength=n_classes).astype(np.float32)
    row_weight = (n / (n_classes * np.maximum(counts, 1)))[y] if balanced else np.ones(n, dtype=np.float32)
    row_weight = (row_weight / row_weight.sum()).astype(np.float32)[:, None]
    moments = [np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)]
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, epochs + 1):
        grad_z = (softmax(x @ w + b) - onehot) * row_weight
        grads = (x.T @ grad_z + l2 * w, grad_z.sum(axis=0))
        for k, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m, v = moments[2 * k], moments[2 * k + 1]
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            m_hat = m / (1 - beta1 ** step)
            v_hat = v / (1 - beta2 ** step)
            param -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)
    return LogReg(w, b)
