"""Benchmark the `lm` fluency model against the `fast` one on held-out data, side by side in one run.

`python bench/lm_bench.py --data ../shared/data` (needs `make setup-lm`) prints markdown tables:
- DEMETR held-out ids (id % 5 == 0, English targets): per perturbation type, the share of pairs where the
  unperturbed translation scores strictly higher (ties = miss), for fluency, fidelity (with and without the
  reference) and overall (with it) under each fluency model;
- MLQE-PE DA dev, the pairs into English: Pearson r with da_z_mean of fluency, reference-free fidelity and
  overall under each model, and of the mean surprisal alone;
- throughput of the full pipeline (source + reference + checks), each model on segments it has not seen.
Both models score through `Auditor.score_segments`, so the findings of the checks lower the scores as in
`auditor score`; with `lm`, the `lm-surprisal` check runs too.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from scipy.stats import pearsonr

from auditor.config import AuditorConfig
from auditor.pipeline import Auditor
from auditor.scoring import datasets as ds
from auditor.scoring.lm import get_surprisal_model
from auditor.scoring.train import strip_ref
from auditor.scoring.train_lm import LM_FLUENCY_TYPES
from auditor.types import Segment

EN_DA_LPS = ("et-en", "ne-en", "ro-en", "ru-en", "si-en")
Scores = list[dict[str, float]]


def run(auditor: Auditor, segments: Sequence[Segment], batch: int = 64) -> Scores:
    """Scores of each segment through the whole pipeline, in batches."""
    return [r.scores for r in auditor.iter_score(segments, batch)]


def lm_mean(segments: Sequence[Segment]) -> np.ndarray:
    """Mean token surprisal of each MT (from the language model's cache after the lm run)."""
    scored = get_surprisal_model().score([s.mt for s in segments])
    return np.array([r.features(s.mt).get("lm_mean", np.nan) for r, s in zip(scored, segments, strict=True)])


def demetr_table(fast: Auditor, lm: Auditor, data: Path, per_type: int) -> None:
    """Ranking accuracy per held-out DEMETR perturbation type."""
    pairs = ds.demetr(data, "dev")
    seen: dict[str, int] = defaultdict(int)
    kept = []
    for p in pairs:
        seen[p.type] += 1
        if (per_type <= 0 or seen[p.type] <= per_type) and p.type != "base_id35_reference":
            kept.append(p)
    good, bad = [p.good for p in kept], [p.bad for p in kept]
    scored = {
        (name, mode): (run(auditor, g), run(auditor, b))
        for name, auditor in (("fast", fast), ("lm", lm))
        for mode, g, b in (("ref", good, bad), ("no ref", [strip_ref(s) for s in good], [strip_ref(s) for s in bad]))
    }
    cols: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for key, mode in (("fluency", "ref"), ("fidelity", "ref"), ("fidelity", "no ref"), ("overall", "ref")):
        for name in ("fast", "lm"):
            g, b = scored[(name, mode)]
            label = f"{key} {name}" + ("" if key == "fluency" else f" ({mode})")
            cols[label] = (np.array([s[key] for s in g]), np.array([s[key] for s in b]))
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(kept):
        by_type[p.type].append(i)
    print("\n## DEMETR held-out ids (id % 5 == 0): good > perturbed (ties = miss)\n")
    print("| perturbation | n | " + " | ".join(cols) + " |")
    print("|" + "---|" * (len(cols) + 2))
    groups: dict[str, dict[str, list[float]]] = {
        "fluency types": defaultdict(list),
        "critical+major": defaultdict(list),
    }
    for t in sorted(by_type, key=lambda t: ({"critical": 0, "major": 1, "minor": 2}.get(t.split("_")[0], 3), t)):
        idx = by_type[t]
        accs = {name: float(np.mean(g[idx] > b[idx])) for name, (g, b) in cols.items()}
        for group, member in (
            ("fluency types", t in LM_FLUENCY_TYPES),
            ("critical+major", t.startswith(("crit", "maj"))),
        ):
            if member:
                for name, acc in accs.items():
                    groups[group][name].append(acc)
        mark = " (fluency)" if t in LM_FLUENCY_TYPES else ""
        print(f"| {t}{mark} | {len(idx)} | " + " | ".join(f"{a:.3f}" for a in accs.values()) + " |")
    for group, accs in groups.items():
        print(f"| **avg {group}** | | " + " | ".join(f"{np.mean(accs[n]):.3f}" for n in cols) + " |")


def da_table(fast: Auditor, lm: Auditor, data: Path, per_lp: int) -> None:
    """Pearson r with da_z_mean on the DA dev pairs into English (reference-free)."""
    print("\n## MLQE-PE DA dev into English (no reference): Pearson r with da_z_mean\n")
    names = [
        "fluency fast",
        "fluency lm",
        "-surprisal",
        "fidelity fast (no ref)",
        "fidelity lm (no ref)",
        "overall fast (no ref)",
        "overall lm (no ref)",
    ]
    print("| lp | n | " + " | ".join(names) + " |")
    print("|" + "---|" * (len(names) + 2))
    sums: dict[str, list[float]] = defaultdict(list)
    for lp in EN_DA_LPS:
        rows = ds.da(data, lp, "dev")
        rows = rows[:per_lp] if per_lp > 0 else rows
        segs = [r.segment for r in rows]
        y = np.array([r.label for r in rows])
        f, m = run(fast, segs), run(lm, segs)
        series = {
            "fluency fast": [s["fluency"] for s in f],
            "fluency lm": [s["fluency"] for s in m],
            "-surprisal": list(-lm_mean(segs)),
            "fidelity fast (no ref)": [s["fidelity"] for s in f],
            "fidelity lm (no ref)": [s["fidelity"] for s in m],
            "overall fast (no ref)": [s["overall"] for s in f],
            "overall lm (no ref)": [s["overall"] for s in m],
        }
        cells = []
        for name in names:
            r = float(pearsonr(np.array(series[name]), y)[0])
            sums[name].append(r)
            cells.append(f"{r:.3f}")
        print(f"| {lp} | {len(rows)} | " + " | ".join(cells) + " |")
    print("| **average** | | " + " | ".join(f"{np.mean(sums[n]):.3f}" for n in names) + " |")


def throughput(fast: Auditor, lm: Auditor, data: Path, n: int) -> None:
    """Segments per second with source and reference, each model on segments it has not seen."""
    pairs = [p for p in ds.demetr(data, "train") if p.type == "minor_id14_word_swap"]
    segs = [p.bad for p in pairs]
    print(f"\n## Throughput (source + reference + checks, {n} fresh DEMETR train segments each)\n")
    print("| fluency model | seg/s |")
    print("|---|---|")
    for name, auditor, chunk in (("fast", fast, segs[:n]), ("lm", lm, segs[n : 2 * n])):
        start = time.perf_counter()
        run(auditor, chunk)
        print(f"| {name} | {len(chunk) / (time.perf_counter() - start):.1f} |")


def main() -> None:
    """Run every table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--demetr-per-type", type=int, default=60, help="held-out DEMETR pairs per type (0 = all)")
    ap.add_argument("--da-per-lp", type=int, default=200, help="DA dev rows per pair into English (0 = all)")
    ap.add_argument("--speed-n", type=int, default=200, help="segments per throughput run")
    ap.add_argument("--threads", type=int, default=1, help="torch threads")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    fast = Auditor(AuditorConfig(fluency_model="fast"))
    lm = Auditor(AuditorConfig(fluency_model="lm"))
    for auditor in (fast, lm):
        auditor.warm_up(("en",))
    print("lm weights:", lm.scorer.lm_weights.file_name, lm.scorer.lm_weights.sha256[:16])
    print("trained on:", lm.scorer.lm_weights.meta.get("trained_on", "?"))
    throughput(fast, lm, args.data, args.speed_n)
    demetr_table(fast, lm, args.data, args.demetr_per_type)
    da_table(fast, lm, args.data, args.da_per_lp)


if __name__ == "__main__":
    main()
