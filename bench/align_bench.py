"""Benchmark of document alignment on MQM en-de news documents with synthetic merges, splits and drops.

Documents are built from ../shared/data/mqm (newstest2021 has no document ids: its segments, in test-set order, are
cut into chunks of --chunk segments; generalMT2023_sxs is grouped by doc_id), one document per system. Each
segment's MT is paired with its reference (task mt-ref) and with its source (task mt-src). With a fixed seed the
other side is perturbed: adjacent sentences merged (gold bead 2-1), a sentence split at a comma or conjunction
(1-2), a sentence dropped (1-0); an MT sentence is dropped too (0-1). Accuracy is the share of gold beads of a type
that the aligner returns exactly.

    python bench/align_bench.py --data ../shared/data
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from auditor.alignment import AlignParams, Bead, align_sentences
from auditor.embeddings import get_encoder, resolve_ref_encoder

FILES = ("newstest2021.en-de.jsonl.gz", "generalMT2023_sxs.en-de.jsonl.gz")
_SPLIT_AT = re.compile(r",\s+|\s+(?=(?:und|aber|doch|während|weil|denn|and|but|while|because|as)\s)")

BeadKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Doc:
    """One system's translation of one document: MT, source and reference sentences, aligned 1-1."""

    name: str
    mt: list[str]
    src: list[str]
    ref: list[str]


@dataclass(frozen=True)
class Case:
    """A perturbed pair of sentence lists with the gold beads."""

    mt: list[str]
    other: list[str]
    gold: list[BeadKey]


