"""The demo corpus end to end: every artifact listed in corpora/README.md is found, with its exact span,
and the MT-reference alignment is the one documented there."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.pipeline import Auditor
from auditor.types import DocumentInput, DocumentReport, Severity, Side

pytestmark = pytest.mark.slow

# (span text, start, end in the MT document, accepted check names, lowest accepted severity)
ARTIFACTS = [
    ("date 2024-01-18", 55, 70, {"leaked-metadata"}, Severity.MINOR),
    ("TEHRAN, January 18 (Agenzia Demo) -", 71, 106, {"leaked-metadata"}, Severity.MINOR),
    ("Iranwhere", 216, 225, {"glued-words"}, Severity.MINOR),
    ("I am", 226, 230, {"spurious-person"}, Severity.MAJOR),
    ("Protection .", 311, 323, {"space-before-punctuation"}, Severity.MINOR),
    ("he declared", 527, 538, {"doubled-speaker"}, Severity.MAJOR),
    ("24", 652, 654, {"numbers"}, Severity.CRITICAL),
    ("luxury", 693, 699, {"added-word"}, Severity.MINOR),
    ("Riproduzione riservata", 788, 810, {"copied-source-span", "leaked-metadata"}, Severity.MINOR),
]


@pytest.fixture(scope="module")
def report(demo_dir: Path, auditor: Auditor) -> DocumentReport:
    read = lambda name: (demo_dir / name).read_text(encoding="utf-8")  # noqa: E731
    doc = DocumentInput("demo", read("mt.en.txt"), read("it.txt"), read("ref.en.txt"), "it", "en")
    return auditor.audit_document(doc)


@pytest.mark.parametrize(("text", "start", "end", "checks", "severity"), ARTIFACTS)
def test_artifact_found_with_exact_span(
    report: DocumentReport, text: str, start: int, end: int, checks: set[str], severity: Severity
) -> None:
    hits = [
        (seg.aligned.mt.start + f.span.start, seg.aligned.mt.start + f.span.end, f)
        for seg in report.segments
        if seg.aligned is not None
        for f in seg.findings
        if f.side is Side.MT and f.check in checks
    ]
    exact = [f for s, e, f in hits if (s, e) == (start, end)]
    assert exact, f"no {checks} finding on {text!r} [{start}:{end}]; got {[(s, e, f.check) for s, e, f in hits]}"
    assert exact[0].span.text == text
    assert max(f.severity.rank for f in exact) >= severity.rank


def test_documented_alignment(report: DocumentReport) -> None:
    types = [seg.aligned.ref_alignment.type for seg in report.segments if seg.aligned and seg.aligned.ref_alignment]
    assert types == ["1-1", "1-2", "1-1", "2-1", "1-1", "1-1", "1-1", "1-1", "1-0"]


def test_correct_sentences_outscore_the_broken_ones(report: DocumentReport) -> None:
    by_text = {seg.segment.mt[:20]: seg.scores["overall"] for seg in report.segments}
    assert by_text["The Red Crescent has"] > by_text["The minister added th"[:20]]
    assert by_text["The Red Crescent has"] > by_text["date 2024-01-18 TEHR"]
    assert report.band in {"review", "reject"}
