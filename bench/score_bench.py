"""Benchmark the auditor's scores against surface metrics on held-out human judgments.

`python bench/score_bench.py --data ../shared/data` prints markdown tables:
MQM en-de (held-out generalMT2023 + tedtalks2021, and the newstest2021 dev split used for the bands): Kendall tau
grouped by source segment, global tau-b and Pearson with -MQM; DA dev (reference-free) Pearson with da_z_mean;
DEMETR held-out ids (id % 5 == 0) ranking accuracy per perturbation; throughput; correlation with MT length.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch
from scipy.stats import kendalltau, pearsonr

from auditor.checks.runner import CheckRunner
from auditor.config import TOKEN_ENCODERS, AuditorConfig
from auditor.embeddings import _LOADED, CachedEncoder, UseEncoder, get_encoder
from auditor.metrics import surface_metrics
from auditor.scoring import Scorer
from auditor.scoring import datasets as ds
from auditor.scoring.scorer import quality_estimates
from auditor.scoring.train import FeatureCache, default_feature_cache, strip_ref
from auditor.types import Segment

Scores = list[dict[str, float]]
COLUMNS: list[tuple[str, str, Callable[[dict[str, float], dict[str, float], Segment], float]]] = [
    ("BLEU", "ref", lambda r, n, s: r.get("bleu", np.nan)),
    ("chrF", "ref", lambda r, n, s: r.get("chrf", np.nan)),
    ("chrF++", "ref", lambda r, n, s: r.get("chrf++", np.nan)),
    ("-TER", "ref", lambda r, n, s: -r.get("ter", np.nan)),
    ("cos MT-ref", "ref", lambda r, n, s: r.get("sim_ref", np.nan)),
    ("cos src-MT", "src", lambda r, n, s: n.get("sim_src", np.nan)),
    ("token F MT-ref", "ref", lambda r, n, s: r.get("token_f", np.nan)),
    ("-MT length", "src", lambda r, n, s: -float(len(s.mt))),
    ("fluency", "src", lambda r, n, s: n["fluency"]),
    ("fidelity (ref)", "ref", lambda r, n, s: r.get("fidelity", np.nan)),
    ("overall (ref)", "ref", lambda r, n, s: r["overall"]),
    ("fidelity (no ref)", "src", lambda r, n, s: n.get("fidelity", np.nan)),
    ("overall (no ref)", "src", lambda r, n, s: n["overall"]),
]


CACHE: FeatureCache | None = None
RUNNER: CheckRunner | None = None  # the checks, whose findings lower the scores as in `auditor score`


def run(scorer: Scorer, segments: Sequence[Segment], batch: int = 64) -> Scores:
    """Score in batches of `batch` (feature rows from the cache when one is set)."""
    if CACHE is not None:
        rows = CACHE.features(segments)
        for seg, row in zip(segments, rows, strict=True):
            if scorer.config.ter and seg.ref and "ter" not in row:  # rows cached by training have no TER
                row["ter"] = surface_metrics(seg.mt, seg.ref, seg.tgt_lang, ter=True)["ter"]
        findings = RUNNER.run(segments) if RUNNER is not None else None
        return scorer.score_features(segments, rows, findings)
    out: Scores = []
    for i in range(0, len(segments), batch):
        out.extend(scorer.score(segments[i : i + batch]))
    return out


def grouped_tau(x: np.ndarray, y: np.ndarray, groups: Sequence[str]) -> float:
    """Mean Kendall tau-b over groups (systems on the same source), skipping groups where it is undefined."""
    by: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        by[g].append(i)
    taus = []
    for idx in by.values():
        if len(idx) > 1:
            t = kendalltau(x[idx], y[idx]).statistic
            if np.isfinite(t):
                taus.append(t)
    return float(np.mean(taus)) if taus else float("nan")


BAND_LINES: list[str] = []


def band_stats(scorer: Scorer, label: str, overall: Sequence[float], bad: Sequence[bool]) -> None:
    """Share of bad segments below the review line, and of the others banded ok."""
    o = np.array(overall)
    b = np.array(bad, dtype=bool)
    below = float(np.mean(o[b] < scorer.weights.review_line)) if b.any() else float("nan")
    rejected = float(np.mean(o[b] < scorer.weights.reject_line)) if b.any() else float("nan")
    ok = float(np.mean(o[~b] >= scorer.weights.review_line)) if (~b).any() else float("nan")
    BAND_LINES.append(f"| {label} | {int(b.sum())} | {below:.3f} | {rejected:.3f} | {int((~b).sum())} | {ok:.3f} |")


def every_kth_group(rows: list[ds.MqmRow], max_groups: int) -> list[ds.MqmRow]:
    """Keep every k-th source segment (sorted by group id) so that at most `max_groups` remain."""
    groups = sorted({r.group for r in rows})
    if max_groups <= 0 or len(groups) <= max_groups:
        return rows
    step = len(groups) / max_groups
    keep = {groups[int(i * step)] for i in range(max_groups)}
    return [r for r in rows if r.group in keep]


def mqm_table(scorer: Scorer, data: Path, max_groups: int) -> None:
    """Kendall/Pearson of each metric with -MQM on held-out sets and the dev split."""
    print("\n## MQM en-de: correlation with -MQM penalty (grouped tau by source / global tau-b / Pearson)\n")
    sets = {
        "generalMT2023 (held out)": every_kth_group(ds.mqm(data, "generalMT2023_sxs"), max_groups),
        "tedtalks2021 (held out)": every_kth_group(ds.mqm(data, "tedtalks2021"), max_groups),
        "newstest2021 dev split": ds.mqm(data, "newstest2021", "dev"),
    }
    print("rows: " + ", ".join(f"{k} {len(v)}" for k, v in sets.items()) + "\n")
    header = "| metric | " + " | ".join(sets) + " | length corr (Pearson, all sets) |"
    print(header)
    print("|" + "---|" * (len(sets) + 2))
    results: dict[str, list[str]] = defaultdict(list)
    lengths: list[float] = []
    values: dict[str, list[float]] = defaultdict(list)
    for rows in sets.values():
        segs = [r.segment for r in rows]
        with_ref, no_ref = run(scorer, segs), run(scorer, [strip_ref(s) for s in segs])
        y = -np.array([r.mqm for r in rows])
        groups = [r.group for r in rows]
        lengths.extend(float(len(s.mt)) for s in segs)
        label = next(k for k, v in sets.items() if v is rows)
        bad = [r.mqm >= 5.0 for r in rows]
        band_stats(scorer, f"{label}, MQM >= 5 vs < 5, with ref", [x["overall"] for x in with_ref], bad)
        band_stats(scorer, f"{label}, MQM >= 5 vs < 5, no ref", [x["overall"] for x in no_ref], bad)
        for name, _, fn in COLUMNS:
            x = np.array([fn(a, b, s) for a, b, s in zip(with_ref, no_ref, segs, strict=True)])
            values[name].extend(x.tolist())
            gt = grouped_tau(x, y, groups)
            tb = kendalltau(x, y).statistic
            pr = pearsonr(x, y).statistic
            results[name].append(f"{gt:.3f} / {tb:.3f} / {pr:.3f}")
    for name, _, _ in COLUMNS:
        lc = pearsonr(np.array(values[name]), np.array(lengths)).statistic
        print(f"| {name} | " + " | ".join(results[name]) + f" | {lc:+.3f} |")
    fluency_table(scorer, sets)


def fluency_table(scorer: Scorer, all_sets: dict[str, list[ds.MqmRow]]) -> None:
    """Fluency against the Fluency/* part of the MQM penalty, and its mean with and without a fluency error (sets
    with error spans only: newstest2021 has scores alone)."""
    sets = {k: v for k, v in all_sets.items() if v and all(r.fluency_mqm is not None for r in v)}
    print("\n## MQM en-de: fluency against the Fluency/* part of the penalty (grouped tau / global tau-b / Pearson)\n")
    print("| metric | " + " | ".join(sets) + " |")
    print("|" + "---|" * (len(sets) + 1))
    cells: dict[str, list[str]] = defaultdict(list)
    means: list[str] = []
    for rows in sets.values():
        segs = [r.segment for r in rows]
        scores = run(scorer, [strip_ref(s) for s in segs])
        y = -np.array([r.fluency_mqm or 0.0 for r in rows])
        groups = [r.group for r in rows]
        series = {
            "fluency": np.array([s["fluency"] for s in scores]),
            "chrF": np.array([surface_metrics(s.mt, s.ref or "", s.tgt_lang)["chrf"] for s in segs]),
            "-MT length": -np.array([float(len(s.mt)) for s in segs]),
        }
        for name, x in series.items():
            gt, tb, pr = grouped_tau(x, y, groups), kendalltau(x, y).statistic, pearsonr(x, y).statistic
            cells[name].append(f"{gt:.3f} / {tb:.3f} / {pr:.3f}")
        flu = series["fluency"]
        with_error, major = y <= -1.0, y <= -5.0
        means.append(
            f"{flu[~with_error].mean():.1f} (n {int((~with_error).sum())}) / {flu[with_error].mean():.1f} "
            f"(n {int(with_error.sum())}) / {flu[major].mean():.1f} (n {int(major.sum())})"
        )
    for name, row in cells.items():
        print(f"| {name} | " + " | ".join(row) + " |")
    print("| mean fluency: no fluency error / penalty >= 1 / >= 5 | " + " | ".join(means) + " |")


def da_table(scorer: Scorer, data: Path, per_lp: int) -> None:
    """Pearson with da_z_mean on the DA dev sets (reference-free)."""
    print("\n## MLQE-PE DA dev (reference-free): Pearson r with da_z_mean\n")
    cols = [c for c in COLUMNS if c[1] == "src"]
    heads = scorer.weights.src_heads
    head_col = "src_qe (quality head alone)"
    print("| lp | " + " | ".join(c[0] for c in cols) + (f" | {head_col}" if heads else "") + " |")
    print("|" + "---|" * (len(cols) + 1 + bool(heads)))
    avg: dict[str, list[float]] = defaultdict(list)
    for lp in ds.DA_LPS:
        rows = ds.da(data, lp, "dev")
        rows = rows[:: max(1, len(rows) // per_lp)][:per_lp] if per_lp > 0 else rows
        segs = [r.segment for r in rows]
        scores = run(scorer, segs)
        y = np.array([r.label for r in rows])
        cells = []
        for name, _, fn in cols:
            x = np.array([fn(sc, sc, s) for sc, s in zip(scores, segs, strict=True)])
            r = pearsonr(x, y).statistic
            avg[name].append(r)
            cells.append(f"{r:.3f}")
        if heads is not None:
            qe = quality_estimates(heads, scorer.config.src_encoder, segs)
            r = pearsonr(np.array([qe.get(i, np.nan) for i in range(len(segs))]), y).statistic
            avg[head_col].append(r)
            cells.append(f"{r:.3f}")
        print(f"| {lp} | " + " | ".join(cells) + " |")
    names = [c[0] for c in cols] + ([head_col] if heads else [])
    print("| **average** | " + " | ".join(f"{np.mean(avg[n]):.3f}" for n in names) + " |")


def demetr_table(scorer: Scorer, data: Path, per_type: int) -> None:
    """Share of held-out DEMETR pairs where the good translation scores strictly higher (ties count as misses)."""
    print("\n## DEMETR held-out ids (id % 5 == 0): ranking accuracy, good > perturbed (ties = miss)\n")
    pairs = ds.demetr(data, "dev")
    if per_type > 0:
        seen: dict[str, int] = defaultdict(int)
        kept = []
        for p in pairs:
            seen[p.type] += 1
            if seen[p.type] <= per_type:
                kept.append(p)
        pairs = kept
    good = [p.good for p in pairs]
    bad = [p.bad for p in pairs]
    g_ref, b_ref = run(scorer, good), run(scorer, bad)
    g_src, b_src = run(scorer, [strip_ref(s) for s in good]), run(scorer, [strip_ref(s) for s in bad])
    cm = [i for i, p in enumerate(pairs) if p.severity in ("critical", "major")]
    for label, g, b in (("with ref", g_ref, b_ref), ("no ref", g_src, b_src)):
        overall = [b[i]["overall"] for i in cm] + [g[i]["overall"] for i in cm]
        band_stats(
            scorer,
            f"DEMETR held out critical+major perturbed vs good, {label}",
            overall,
            [True] * len(cm) + [False] * len(cm),
        )
    by_type: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pairs):
        by_type[p.type].append(i)
    names = [c[0] for c in COLUMNS]
    print("| perturbation | n | " + " | ".join(names) + " |")
    print("|" + "---|" * (len(names) + 2))
    crit_major: dict[str, list[float]] = defaultdict(list)
    for t in sorted(by_type, key=lambda t: ({"critical": 0, "major": 1, "minor": 2}.get(t.split("_")[0], 3), t)):
        idx = by_type[t]
        cells = []
        for name, _, fn in COLUMNS:
            gx = np.array([fn(g_ref[i], g_src[i], good[i]) for i in idx])
            bx = np.array([fn(b_ref[i], b_src[i], bad[i]) for i in idx])
            acc = float(np.mean(bx >= gx)) if t == "base_id35_reference" else float(np.mean(gx > bx))
            if t.startswith(("critical", "major")):
                crit_major[name].append(acc)
            cells.append(f"{acc:.3f}")
        label = t + (" (pert >= good)" if t == "base_id35_reference" else "")
        print(f"| {label} | {len(idx)} | " + " | ".join(cells) + " |")
    print("| **avg critical+major** | | " + " | ".join(f"{np.mean(crit_major[n]):.3f}" for n in names) + " |")


def throughput(scorer: Scorer, data: Path, n: int = 1000) -> None:
    """Segments/s of the full scorer (cold encoder caches) next to sacrebleu's four metrics alone."""
    print("\n## Throughput (segments/s, batch 64, cold encoder caches; box shared with other jobs)\n")
    print("| input | auditor scores (src + ref) | auditor (src only) | sacrebleu BLEU+chrF+chrF+++TER |")
    print("|---|---|---|---|")
    mqm_segs = [r.segment for r in ds.mqm(data, "tedtalks2021")][:n]
    dm = ds.demetr(data, "dev")
    en_segs = [p.bad for p in dm[: n // 2]] + [p.good for p in dm[: n // 2]]
    for label, segs in (("en-de MQM (USE for both)", mqm_segs), ("X-en DEMETR (USE for both)", en_segs)):
        rates = []
        for batch in (segs, [strip_ref(s) for s in segs]):  # the real path: no feature cache
            for name in ("use-m3", "minilm"):
                get_encoder(name)._cache.clear()
            t0 = time.perf_counter()
            for i in range(0, len(batch), 64):
                scorer.score(batch[i : i + 64])
            rates.append(len(batch) / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for s in segs:
            surface_metrics(s.mt, s.ref or "", s.tgt_lang)
        sb = len(segs) / (time.perf_counter() - t0)
        print(f"| {label}, {len(segs)} segs | {rates[0]:.0f} | {rates[1]:.0f} | {sb:.0f} |")


def main() -> None:
    """Run every table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--only", choices=["mqm", "da", "demetr", "speed", "quality"], default=None)
    ap.add_argument("--threads", type=int, default=1, help="encoder threads (1 is fastest on a busy 2-core box)")
    ap.add_argument("--cache", type=Path, default=None, help="feature cache (default: the training command's, in /tmp)")
    ap.add_argument(
        "--model-only", action="store_true", help="scores from the models alone, without the checks' findings"
    )
    ap.add_argument("--mqm-groups", type=int, default=150, help="source segments per held-out MQM set (0 = all)")
    ap.add_argument("--da-per-lp", type=int, default=400, help="DA dev rows per language pair (0 = all)")
    ap.add_argument("--demetr-per-type", type=int, default=80, help="held-out DEMETR pairs per type (0 = all)")
    ap.add_argument("--speed-n", type=int, default=400, help="segments per throughput run")
    ap.add_argument("--weights", default=None, help="a scoring weights JSON (default: the shipped file)")
    ap.add_argument("--src-encoder", default=AuditorConfig.src_encoder, help="source-side encoder of the weights")
    ap.add_argument(
        "--token-encoder",
        default=AuditorConfig.token_encoder,
        choices=TOKEN_ENCODERS,
        help="e5-small: the token-match features and their weights (scoring_v1-tokens.json)",
    )
    args = ap.parse_args()
    if args.token_encoder == "none":
        COLUMNS[:] = [c for c in COLUMNS if c[0] != "token F MT-ref"]
    torch.set_num_threads(args.threads)
    _LOADED["use-m3"] = CachedEncoder(UseEncoder(threads=args.threads))
    # TER for the baseline row; the model ignores it
    scorer = Scorer(
        AuditorConfig(ter=True, weights=args.weights, src_encoder=args.src_encoder, token_encoder=args.token_encoder)
    )
    # warm up: load encoders and tokenizers outside the timed parts
    scorer.score([Segment("w", "Ein Test.", "A test.", "Ein Test.", "en", "de")])
    scorer.score([Segment("w", "A test.", "Ein Test.", "A test.", "de", "en")])
    global CACHE, RUNNER
    CACHE = FeatureCache(args.cache or default_feature_cache(scorer.config), scorer, scorer.weights.src_heads)
    RUNNER = None if args.model_only else CheckRunner(AuditorConfig(src_encoder=args.src_encoder))
    print("Scores:", "models only (no findings)" if args.model_only else "models plus the checks' findings")
    print("Trained on:", scorer.weights.meta.get("trained_on", "?"))
    print("Weights:", scorer.weights.file_name, scorer.weights.sha256[:16])
    if args.only in (None, "quality", "mqm"):
        mqm_table(scorer, args.data, args.mqm_groups)
    if args.only in (None, "quality", "da"):
        da_table(scorer, args.data, args.da_per_lp)
    if args.only in (None, "quality", "demetr"):
        demetr_table(scorer, args.data, args.demetr_per_type)
    if BAND_LINES:
        w = scorer.weights
        print(f"\n## Bands (review line {w.review_line}, reject line {w.reject_line})\n")
        print("| set | n bad | bad below review | bad below reject | n good | good banded ok |")
        print("|---|---|---|---|---|---|")
        print("\n".join(BAND_LINES))
    if args.only in (None, "speed"):
        throughput(scorer, args.data, args.speed_n)


if __name__ == "__main__":
    main()
