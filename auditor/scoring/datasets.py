"""Readers for the public judgment data used by training and benchmarks (path given by the caller).

Splits are fixed here so training and benchmarks agree: MQM newstest2021 is split by source segment
(`seg_id % 5 == 0` is dev), DEMETR by item id (`id % 5 == 0` is held out); DA and CED come with train/dev files.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Segment

DEMETR_LANGS = {
    "chinese_simple": "zh",
    "german": "de",
    "hindi": "hi",
    "japanese": "ja",
    "polish": "pl",
    "russian": "ru",
    "czech": "cs",
    "spanish": "es",
}
DA_LPS = ("en-de", "en-zh", "et-en", "ne-en", "ro-en", "ru-en", "si-en")
CED_LPS = ("en-cs", "en-de", "en-ja", "en-zh")


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a gzipped JSON Lines file."""
    if not path.exists():
        raise InputError(f"data file {path} not found", fix="pass --data pointing at the shared data folder")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


@dataclass(frozen=True)
class MqmRow:
    """One rated MT output: the segment (src, MT, ref), the source id and the MQM penalty (higher = worse)."""

    segment: Segment
    group: str
    mqm: float
    fluency_mqm: float | None = None  # the penalty's Fluency/* part (per rater, as `mqm`); None without error lists


def _is_fluency(error: dict[str, object]) -> bool:
    return str(error.get("category") or "").startswith("Fluency")


def mqm(data: Path, name: str, split: str | None = None, mt_only: bool = True) -> list[MqmRow]:
    """MQM rows with a reference; `split` "train"/"dev" selects by seg_id for newstest2021, None keeps all.

    `mt_only` drops human translations rated as if they were systems (`ref-A`, `refA`, ...).
    """
    out = []
    for i, d in enumerate(read_jsonl(data / "mqm" / f"{name}.en-de.jsonl.gz")):
        if d["reference"] is None or d["mqm_score"] is None:
            continue
        if mt_only and str(d["system"]).lower().startswith(("ref", "human")):
            continue
        is_dev = int(d["seg_id"]) % 5 == 0
        if (split == "dev" and not is_dev) or (split == "train" and is_dev):
            continue
        group = f"{d['doc_id']}|{d['seg_id']}"
        seg = Segment(f"{name}:{i}", d["mt"] or "", d["source"], d["reference"], "en", "de")
        errors = d.get("errors")
        fluency = None
        if errors is not None:
            fluency = sum(float(e.get("weight") or 0.0) for e in errors if _is_fluency(e))
            fluency /= max(1, int(d.get("n_raters") or 1))
        out.append(MqmRow(seg, group, float(d["mqm_score"]), fluency))
    return out


@dataclass(frozen=True)
class DemetrPair:
    """A good translation and its perturbed copy, with source and reference."""

    type: str
    severity: str
    id: int
    good: Segment
    bad: Segment


def demetr(data: Path, split: str) -> list[DemetrPair]:
    """DEMETR pairs with the perturbation applied; split "train" (id % 5 != 0) or "dev" (id % 5 == 0)."""
    out = []
    for path in sorted((data / "demetr").glob("*.jsonl.gz")):
        for d in read_jsonl(path):
            if not d.get("pert_check") or (int(d["id"]) % 5 == 0) != (split == "dev"):
                continue
            lang = DEMETR_LANGS.get(d["source_lang"], d["source_lang"])
            key = f"{d['perturbation_type']}:{d['id']}"
            good = Segment(key + ":good", d["mt_good"] or "", d["source"], d["reference"], lang, "en")
            bad = Segment(key + ":bad", d["mt_perturbed"] or "", d["source"], d["reference"], lang, "en")
            out.append(DemetrPair(d["perturbation_type"], d["severity_class"], int(d["id"]), good, bad))
    return out


@dataclass(frozen=True)
class LabelledRow:
    """A reference-free segment with a human label (DA z-score or CED critical-error flag)."""

    segment: Segment
    lp: str
    label: float


def da(data: Path, lp: str, split: str) -> list[LabelledRow]:
    """MLQE-PE direct assessments: label is `da_z_mean` (higher = better)."""
    src, tgt = lp.split("-")
    return [
        LabelledRow(Segment(f"da:{lp}:{d['segid']}", d["mt"] or "", d["source"], None, src, tgt), lp, d["da_z_mean"])
        for d in read_jsonl(data / "da" / f"{lp}.{split}.jsonl.gz")
    ]


def ced(data: Path, lp: str, split: str) -> list[LabelledRow]:
    """WMT21 critical error detection: label 1 = critical error."""
    src, tgt = lp.split("-")
    return [
        LabelledRow(Segment(f"ced:{lp}:{d['id']}", d["mt"] or "", d["source"], None, src, tgt), lp, float(d["label"]))
        for d in read_jsonl(data / "ced" / f"{lp}.{split}.jsonl.gz")
    ]
