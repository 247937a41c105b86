"""Core types: span invariant, severity weights and the versioned JSON form."""

from __future__ import annotations

import json

import pytest

from auditor.types import (
    REPORT_VERSION,
    AlignedSegment,
    Alignment,
    Category,
    DocumentReport,
    Finding,
    Report,
    Segment,
    SegmentResult,
    Sentence,
    Severity,
    Side,
    Span,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("in Iranwhere I am", 3, 12, "Iranwhere"),
        ("abc", 0, 0, ""),
        ("città", 4, 5, "à"),
        ("日本語です", 0, 3, "日本語"),
    ],
)
def test_span_of_takes_exact_text(text: str, start: int, end: int, expected: str) -> None:
    span = Span.of(text, start, end)
    assert span.text == expected == text[span.start : span.end]


@pytest.mark.parametrize(("start", "end"), [(-1, 2), (3, 2), (0, 99)])
def test_span_of_rejects_bad_bounds(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside text"):
        Span.of("short", start, end)


def test_severity_weights_and_order() -> None:
    assert [s.weight for s in Severity] == [1.0, 5.0, 10.0]
    assert sorted(Severity, key=lambda s: s.rank) == [Severity.MINOR, Severity.MAJOR, Severity.CRITICAL]


def test_category_top_level() -> None:
    assert Category.OMISSION.top_level == "Accuracy"
    assert Category.NON_TRANSLATION.top_level == "Non-translation"


def _report() -> Report:
    mt = "Iranwhere I am."
    finding = Finding(
        check="spurious_person",
        category=Category.MISTRANSLATION,
        severity=Severity.MAJOR,
        span=Span.of(mt, 10, 14),
        message="first person not in the source",
        evidence="dove sono morte",
    )
    aligned = AlignedSegment(
        id="s1",
        mt=Sentence(mt, 0, len(mt)),
        ref=(Sentence("Where seven died.", 0, 17),),
        ref_alignment=Alignment("1-1", 0.91234567),
    )
    result = SegmentResult(
        segment=Segment("s1", mt, ref="Where seven died."),
        scores={"fidelity": 40.123456},
        findings=(finding,),
        aligned=aligned,
        band="review",
    )
    doc = DocumentReport("d1", "it", "en", {"overall": 50.0}, (result,), band="review")
    return Report({"auditor": "test"}, (doc,))


def test_report_json_shape() -> None:
    data = json.loads(json.dumps(_report().to_dict()))
    assert data["version"] == REPORT_VERSION
    assert set(data) == {"version", "signature", "documents"}
    doc = data["documents"][0]
    assert {"id", "src_lang", "tgt_lang", "scores", "segments"} <= set(doc)
    seg = doc["segments"][0]
    assert {"id", "mt", "ref", "src", "alignment", "scores", "findings"} <= set(seg)
    assert seg["mt"] == {"text": "Iranwhere I am.", "start": 0, "end": 15}
    assert seg["alignment"]["type"] == "1-1"
    assert seg["alignment"]["confidence"] == 0.9123
    assert seg["scores"]["fidelity"] == 40.1235
    found = seg["findings"][0]
    assert found["span"] == {"start": 10, "end": 14, "text": "I am"}
    assert found["side"] == Side.MT.value
    assert found["category"] == "Accuracy/Mistranslation"
    assert seg["mt"]["text"][found["span"]["start"] : found["span"]["end"]] == found["span"]["text"]
