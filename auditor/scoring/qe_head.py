"""A reference-free quality estimate from frozen source and MT sentence vectors (a ridge regression head).

COMET-QE-style inputs, a linear read-out: for normalised source vector u and MT vector v the head sees
[u, v, u * v, |u - v|, u . v] and predicts the MLQE-PE direct-assessment z-score (higher = better). The MT vector
alone carries much of the signal (broken output sits in its own region of the space); the products carry the
source-MT agreement. Its output is one feature (`src_qe`) of the fidelity models, not a score by itself.
Heads are kept per language pair and per target language where the training data has enough rows for one, with
a head pooled over every language pair for the rest (`HeadSet`): a segment gets the head of its pair, else of its
target language, else the pooled one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from ..langid import base_lang

# Chosen by 5-fold cross-validation on DA train (USE vectors; mean per-pair Pearson 0.347 at 0.3, 0.350 at 3,
# 0.353 at 10, 0.352 at 30, 0.343 at 100, 0.310 at 1000).
RIDGE_L2 = 10.0
POOLED = "*"  # the key of the head fitted on every language pair
# A target language gets its own head from this many training rows from this many source languages: a head fitted
# on one pair learns that pair's quirks (en-de DA alone made the head punish long German sentences in MQM news).
MIN_ROWS_PER_TARGET = 3000
MIN_PAIRS_PER_TARGET = 3
# A language pair into a target language with a head of its own gets a head of the pair from this many rows of
# its own: it refines the target's head. A pair whose target has no head keeps the pooled one, for the same reason
# as above: with heads for every pair, MQM en-de news without a reference came out longer-is-worse (correlation
# with MT length -0.23 against -0.03) and sent nearly every correct segment to review.
MIN_ROWS_PER_PAIR = 3000


def head_inputs(u: NDArray[np.floating[Any]], v: NDArray[np.floating[Any]]) -> NDArray[np.float64]:
    """The head's input rows for source vectors `u` and MT vectors `v` (both (n, d), L2-normalised)."""
    u64 = np.asarray(u, dtype=np.float64)
    v64 = np.asarray(v, dtype=np.float64)
    if u64.shape != v64.shape or u64.ndim != 2:
        raise ValueError(f"source and MT vectors must have one shape (n, d); got {u64.shape} and {v64.shape}")
    cos = np.einsum("ij,ij->i", u64, v64)[:, None]
    return np.hstack([u64, v64, u64 * v64, np.abs(u64 - v64), cos])


@dataclass(frozen=True)
class QualityHead:
    """prediction = head_inputs(u, v) . weights + bias, for vectors of the encoder it was fitted on."""

    encoder: str
    dim: int
    weights: NDArray[np.float64]
    bias: float
    trained_on: str = ""

    def predict(self, u: NDArray[np.floating[Any]], v: NDArray[np.floating[Any]]) -> NDArray[np.float64]:
        """Predicted DA z-score per (source, MT) vector pair."""
        if u.shape[0] == 0:
            return np.zeros(0, dtype=np.float64)
        if u.shape[1] != self.dim:
            raise ModelError(
                f"the quality head was fitted on {self.dim}-dimensional {self.encoder!r} vectors, got {u.shape[1]}",
                fix="train weights for this encoder: python bench/train_fidelity.py --src-encoder NAME --out FILE",
            )
        return head_inputs(u, v) @ self.weights + self.bias

    @classmethod
    def fit(
        cls,
        encoder: str,
        u: NDArray[np.floating[Any]],
        v: NDArray[np.floating[Any]],
        y: NDArray[np.floating[Any]],
        l2: float = RIDGE_L2,
        trained_on: str = "",
    ) -> QualityHead:
        """Closed-form ridge regression of `y` on the head inputs (centred, intercept unpenalised)."""
        x = head_inputs(u, v)
        target = np.asarray(y, dtype=np.float64)
        if x.shape[0] != target.shape[0] or x.shape[0] < 2:
            raise ValueError("one label per vector pair, and at least two pairs, are needed")
        mean_x = x.mean(axis=0)
        mean_y = float(target.mean())
        xc = x - mean_x
        weights = np.linalg.solve(xc.T @ xc + l2 * np.eye(x.shape[1]), xc.T @ (target - mean_y))
        return cls(encoder, int(np.asarray(u).shape[1]), weights, mean_y - float(mean_x @ weights), trained_on)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> QualityHead:
        weights = np.asarray(d["weights"], dtype=np.float64)
        dim = int(d["dim"])
        if weights.shape != (4 * dim + 1,):
            raise ValueError(f"a {dim}-dimensional head needs {4 * dim + 1} weights, the file has {weights.size}")
        return cls(str(d["encoder"]), dim, weights, float(d["bias"]), str(d.get("trained_on", "")))

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoder": self.encoder,
            "dim": self.dim,
            "bias": round(self.bias, 6),
            "trained_on": self.trained_on,
            "weights": [round(float(w), 6) for w in self.weights],
        }


def pair_key(src_lang: str | None, tgt_lang: str | None) -> str:
    """The key of a language pair's head: base codes joined by a hyphen ("ne-en")."""
    return f"{base_lang(src_lang)}-{base_lang(tgt_lang)}"


@dataclass(frozen=True)
class HeadSet:
    """Quality heads by language pair ("ne-en") and by target language ("en", base codes), with the pooled head
    under `POOLED` for the others."""

    heads: Mapping[str, QualityHead]

    def key_for(self, src_lang: str | None, tgt_lang: str | None) -> str:
        """The key of the head that scores this pair: the pair's own, else the target language's, else `POOLED`."""
        if src_lang and tgt_lang and (pair := pair_key(src_lang, tgt_lang)) in self.heads:
            return pair
        lang = base_lang(tgt_lang)
        return lang if lang in self.heads else POOLED

    def for_pair(self, src_lang: str | None, tgt_lang: str | None) -> QualityHead:
        """The head that scores this pair (see `key_for`)."""
        return self.heads[self.key_for(src_lang, tgt_lang)]

    @property
    def encoder(self) -> str:
        return self.heads[POOLED].encoder

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> HeadSet:
        if POOLED not in d:
            raise ValueError(f"the quality heads need a pooled head under {POOLED!r}")
        return cls({lang: QualityHead.from_dict(h) for lang, h in d.items()})

    def to_dict(self) -> dict[str, Any]:
        return {lang: self.heads[lang].to_dict() for lang in sorted(self.heads)}
