"""The built-in USE encoder: the disk-cached model gives the same vectors as a fresh one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from auditor.embeddings import UseEncoder, cosine_rows

TEXTS = ["Almeno sette persone sono morte nel sud-est.", "At least seven people died in the south-east.", ""]


def test_cached_model_matches_a_fresh_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_CACHE_DIR", "off")
    fresh = UseEncoder().encode(TEXTS)
    monkeypatch.setenv("AUDITOR_CACHE_DIR", str(tmp_path))
    first = UseEncoder().encode(TEXTS)  # builds and stores the model
    assert [p.suffix for p in tmp_path.iterdir()] == [".pickle"]
    second = UseEncoder().encode(TEXTS)  # loads it
    assert np.array_equal(fresh, first) and np.array_equal(fresh, second)
    assert fresh.shape == (3, 512)
    assert float(cosine_rows(fresh[:1], fresh[1:2])[0]) > 0.7  # a translation pair stays close