def load_docs(data: Path, chunk: int) -> Iterator[Doc]:
    """Documents per (file, system, doc_id) with segments in seg_id order; skips rows without a reference."""
    for name in FILES:
        groups: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
        with gzip.open(data / "mqm" / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if not row.get("reference") or not row.get("mt") or row["mt"] == row["reference"]:
                    continue
                groups[(row["system"], str(row.get("doc_id")))].append(row)
        for (system, doc_id), rows in sorted(groups.items()):
            rows.sort(key=lambda r: int(r["seg_id"]))
            size = chunk if doc_id == "None" else len(rows)
            for k in range(0, len(rows), size):
                part = rows[k : k + size]
                yield Doc(
                    f"{name}:{system}:{doc_id}:{k}",
                    [r["mt"] for r in part],
                    [r["source"] for r in part],
                    [r["reference"] for r in part],
                )


def split_sentence(text: str) -> tuple[str, str] | None:
    """Split at the comma or conjunction nearest the middle, both halves at least a quarter long."""
    best: tuple[float, int, int] | None = None
    for m in _SPLIT_AT.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        if min(len(left), len(right)) < len(text) / 4 or len(left.split()) < 3 or len(right.split()) < 3:
            continue
        dist = abs(m.start() - len(text) / 2)
        if best is None or dist < best[0]:
            best = (dist, m.start(), m.end())
    if best is None:
        return None
    _, start, end = best
    left = text[:start].rstrip(" ,;") + "."
    right = text[end:].strip()
    return left, right[:1].upper() + right[1:]


def perturb(mt: list[str], other: list[str], rng: random.Random, rates: dict[str, float]) -> Case:
    """Perturb a 1-1 aligned pair of lists; returns the new lists and the gold beads (MT-other)."""
    out_mt: list[str] = []
    out_other: list[str] = []
    gold: list[BeadKey] = []
    k = 0
    while k < len(mt):
        r = rng.random()
        i, j = len(out_mt), len(out_other)
        if r < rates["drop_other"]:
            out_mt.append(mt[k])
            gold.append(((i,), ()))
        elif r < rates["drop_other"] + rates["drop_mt"]:
            out_other.append(other[k])
            gold.append(((), (j,)))
        elif r < rates["drop_other"] + rates["drop_mt"] + rates["merge"] and k + 1 < len(mt):
            out_mt += [mt[k], mt[k + 1]]
            out_other.append(other[k] + " " + other[k + 1])
            gold.append(((i, i + 1), (j,)))
            k += 1
        elif r < sum(rates.values()) and (halves := split_sentence(other[k])) is not None:
            out_mt.append(mt[k])
            out_other += list(halves)
            gold.append(((i,), (j, j + 1)))
        else:
            out_mt.append(mt[k])
            out_other.append(other[k])
            gold.append(((i,), (j,)))
        k += 1
    return Case(out_mt, out_other, gold)


def bead_type(key: BeadKey) -> str:
    return f"{len(key[0])}-{len(key[1])}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data"), help="folder of the shared data")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--chunk", type=int, default=20, help="segments a document for newstest2021 (no doc ids)")
    ap.add_argument("--limit", type=int, default=0, help="at most this many documents (0: all)")
    ap.add_argument("--merge", type=float, default=0.08, help="rate of merged other-side sentences (2-1)")
    ap.add_argument("--split", type=float, default=0.08, help="rate of split other-side sentences (1-2)")
    ap.add_argument("--drop-other", type=float, default=0.03, help="rate of dropped other-side sentences (1-0)")
    ap.add_argument("--drop-mt", type=float, default=0.03, help="rate of dropped MT sentences (0-1)")
    ap.add_argument("--band", type=int, default=8)
    ap.add_argument("--tasks", default="mt-ref,mt-src")
    for field, value in AlignParams().__dict__.items():
        ap.add_argument("--" + field.replace("_", "-"), type=type(value), default=value)
    args = ap.parse_args()
    params = AlignParams(**{f: getattr(args, f) for f in AlignParams().__dict__})
    rates = {"drop_other": args.drop_other, "drop_mt": args.drop_mt, "merge": args.merge, "split": args.split}

    docs = list(load_docs(args.data, args.chunk))
    if args.limit:
        docs = random.Random(args.seed).sample(docs, min(args.limit, len(docs)))
    encoders = {"mt-ref": get_encoder(resolve_ref_encoder("auto", "de")), "mt-src": get_encoder("use-m3")}
    tasks = [t for t in args.tasks.split(",") if t]
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    conf: dict[bool, list[float]] = {True: [], False: []}
    align_s, total_s, n_align = 0.0, 0.0, 0
    for task in tasks:
        rng = random.Random(f"{args.seed}:{task}")
        enc = encoders[task]
        for doc in docs:
            t0 = time.perf_counter()
            case = perturb(doc.mt, doc.ref if task == "mt-ref" else doc.src, rng, rates)
            mt_v, other_v = enc.encode(case.mt), enc.encode(case.other)
            t1 = time.perf_counter()
            beads = align_sentences(
                mt_v, other_v, [len(s) for s in case.mt], [len(s) for s in case.other], band=args.band, params=params
            )
            t2 = time.perf_counter()
            align_s += t2 - t1
            total_s += t2 - t0
            n_align += 1
            found: dict[BeadKey, Bead] = {(b.mt, b.other): b for b in beads}
            for key in case.gold:
                hit = key in found
                c = counts[(task, bead_type(key))]
                c[0] += 1
                c[1] += int(hit)
            gold = set(case.gold)
            for key, b in found.items():
                conf[key in gold].append(b.confidence)

    print(
        f"documents: {len(docs)} x tasks {tasks} = {n_align} alignments; seed {args.seed}; encoders "
        + ", ".join(f"{t}={encoders[t].name}" for t in tasks)
    )
    print(f"{'task':<8} {'bead':<5} {'count':>6} {'accuracy':>9}")
    order = ["1-1", "1-2", "2-1", "1-0", "0-1"]
    for task in [*tasks, "all"]:
        for kind in order:
            if task == "all":
                total = sum(counts[(t, kind)][0] for t in tasks)
                hits = sum(counts[(t, kind)][1] for t in tasks)
            else:
                total, hits = counts[(task, kind)]
            if total:
                print(f"{task:<8} {kind:<5} {total:>6} {hits / total:>9.4f}")
        total = sum(v[0] for (t, _), v in counts.items() if task in ("all", t))
        hits = sum(v[1] for (t, _), v in counts.items() if task in ("all", t))
        print(f"{task:<8} {'all':<5} {total:>6} {hits / total:>9.4f}")
    right, wrong = conf[True], conf[False]
    for label, values in (("correct", right), ("wrong", wrong)):
        if values:
            arr = np.array(values)
            print(
                f"{label} predicted beads: {len(arr)}, mean confidence {arr.mean():.3f}, "
                f"{np.mean(arr < 0.5):.1%} below 0.5"
            )
    print(f"speed: {n_align / align_s:.1f} documents/s aligning, {n_align / total_s:.1f} documents/s with encoding")


if __name__ == "__main__":
    main()
