"""The added-word check: MT modifiers that neither the reference nor the source has."""

from __future__ import annotations

import pytest

from auditor.checks.added_words import AddedWordCheck
from auditor.checks.base import CheckContext
from auditor.types import Category, Segment, Severity, Side

IT_RESIGNED = "Il ministro si è dimesso lunedì."


@pytest.mark.parametrize(
    ("mt", "ref", "src", "src_lang", "expected"),
    [
        # a modifier slipped in: no reference word, no source word spells it or comes close in word vectors
        (
            "The minister happily resigned on Monday.",
            "The minister resigned on Monday.",
            IT_RESIGNED,
            "it",
            ["happily"],
        ),
        (
            "Police arrested two young men after the chase.",
            "Police arrested two men after the chase.",
            "La polizia ha arrestato due uomini dopo l'inseguimento.",
            "it",
            ["young"],
        ),
        # either side alone is enough to judge
        ("The minister happily resigned on Monday.", "The minister resigned on Monday.", None, None, ["happily"]),
        ("The minister happily resigned on Monday.", None, IT_RESIGNED, "it", ["happily"]),
        # ... not where the source has it ("vecchio ponte"), not a paraphrase, not a word the reference spells
        (
            "Floods destroyed the old bridge in the town.",
            "Floods destroyed the bridge in the town.",
            "Le inondazioni hanno distrutto il vecchio ponte della città.",
            "it",
            [],
        ),
        (
            "Melamine was found in urine samples of animals.",
            "Melamine was found in urine samples of pets.",
            None,
            None,
            [],
        ),
        ("The minister resigned on Monday.", None, IT_RESIGNED, "it", []),
        ("The minister resigned on Monday.", "The minister resigned on Monday.", IT_RESIGNED, "it", []),
        # names are the names check's, and a source the encoder does not read vouches for nothing: no finding
        ("The minister resigned in Kestrovia on Monday.", "The minister resigned on Monday.", None, None, []),
        ("The minister happily resigned on Monday.", None, "Ministr v pondělí odstoupil.", "cs", []),
    ],
)
def test_added_word(mt: str, ref: str | None, src: str | None, src_lang: str | None, expected: list[str]) -> None:
    seg = Segment("t", mt, src, ref, src_lang, "en")
    check = AddedWordCheck()
    check.prepare([seg])
    findings = list(check.check_segment(CheckContext(seg)))
    assert [f.span.text for f in findings] == expected
    for f in findings:
        assert (f.category, f.severity, f.side) == (Category.ADDITION, Severity.MINOR, Side.MT)
        assert mt[f.span.start : f.span.end] == f.span.text
        assert "cosine" in f.message


def test_one_finding_per_segment_the_least_supported_word() -> None:
    seg = Segment("t", "The minister happily resigned on a sunny Monday.", None, "The minister resigned on Monday.")
    check = AddedWordCheck()
    check.prepare([seg])
    findings = list(check.check_segment(CheckContext(seg)))
    assert len(findings) == 1 and findings[0].span.text in {"happily", "sunny"}


@pytest.mark.parametrize("mt", ["", "   ", "!!!", "42"])
def test_no_words_no_findings(mt: str) -> None:
    seg = Segment("t", mt, IT_RESIGNED, "The minister resigned on Monday.", "it", "en")
    assert list(AddedWordCheck().check_segment(CheckContext(seg))) == []


def test_a_target_without_data_gets_nothing() -> None:
    seg = Segment("t", "Der Minister trat fröhlich zurück.", None, "Der Minister trat zurück.", None, "de")
    assert list(AddedWordCheck().check_segment(CheckContext(seg))) == []


def test_a_runaway_source_is_not_looked_up_word_by_word() -> None:
    """A whole article in one source line: its words are not compared in word vectors (the look-ups grow with source
    words times MT words), so only a reference can show the addition."""
    runaway = IT_RESIGNED + " Il tempo era bello." * 300  # 6,000 characters
    mt = "The minister happily resigned on Monday."
    check = AddedWordCheck()
    for ref, expected in ((None, []), ("The minister resigned on Monday.", ["happily"])):
        seg = Segment("t", mt, runaway, ref, "it", "en")
        check.prepare([seg])
        found = list(check.check_segment(CheckContext(seg)))
        assert [f.span.text for f in found] == expected
        assert all("source word" not in f.message for f in found)
