"""The tag-pair trainer of `unlikely-word-order`: it reproduces the shipped counts from the shared data, and counts
what it is given (a DEMETR-shaped folder written here)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TRAINER = ROOT / "bench" / "train_tag_bigrams.py"
DATA = ROOT / "auditor" / "data" / "checks" / "order" / "en.json"
SHARED = ROOT.parent / "shared" / "data"


def _train(data: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(TRAINER), "--data", str(data), "--out", str(out)], capture_output=True, text=True
    )


@pytest.mark.skipif(not (SHARED / "demetr").is_dir(), reason="../shared/data is not here")
def test_trainer_reproduces_the_shipped_counts(tmp_path: Path) -> None:
    out = tmp_path / "en.json"
    done = _train(SHARED, out)
    assert done.returncode == 0, done.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(DATA.read_text(encoding="utf-8"))


def test_trainer_counts_the_train_ids_only(tmp_path: Path) -> None:
    demetr = tmp_path / "data" / "demetr"
    demetr.mkdir(parents=True)
    rows = [
        {"id": 1, "source_lang": "german", "mt_good": "The bridge closed.", "reference": "The bridge was closed."},
        {"id": 5, "source_lang": "german", "mt_good": "Held out words here.", "reference": "Held out."},
    ]
    with gzip.open(demetr / "critical_id1_test.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "en.json"
    done = _train(tmp_path / "data", out)
    assert done.returncode == 0, done.stderr
    counts = json.loads(out.read_text(encoding="utf-8"))
    assert counts["tag_counts"]["<s>"] == 2  # two sentences of id 1; id 5 (id % 5 == 0) is held out
    assert counts["tag_pair_counts"]["<s> DT"] == 2
    assert counts["tag_pair_counts"][". </s>"] == 2


def test_trainer_without_demetr_files_says_so(tmp_path: Path) -> None:
    done = _train(tmp_path, tmp_path / "en.json")
    assert done.returncode != 0 and "no DEMETR files" in done.stderr
    assert not (tmp_path / "en.json").exists()


def test_trainer_adds_the_unedited_translations_into_english(tmp_path: Path) -> None:
    """MLQE-PE train MTs that needed no post-edit (hter 0) are counted; edited ones and the dev split are not."""
    demetr, da = tmp_path / "data" / "demetr", tmp_path / "data" / "da"
    demetr.mkdir(parents=True)
    da.mkdir()
    row = {"id": 1, "source_lang": "german", "mt_good": "The bridge closed.", "reference": "The bridge was closed."}
    with gzip.open(demetr / "critical_id1_test.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
    for split, rows in (
        ("train", [{"mt": "Why did it close?", "hter": 0}, {"mt": "Bridge it close why?", "hter": 0.5}]),
        ("dev", [{"mt": "Who closed it?", "hter": 0}]),
    ):
        with gzip.open(da / f"ru-en.{split}.jsonl.gz", "wt", encoding="utf-8") as handle:
            handle.write("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "en.json"
    done = _train(tmp_path / "data", out)
    assert done.returncode == 0, done.stderr
    counts = json.loads(out.read_text(encoding="utf-8"))
    assert counts["tag_counts"]["<s>"] == 3  # two DEMETR sentences and the one unedited question
    assert counts["tag_pair_counts"]["<s> WRB"] == 1
    assert counts["tag_pair_counts"][". </s>"] == 3
    assert "1 MLQE-PE train translations" in counts["_trained"]
