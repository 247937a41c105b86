"""The pairwise fit behind the shipped weights, on synthetic feature rows written for these tests."""

from __future__ import annotations

import numpy as np

from auditor.scoring.train import PairSet, fit_pairwise


def _pairs(seed: int = 3, n: int = 400) -> PairSet:
    """Rows where a higher `ref_chrf` and a lower `ref_len_abs` make the better translation, plus pure noise."""
    rng = np.random.default_rng(seed)
    rows = [
        {"ref_chrf": float(rng.normal()), "ref_len_abs": float(rng.normal()), "sim_src": float(rng.normal())}
        for _ in range(2 * n)
    ]
    better, worse = [], []
    for i in range(0, 2 * n, 2):
        a, b = rows[i], rows[i + 1]
        quality = [r["ref_chrf"] - 0.5 * r["ref_len_abs"] + 0.3 * rng.normal() for r in (a, b)]
        better.append(i if quality[0] > quality[1] else i + 1)
        worse.append(i + 1 if quality[0] > quality[1] else i)
    return PairSet("synthetic", rows, better, worse, 1.0)


def test_the_fit_finds_the_signs_and_a_larger_penalty_shrinks_the_weights() -> None:
    features = ("ref_chrf", "ref_len_abs", "sim_src")
    loose = fit_pairwise(features, [_pairs()], l2=0.01)
    tight = fit_pairwise(features, [_pairs()], l2=1.0)
    for model in (loose, tight):
        chrf, length, noise = model.weights
        assert chrf > 0 > length and abs(noise) < chrf / 4
        assert chrf > abs(length)  # the stronger cue weighs more
    assert np.linalg.norm(tight.weights) < np.linalg.norm(loose.weights)
