"""Train the `lm` fluency weights (deterministic: fixed seed, sorted data).

A linear model over the fast fluency features plus the language model's surprisal features (`lm.py`), fitted with
the same pairwise logistic loss as the shipped models on DEMETR train ids (id % 5 != 0): the unperturbed
translation must outscore its copy with one fluency slip (DEMETR's fluency perturbations plus the minor ones that
break grammar: a dropped conjunction or function word, a shifted part of speech, two swapped words). Its 0-100
mapping follows the fast fluency model's (matched mean and spread of the logits). DEMETR translates into English,
the only language the model covers. Run `python bench/train_lm.py --data ../shared/data`.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..formats import atomic_path
from ..types import Segment
from . import datasets
from .features import FLUENCY_FEATURES, fluency_features
from .lm import LM_FEATURES, LM_NAME, TextSurprisal, get_surprisal_model
from .model import LM_WEIGHTS_FILE, load_weights
from .train import FLUENCY_TYPES, SEED, PairSet, fit_pairwise, sample_demetr

LM_FLUENCY_TYPES = FLUENCY_TYPES | frozenset(
    {"minor_id12_conj_removed", "minor_id13_pos_shift", "minor_id14_word_swap", "minor_id16_function_word"}
)
# as the fast model: final punctuation mostly marks short headlines in news, which raters accept
LM_FLUENCY_INPUTS = (*(f for f in FLUENCY_FEATURES if f != "no_final_punct"), *LM_FEATURES)


class SurprisalCache:
    """Token surprisal by MT text, kept in a pickle so that retraining or benchmarking does not rescore."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.rows: dict[str, TextSurprisal] = {}
        if path is not None and path.exists():
            with path.open("rb") as fh:
                self.rows = pickle.load(fh)

    def features(self, texts: Sequence[str], batch: int = 256) -> list[dict[str, float]]:
        """`TextSurprisal.features` of each (English) text; empty for an empty text."""
        missing = list(dict.fromkeys(t for t in texts if t not in self.rows))
        model = get_surprisal_model()
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            for text, result in zip(chunk, model.score(chunk), strict=True):
                self.rows[text] = result
            self.save()
        return [self.rows[t].features(t) for t in texts]

    def save(self) -> None:
        """Write the cache file (if any), atomically."""
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(self.path) as tmp:
                tmp.write_bytes(pickle.dumps(self.rows, protocol=pickle.HIGHEST_PROTOCOL))


def lm_fluency_rows(segments: Sequence[Segment], cache: SurprisalCache) -> list[dict[str, float]]:
    """The `lm` fluency model's inputs for each segment."""
    lm_rows = cache.features([s.mt for s in segments])
    return [fluency_features(s.mt, s.tgt_lang) | lm for s, lm in zip(segments, lm_rows, strict=True)]


def train_lm_weights(data: Path, out: Path, cache: Path | None = None, per_type: int = 150) -> dict[str, Any]:
    """Fit the `lm` fluency model on DEMETR train pairs and write it to `out`; returns a summary."""
    rng = np.random.default_rng(SEED)
    surprisal = SurprisalCache(cache)
    chosen = sample_demetr(datasets.demetr(data, "train"), LM_FLUENCY_TYPES, per_type, rng)
    n = len(chosen)
    rows = lm_fluency_rows([p.good for p in chosen] + [p.bad for p in chosen], surprisal)
    pairs = PairSet("demetr-fluency", rows, list(range(n)), list(range(n, 2 * n)), 1.0)
    model = fit_pairwise(LM_FLUENCY_INPUTS, [pairs])
    # the 0-100 mapping: the fast fluency model's logits on the same rows, matched in mean and spread (as the
    # reference-free fidelity model is put on the reference model's scale); a logistic fit of good vs slipped
    # would squeeze every score into 94-97, as surprisal separates a slip well within a pair but weakly across
    fast = load_weights().fluency
    fast_logit = fast.logit(rows)
    raw = model.raw(rows)
    a = float(np.std(fast_logit)) / max(float(np.std(raw)), 1e-9)
    model = model.with_calibration(a, float(np.mean(fast_logit)) - a * float(np.mean(raw)))
    doc = {
        "version": 1,
        "models": {"fluency": model.to_dict()},
        "meta": {
            "language_model": LM_NAME,
            "languages": ["en"],
            "trained_on": "fluency: DEMETR train ids (id % 5 != 0), unperturbed > perturbed, types "
            + ", ".join(sorted(LM_FLUENCY_TYPES)),
            "seed": SEED,
            "counts": {
                "fluency_pairs": n,
                "per_type": {t: sum(1 for p in chosen if p.type == t) for t in sorted(LM_FLUENCY_TYPES)},
            },
        },
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out) as tmp:
        tmp.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"file": str(out), "pairs": n, "weights": dict(zip(model.features, model.to_dict()["weights"], strict=True))}


def default_lm_output() -> Path:
    """auditor/models/<lm weights file> in the source tree."""
    return Path(__file__).resolve().parent.parent / "models" / LM_WEIGHTS_FILE


def default_surprisal_cache() -> Path:
    """The training command's surprisal cache (tokens of every DEMETR text it scores)."""
    return Path("/tmp/auditor-lm-surprisal-tokens.pkl")
