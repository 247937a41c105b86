"""Readers of the shared evaluation data, on small files written here in the same format."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from auditor.scoring import datasets


def write_mqm(folder: Path, rows: list[dict[str, object]]) -> None:
    (folder / "mqm").mkdir(parents=True)
    with gzip.open(folder / "mqm" / "toy.en-de.jsonl.gz", "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")


def row(system: str, errors: list[dict[str, object]], n_raters: int, score: float) -> dict[str, object]:
    return {
        "doc_id": "d1",
        "seg_id": 3,
        "system": system,
        "source": "The shop opens at nine.",
        "mt": "Der Laden öffnet um neun.",
        "reference": "Das Geschäft öffnet um neun.",
        "mqm_score": score,
        "n_raters": n_raters,
        "errors": errors,
    }


def test_mqm_rows_carry_the_fluency_part_of_the_penalty(tmp_path: Path) -> None:
    errors = [
        {"category": "Fluency/Grammar", "severity": "Major", "weight": 5.0},
        {"category": "Fluency/Punctuation", "severity": "Minor", "weight": 0.1},
        {"category": "Accuracy/Mistranslation", "severity": "Major", "weight": 5.0},
    ]
    write_mqm(tmp_path, [row("sysA", errors, 2, 5.05), row("ref-A", [], 1, 0.0), row("sysB", [], 1, 0.0)])
    first, second = datasets.mqm(tmp_path, "toy")  # the human translation rated as a system is left out
    assert first.mqm == 5.05 and first.group == "d1|3"
    assert first.fluency_mqm == pytest.approx(2.55)  # (5 + 0.1) / 2 raters; accuracy errors do not count
    assert second.fluency_mqm == 0.0


def test_mqm_rows_without_error_lists_have_no_fluency_part(tmp_path: Path) -> None:
    write_mqm(tmp_path, [{**row("sysA", [], 1, 3.0), "errors": None}])
    [only] = datasets.mqm(tmp_path, "toy")
    assert only.mqm == 3.0 and only.fluency_mqm is None
