"""Shared fixtures: paths of the project's demo corpus and a session-wide auditor (models load once)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "corpora" / "demo"


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return DEMO


@pytest.fixture(scope="session")
def auditor():  # type: ignore[no-untyped-def]
    from auditor.pipeline import Auditor

    return Auditor()
