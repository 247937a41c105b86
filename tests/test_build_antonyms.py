"""The antonym list builder: it reproduces the shipped derived pairs from WordNet, and says what is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILDER = ROOT / "bench" / "build_antonyms.py"
DATA = ROOT / "auditor" / "data" / "checks" / "antonym" / "en.json"
WORDNET = Path("/usr/share/wordnet")


@pytest.mark.skipif(not (WORDNET / "data.adj").is_file(), reason="WordNet not installed (apt-get install wordnet-base)")
def test_builder_reproduces_the_shipped_pairs(tmp_path: Path) -> None:
    out = tmp_path / "en.json"
    shutil.copy(DATA, out)
    done = subprocess.run([sys.executable, str(BUILDER), "--out", str(out)], capture_output=True, text=True, check=True)
    assert "derived pairs written" in done.stdout
    assert out.read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8")


def test_builder_without_wordnet_says_how_to_get_it(tmp_path: Path) -> None:
    out = tmp_path / "en.json"
    shutil.copy(DATA, out)
    done = subprocess.run(
        [sys.executable, str(BUILDER), "--wordnet", str(tmp_path / "missing"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "apt-get install wordnet-base" in done.stderr
    assert out.read_text(encoding="utf-8") == DATA.read_text(encoding="utf-8")  # nothing written


def test_builder_refuses_a_missing_data_file(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BUILDER), "--wordnet", str(tmp_path), "--out", str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "does not exist" in done.stderr and "Traceback" not in done.stderr


def test_builder_refuses_a_malformed_data_file(tmp_path: Path) -> None:
    bad = tmp_path / "en.json"
    bad.write_text("{not json", encoding="utf-8")
    wordnet = WORDNET if (WORDNET / "data.adj").is_file() else tmp_path
    done = subprocess.run(
        [sys.executable, str(BUILDER), "--wordnet", str(wordnet), "--out", str(bad)], capture_output=True, text=True
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert bad.read_text(encoding="utf-8") == "{not json"  # left as it was


def test_shipped_list_keeps_the_hand_pairs_apart() -> None:
    doc = json.loads(DATA.read_text(encoding="utf-8"))
    assert ["more", "less"] in doc["pairs"]
    assert all(len(p) == 2 and p[0] < p[1] for p in doc["derived"])
    assert "WordNet 3.0" in doc["_derived_doc"]
