"""Detection benchmark for the registered checks: DEMETR perturbations, MQM error spans and WMT21 CED.

Runs every check registered in `auditor.checks` (every module there is imported, so new checks are picked up)
directly on `CheckContext(Segment(...))`, and prints three tables:

1. DEMETR: for each perturbation type, the share of perturbed translations with a finding of a matching category
   (any severity, and with severity >= the perturbation's class), and the share of good translations with any
   major/critical finding (false flags) or with a finding of the matching category; with the reference and
   with the source only.
2. MQM (en-de, generalMT2023_sxs and tedtalks2021): character-level precision/recall/F1 of target-side finding
   spans against rater spans per top-level category, next to a flag-the-whole-segment baseline.
3. CED dev: Matthews correlation of "has a critical finding" with the critical-error label.

Usage: python bench/detect_bench.py --data ../shared/data [--checks all|name,name] [--limit N] [--only demetr,mqm,ced]
       [--types DEMETR_TYPE,...] [--show DEMETR_TYPE|good] [--fluency-model fast|lm] [--held-out|--train-ids]
       (--show prints the misses, or the good MT flagged; `--fluency-model lm` adds the checks that run with it)
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import math
import pkgutil
import sys
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import auditor.checks
from auditor.checks.base import CHECKS, Check, CheckContext
from auditor.config import AuditorConfig
from auditor.scoring.datasets import DEMETR_LANGS
from auditor.types import Category, Finding, Segment, Severity, Side

C = Category
# DEMETR perturbation -> categories whose findings count as detecting it (None: any category).
DEMETR_CATEGORIES: dict[str, set[Category] | None] = {
    "critical_id10_numbers_replaced": {C.MISTRANSLATION},
    "critical_id11_gender": {C.MISTRANSLATION},
    "critical_id20_shuffled": {C.GRAMMAR, C.AWKWARD, C.MISTRANSLATION},
    "critical_id21_adj_adv_removed": {C.OMISSION},
    "critical_id22_verb_removed": {C.OMISSION, C.GRAMMAR},
    "critical_id23_noun_removed": {C.OMISSION},
    "critical_id24_subj_removed": {C.OMISSION, C.GRAMMAR},
    "critical_id25_ne_removed": {C.OMISSION},
    "critical_id4_codemix": {C.UNTRANSLATED, C.NON_TRANSLATION},
    "critical_id6_addition": {C.ADDITION},
    "critical_id7_antonym": {C.MISTRANSLATION},
    "critical_id8_negation": {C.MISTRANSLATION},
    "critical_id9_ne_replaced": {C.MISTRANSLATION},
    "major_id17_tense": {C.MISTRANSLATION, C.GRAMMAR},
    "major_id18_aspect": {C.MISTRANSLATION, C.GRAMMAR},
    "major_id19_question": {C.MISTRANSLATION, C.GRAMMAR, C.PUNCTUATION},
    "major_id3_hypernym": {C.MISTRANSLATION},
    "major_id5_pp_removed": {C.OMISSION},
    "minor_id12_conj_removed": {C.OMISSION, C.GRAMMAR},
    "minor_id13_pos_shift": {C.GRAMMAR},
    "minor_id14_word_swap": {C.GRAMMAR, C.AWKWARD},
    "minor_id15_case": {C.GRAMMAR},
    "minor_id16_function_word": {C.GRAMMAR, C.MISTRANSLATION},
    "minor_id1_repeat2": {C.GRAMMAR, C.ADDITION, C.AWKWARD},
    "minor_id2_repeat4": {C.GRAMMAR, C.ADDITION, C.AWKWARD},
    "minor_id26_misspelled": {C.SPELLING},
    "minor_id27_char_removed": {C.SPELLING},
    "minor_id28_final_punc_removed": {C.PUNCTUATION},
    "minor_id29_punc_addition": {C.PUNCTUATION},
    "minor_id30_tokenized": {C.PUNCTUATION},
    "minor_id31_full_lower": {C.SPELLING, C.GRAMMAR},
    "minor_id32_first_lower": {C.SPELLING, C.GRAMMAR},
    "base_id33_empty": None,
    "base_id33_shuffle_trans": {C.MISTRANSLATION, C.OMISSION, C.ADDITION, C.NON_TRANSLATION},
    "base_id35_reference": set(),  # nothing should be flagged: only the false-flag column is meaningful
}
# Finer MQM categories (prefix of the rater category) -> the finding categories that stand for them.
MQM_FINE: dict[str, set[Category]] = {
    "Fluency/Punctuation": {C.PUNCTUATION},
    "Fluency/Spelling": {C.SPELLING},
    "Fluency/Grammar": {C.GRAMMAR},
    "Accuracy/Source language fragment": {C.UNTRANSLATED, C.NON_TRANSLATION},
    "Accuracy/Untranslated text": {C.UNTRANSLATED, C.NON_TRANSLATION},
    "Accuracy/Mistranslation": {C.MISTRANSLATION},
    "Accuracy/Omission": {C.OMISSION},
    "Accuracy/Addition": {C.ADDITION},
}
SEVERITY_CLASS = {"critical": Severity.CRITICAL, "major": Severity.MAJOR, "minor": Severity.MINOR}


def load_checks(selection: str, fluency_model: str = "fast") -> list[Check]:
    """Import every module of `auditor.checks` and instantiate the selected registered checks."""
    for mod in pkgutil.iter_modules(auditor.checks.__path__):
        importlib.import_module(f"auditor.checks.{mod.name}")
    config = AuditorConfig(fluency_model=fluency_model)
    default = [n for n in sorted(CHECKS) if CHECKS[n].on_by_default(config)]  # as `auditor audit` runs
    names = default if selection == "all" else [n.strip() for n in selection.split(",") if n.strip()]
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        sys.exit(f"unknown checks {unknown}; registered: {sorted(CHECKS)}")
    return [CHECKS[n]() for n in names]


class Runner:
    """Runs the checks on segments, timing each check and counting (not raising) crashes."""

    def __init__(self, checks: list[Check]) -> None:
        self.checks = checks
        self.seconds: defaultdict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.first_error: dict[str, str] = {}

    def run(self, seg: Segment) -> list[Finding]:
        out: list[Finding] = []
        ctx = CheckContext(seg, (seg,), 0)
        for check in self.checks:
            if not check.needs.satisfied_by(seg):
                continue
            t = time.perf_counter()
            try:
                out.extend(check.check_segment(ctx))
            except Exception:
                self.errors[check.name] += 1
                self.first_error.setdefault(check.name, traceback.format_exc(limit=3))
            self.seconds[check.name] += time.perf_counter() - t
            self.calls[check.name] += 1
        return out

    def report(self) -> None:
        print("\n## Check timing (ms per segment) and crashes")
        print(f"{'check':32} {'calls':>7} {'ms/seg':>8} {'crashes':>8}")
        for name in sorted(self.calls, key=lambda n: -self.seconds[n]):
            ms = 1000 * self.seconds[name] / max(1, self.calls[name])
            print(f"{name:32} {self.calls[name]:7d} {ms:8.3f} {self.errors[name]:8d}")
        for name, tb in self.first_error.items():
            print(f"\n[{name}] first crash:\n{tb}")


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            yield json.loads(line)


def pct(num: int, den: int) -> str:
    return f"{100 * num / den:5.1f}" if den else "   - "


def _in_split(row_id: int, split: str) -> bool:
    """Whether a DEMETR row id belongs to `split` ("all", "held-out": id % 5 == 0, "train": the rest)."""
    return split == "all" or (row_id % 5 == 0) == (split == "held-out")


def bench_demetr(
    data: Path,
    runner: Runner,
    limit: int | None,
    show: str | None = None,
    types: str | None = None,
    split: str = "all",
) -> None:
    """Table 1: detection rate per perturbation type and false flags on the good translations.

    `split`: "all" ids, "held-out" (id % 5 == 0, which no weights or thresholds are fitted on) or "train" (the rest).
    """
    files = sorted((data / "demetr").glob("*.jsonl.gz"))
    if types:
        files = [f for f in files if f.name.removesuffix(".jsonl.gz") in types.split(",")]
    modes = {"ref": True, "src": False}
    which = {"all": "all ids", "held-out": "held-out ids (id % 5 == 0)", "train": "train ids (id % 5 != 0)"}[split]
    print(f"\n## DEMETR detection (rows with pert_check true, {which}; --limit per file)")
    print("det = perturbed MT with a finding of a matching category; det+sev = same with severity >= class;")
    print("good-cat = good MT with a matching-category finding (false alarms of the same kind);")
    print("ref = source and reference given, src = source only; false flags (major/critical on good MT) at the end\n")
    header = f"{'perturbation':34} {'n':>5}"
    for mode in modes:
        header += f" | {mode + ':det':>9} {'det+sev':>7} {'good-cat':>8}"
    print(header)
    good_seen: dict[str, dict[tuple[str, int], bool]] = {m: {} for m in modes}
    flagged_by: dict[str, Counter[str]] = {m: Counter() for m in modes}
    totals: dict[str, dict[str, list[int]]] = {m: defaultdict(lambda: [0, 0, 0]) for m in modes}
    for path in files:
        ptype = path.name.removesuffix(".jsonl.gz")
        rows = [r for r in read_jsonl(path) if r.get("pert_check") and _in_split(int(r["id"]), split)]
        if limit is not None:
            rows = rows[:limit]
        cats = DEMETR_CATEGORIES.get(ptype)
        sev_class = SEVERITY_CLASS.get(ptype.split("_")[0], Severity.CRITICAL)
        line = f"{ptype:34} {len(rows):5d}"
        for mode, with_ref in modes.items():
            det = det_sev = good_cat = 0
            for r in rows:
                lang = DEMETR_LANGS.get(r["source_lang"], r["source_lang"])
                ref = r["reference"] if with_ref else None
                pert = Segment(f"{ptype}:{r['id']}", r["mt_perturbed"], r["source"], ref, lang, "en")
                good = Segment(f"good:{r['id']}", r["mt_good"], r["source"], ref, lang, "en")
                fp = runner.run(pert)
                fg = runner.run(good)
                key = (r["source_lang"], r["id"])
                if key not in good_seen[mode]:
                    serious = {f.check for f in fg if f.severity.rank >= Severity.MAJOR.rank}
                    good_seen[mode][key] = bool(serious)
                    flagged_by[mode].update(serious)
                    if serious and show == "good":
                        print(f"    [{mode} good] {sorted(serious)}: {r['mt_good']}")
                match = [f for f in fp if cats is None or f.category in cats]
                det += bool(match)
                if show == ptype and not match:
                    print(f"    [{mode} miss] {r['mt_perturbed']}")
                det_sev += any(f.severity.rank >= sev_class.rank for f in match)
                good_cat += any(cats is None or f.category in cats for f in fg) if cats else 0
            line += f" | {pct(det, len(rows)):>9} {pct(det_sev, len(rows)):>7} {pct(good_cat, len(rows)):>8}"
            group = ptype.split("_")[0]
            t = totals[mode][group]
            t[0] += det
            t[1] += det_sev
            t[2] += len(rows)
        print(line)
    for mode in modes:
        flags = good_seen[mode]
        n_flag = sum(flags.values())
        print(
            f"\n[{mode}] good translations with a major/critical finding: {n_flag}/{len(flags)} = "
            f"{pct(n_flag, len(flags)).strip()}%"
        )
        print(f"[{mode}] ... flagged by: {dict(flagged_by[mode].most_common())}")
        for group, (d, ds, n) in sorted(totals[mode].items()):
            print(f"[{mode}] {group:8} det {pct(d, n).strip()}%  det+sev {pct(ds, n).strip()}%  (n={n})")


def _mqm_top(category: str) -> str:
    """Top-level MQM category ("Fluency/Punctuation" -> "Fluency", "Non-translation!" -> "Non-translation")."""
    return category.split("/")[0].rstrip("!")


def bench_mqm(data: Path, runner: Runner, limit: int | None) -> None:
    """Table 2: character-level span P/R/F1 per top-level category against a whole-segment baseline."""
    print("\n## MQM span detection (target-side spans, char level, union of raters; base = flag whole segment)")
    for name in ("generalMT2023_sxs", "tedtalks2021"):
        path = data / "mqm" / f"{name}.en-de.jsonl.gz"
        if not path.exists():
            continue
        tp: Counter[str] = Counter()
        pred: Counter[str] = Counter()
        gold: Counter[str] = Counter()
        chars: Counter[str] = Counter()
        n = 0
        for r in read_jsonl(path, limit):
            if r.get("errors") is None:
                continue
            n += 1
            mt = r["mt"]
            gold_sets: dict[str, set[int]] = defaultdict(set)
            for e in r["errors"]:
                if e.get("span_side") != "target" or e["span_end"] <= e["span_start"]:
                    continue
                chars_e = range(e["span_start"], min(e["span_end"], len(mt)))
                gold_sets[_mqm_top(e["category"])].update(chars_e)
                for fine in MQM_FINE:
                    if e["category"].startswith(fine):
                        gold_sets[fine].update(chars_e)
            pred_sets: dict[str, set[int]] = defaultdict(set)
            seg = Segment(f"{name}:{n}", mt, r["source"], r.get("reference"), "en", "de")
            for f in runner.run(seg):
                if f.side is Side.MT:
                    pred_sets[f.category.top_level].update(range(f.span.start, f.span.end))
                    for fine, cats in MQM_FINE.items():
                        if f.category in cats:
                            pred_sets[fine].update(range(f.span.start, f.span.end))
            for cat in set(gold_sets) | set(pred_sets):
                g, p = gold_sets.get(cat, set()), pred_sets.get(cat, set())
                tp[cat] += len(g & p)
                pred[cat] += len(p)
                gold[cat] += len(g)
            chars["*"] += len(mt)
        print(f"\n{name} (n={n} segments)")
        print(f"{'category':34} {'gold':>7} {'pred':>7} {'P':>6} {'R':>6} {'F1':>6} | {'base P':>6} {'base F1':>7}")
        for cat in sorted(set(gold) | set(pred), key=lambda c: ("/" in c, c)):
            prec = tp[cat] / pred[cat] if pred[cat] else 0.0
            rec = tp[cat] / gold[cat] if gold[cat] else 0.0
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            bp = gold[cat] / chars["*"] if chars["*"] else 0.0
            bf = 2 * bp / (bp + 1) if bp else 0.0
            print(f"{cat:34} {gold[cat]:7d} {pred[cat]:7d} {prec:6.3f} {rec:6.3f} {f1:6.3f} | {bp:6.3f} {bf:7.3f}")


def mcc(tp: int, fp: int, fn: int, tn: int) -> float:
    den = math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return (tp * tn - fp * fn) / den if den else 0.0


def bench_ced(data: Path, runner: Runner, limit: int | None) -> None:
    """Table 3: MCC of "has a critical finding" with the CED label (source only)."""
    print("\n## CED dev: 'has a critical finding' vs label (source only)")
    print(f"{'file':24} {'n':>5} {'pos':>5} {'flagged':>8} {'tp':>5} {'MCC':>7}")
    for path in sorted((data / "ced").glob("*dev*.jsonl.gz")):
        tp = fp = fn = tn = 0
        for r in read_jsonl(path, limit):
            src_lang, tgt_lang = r["lp"].split("-")
            seg = Segment(f"ced:{r['id']}", r["mt"], r["source"], None, src_lang, tgt_lang)
            flagged = any(f.severity is Severity.CRITICAL for f in runner.run(seg))
            label = r["label"] == 1
            tp += flagged and label
            fp += flagged and not label
            fn += (not flagged) and label
            tn += (not flagged) and not label
        n = tp + fp + fn + tn
        print(f"{path.name:24} {n:5d} {tp + fn:5d} {tp + fp:8d} {tp:5d} {mcc(tp, fp, fn, tn):7.3f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument(
        "--checks", default="all", help="'all' (every check on by default) or comma-separated check names"
    )
    parser.add_argument("--limit", type=int, default=None, help="rows per file (default: all)")
    parser.add_argument("--only", default="demetr,mqm,ced", help="which tables: demetr,mqm,ced")
    parser.add_argument("--show", default=None, help="print misses of one DEMETR type, or 'good' for false flags")
    parser.add_argument("--types", default=None, help="comma-separated DEMETR types to run (default: all)")
    split = parser.add_mutually_exclusive_group()
    split.add_argument(
        "--held-out", action="store_true", help="DEMETR: only the held-out ids (id %% 5 == 0), not used for training"
    )
    split.add_argument(
        "--train-ids", action="store_true", help="DEMETR: only the other ids (id %% 5 != 0), the ones to tune on"
    )
    parser.add_argument(
        "--fluency-model", default="fast", choices=("fast", "lm"), help="'lm' adds the checks that need the lm model"
    )
    args = parser.parse_args(argv)
    checks = load_checks(args.checks, args.fluency_model)
    print(f"checks: {', '.join(c.name for c in checks)}")
    runner = Runner(checks)
    parts = {p.strip() for p in args.only.split(",")}
    start = time.perf_counter()
    if "demetr" in parts:
        split = "held-out" if args.held_out else "train" if args.train_ids else "all"
        bench_demetr(args.data, runner, args.limit, args.show, args.types, split)
    if "mqm" in parts:
        bench_mqm(args.data, runner, args.limit)
    if "ced" in parts:
        bench_ced(args.data, runner, args.limit)
    runner.report()
    print(f"\ntotal {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
