"""The shipped scoring weights: linear models over standardised features, loaded offline from auditor/models/."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import ModelError
from .qe_head import HeadSet

WEIGHTS_FILE = "scoring_v1.json"
# Standardised features are clipped to +-Z_CLIP: rare binary evidence (one space before a full stop) must not
# saturate the logistic curve on its own.
Z_CLIP = 3.0


@dataclass(frozen=True)
class LinearModel:
    """score = 100 * sigmoid(a * (w . z) + b), z = clip((x - mean) / std, +-Z_CLIP); a missing feature is its mean."""

    features: tuple[str, ...]
    mean: NDArray[np.float64]
    std: NDArray[np.float64]
    weights: NDArray[np.float64]
    a: float = 1.0
    b: float = 0.0

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LinearModel:
        return cls(
            tuple(d["features"]),
            np.asarray(d["mean"], dtype=np.float64),
            np.asarray(d["std"], dtype=np.float64),
            np.asarray(d["weights"], dtype=np.float64),
            float(d.get("a", 1.0)),
            float(d.get("b", 0.0)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": [round(float(v), 6) for v in self.mean],
            "std": [round(float(v), 6) for v in self.std],
            "weights": [round(float(v), 6) for v in self.weights],
            "a": round(self.a, 6),
            "b": round(self.b, 6),
        }

    def with_calibration(self, a: float, b: float) -> LinearModel:
        """The same weights with a new 0-100 mapping."""
        return LinearModel(self.features, self.mean, self.std, self.weights, a, b)

    def standardise(self, rows: Sequence[Mapping[str, float]]) -> NDArray[np.float64]:
        """Matrix of standardised features; absent features are 0 (the training mean)."""
        z = np.zeros((len(rows), len(self.features)), dtype=np.float64)
        for i, row in enumerate(rows):
            for j, name in enumerate(self.features):
                value = row.get(name)
                if value is not None and math.isfinite(value):
                    z[i, j] = min(Z_CLIP, max(-Z_CLIP, (value - self.mean[j]) / self.std[j]))
        return z

    def raw(self, rows: Sequence[Mapping[str, float]]) -> NDArray[np.float64]:
        """The linear score w . z (unbounded, for ranking)."""
        return self.standardise(rows) @ self.weights

    def logit(self, rows: Sequence[Mapping[str, float]]) -> NDArray[np.float64]:
        """a * (w . z) + b: the calibrated score before the logistic curve."""
        return self.a * self.raw(rows) + self.b

    def score(self, rows: Sequence[Mapping[str, float]]) -> NDArray[np.float64]:
        """Calibrated 0-100 score."""
        return 100.0 / (1.0 + np.exp(-self.logit(rows)))


@dataclass(frozen=True)
class ScoringWeights:
    """Everything in the weights file: fidelity models with/without reference, fluency model, bands, provenance.

    `src_heads` (optional) turn source and MT vectors into the `src_qe` feature of both fidelity models.
    """

    ref: LinearModel
    src: LinearModel
    fluency: LinearModel
    fidelity_share: float
    review_line: float
    reject_line: float
    meta: dict[str, Any]
    file_name: str
    sha256: str
    src_heads: HeadSet | None = None


def load_weights_file(path: str | Path) -> ScoringWeights:
    """Load weights written by the training command (for encoders other than the defaults)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ModelError(
            f"cannot read the scoring weights {str(path)!r} ({exc.strerror or exc})",
            fix="give the JSON written by `python bench/train_fidelity.py --out FILE`",
        ) from exc
    return load_weights(data, Path(path).name)


def trained_encoders(src_encoder: str, ref_encoder: str, token_encoder: str = "none") -> dict[str, str]:
    """The `encoders` entry of a weights file's meta: the token encoder is named only when there is one."""
    out = {"src": src_encoder, "ref": ref_encoder}
    if token_encoder != "none":
        out["tokens"] = token_encoder
    return out


def shipped_weights_for(src_encoder: str, ref_encoder: str, token_encoder: str = "none") -> ScoringWeights:
    """The shipped weights trained with these encoders (`scoring_v1.json` for the defaults, e.g.
    `scoring_v1-e5-small.json` for e5 on the source side), or the default file when none was."""
    return load_weights(None, _shipped_file_for(src_encoder, ref_encoder, token_encoder))


@lru_cache(maxsize=16)
def _shipped_file_for(src_encoder: str, ref_encoder: str, token_encoder: str = "none") -> str:
    wanted = trained_encoders(src_encoder, ref_encoder, token_encoder)
    root = resources.files("auditor.models")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if not entry.name.startswith("scoring_") or not entry.name.endswith(".json"):
            continue
        try:
            encoders = json.loads(entry.read_bytes()).get("meta", {}).get("encoders", {})
        except (OSError, ValueError):
            continue
        if encoders == wanted:
            return entry.name
    return WEIGHTS_FILE


def load_weights(data: bytes | None = None, file_name: str = WEIGHTS_FILE) -> ScoringWeights:
    """Load the shipped weights (or the given JSON bytes)."""
    try:
        if data is None:
            data = resources.files("auditor.models").joinpath(file_name).read_bytes()
        d = json.loads(data)
        head = d.get("heads", {}).get("src_qe")
        return ScoringWeights(
            ref=LinearModel.from_dict(d["models"]["ref"]),
            src=LinearModel.from_dict(d["models"]["src"]),
            fluency=LinearModel.from_dict(d["models"]["fluency"]),
            fidelity_share=float(d["overall"]["fidelity_share"]),
            review_line=float(d["bands"]["review"]),
            reject_line=float(d["bands"]["reject"]),
            meta=dict(d.get("meta", {})),
            file_name=file_name,
            sha256=hashlib.sha256(data).hexdigest(),
            src_heads=HeadSet.from_dict(head) if head is not None else None,
        )
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise ModelError(
            f"cannot load the scoring weights {file_name!r} ({type(exc).__name__}: {exc})",
            fix="reinstall the package, or retrain with `python bench/train_fidelity.py --data ../shared/data`",
        ) from exc


LM_WEIGHTS_FILE = "lm_v1.json"


@dataclass(frozen=True)
class LmWeights:
    """The `lm` models: fluency over the fast fluency features plus the language model's surprisal."""

    fluency: LinearModel
    meta: dict[str, Any]
    file_name: str
    sha256: str


@lru_cache(maxsize=1)
def load_lm_weights() -> LmWeights:
    """The shipped `lm` weights (written by `python bench/train_lm.py --data ../shared/data`)."""
    try:
        data = resources.files("auditor.models").joinpath(LM_WEIGHTS_FILE).read_bytes()
        d = json.loads(data)
        models = d["models"]
        return LmWeights(
            LinearModel.from_dict(models["fluency"]),
            dict(d.get("meta", {})),
            LM_WEIGHTS_FILE,
            hashlib.sha256(data).hexdigest(),
        )
    except (OSError, KeyError, ValueError, TypeError) as exc:
        raise ModelError(
            f"cannot load the lm weights {LM_WEIGHTS_FILE!r} ({type(exc).__name__}: {exc})",
            fix="reinstall the package, or retrain with `python bench/train_lm.py --data ../shared/data`",
        ) from exc
