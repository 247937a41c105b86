"""Pronoun case: local patterns and forms swapped against the reference (sentences written for these tests)."""

from __future__ import annotations

import pytest

from auditor.checks import grammar
from auditor.checks.base import CHECKS, CheckContext
from auditor.types import Category, Segment, Severity


def spans(mt: str, ref: str | None = None, tgt: str = "en") -> list[str]:
    seg = Segment("t", mt, None, ref, "de", tgt)
    findings = list(CHECKS["pronoun-case"]().check_segment(CheckContext(seg)))
    for f in findings:
        assert f.span.text == mt[f.span.start : f.span.end]
        assert f.category is Category.GRAMMAR and f.severity is Severity.MINOR and f.message
    return [f.span.text for f in findings]


CASES = [
    # (mt, ref, expected spans)
    ("Me don't know where he went.", None, ["Me"]),
    ("They sent a letter to he and his wife.", None, ["he"]),
    ("Their was no answer from the ministry.", None, ["Their"]),
    ("The mayor said that himself will resign.", None, ["himself"]),
    ("The van hit itself barrier at speed.", None, ["itself"]),
    ("Two fans were injured in themselves 40s.", None, ["themselves"]),
    ("The club thanked its for the support.", None, ["its"]),
    ("Ourself had warned the council.", None, ["Ourself"]),
    ("Share what your've learned; what you've seen counts.", None, ["your"]),
    ("The reviews praised they effectiveness and he leadership.", None, ["they", "he"]),
    ("When they mention the budget, we question the figures.", None, []),
    ("The minister and them were late, but them have apologised.", None, ["them", "them"]),
    ("Because itself was closed, the road was empty.", None, ["itself"]),
    ("Just when the team seemed safe, she had beaten itself.", None, ["itself"]),
    ("The fish tastes best, however you prefer itself, after a month.", None, ["itself"]),
    ("In two later cases them have proved the court right.", None, ["them"]),
    ("The two batsmen played well and them scored a century.", None, ["them"]),
    ("Park rangers say yours must keep away from the bears.", None, ["yours"]),
    ("If one joins a club, their show it through the clothes.", None, ["their"]),
    ("As the herd adapts to the valley, their become less shy.", None, ["their"]),
    ("The shark was the largest hunter, so his only feared the whale.", None, ["his"]),
    # correct English, including the traps of each pattern
    ("Let them have the book. The city itself is old.", None, []),
    ("The US is large. Among us are doctors. After he left, we ate.", None, []),
    ("Our will is strong and their can is empty.", None, []),
    ("US officials said the president himself signed it.", None, []),
    ("She did it herself yesterday, and they blamed themselves for the delay.", None, []),
    ("The town and its 2,000 residents voted; their mayor thanked them.", None, []),
    ("“We will win,” he said. Then they left.", None, []),
    ("Many of them have resigned. Let him have returned by noon.", None, []),
    ("He saw the cat wash itself, and they asked her to behave herself.", None, []),
    ("His only son was born in 1990; their show was a hit.", None, []),
    ("The two clubs and them united against the plan.", None, []),
    ("", None, []),
]


@pytest.mark.parametrize(("mt", "ref", "expected"), CASES)
def test_pronoun_case(mt: str, ref: str | None, expected: list[str]) -> None:
    assert spans(mt, ref) == expected


def test_a_form_the_reference_swaps_next_to_the_same_word_is_reported() -> None:
    ref = "Most birds can fold their wings back along the body."
    assert spans("Most birds can fold them wings back along their bodies.", ref) == ["them"]
    assert spans("Most birds can fold their wings back along their bodies.", ref) == []
    # a short shared neighbour says nothing: "as their own" against "as they grow"
    ref = "Their needs change as they grow up."
    assert spans("People adopt these needs as their own during adolescence.", ref) == []


def test_a_form_the_reference_does_not_use_is_reported() -> None:
    ref = "The satellite receives the call and sends it back at once."
    assert spans("The satellite receives the call and sends itself back at once.", ref) == ["itself"]
    assert spans("The satellite receives the call and sends it back at once.", ref) == []
    # "him" where the reference has "he": reported; a reference with "him" too: left alone
    assert spans("Police said him was arrested on Monday in Leeds.", "Police said he was arrested in Leeds.") == ["him"]
    assert spans("Police told him he was free.", "Police told him he could go.") == []


def test_a_pattern_the_reference_shares_is_not_reported() -> None:
    assert spans("Their was no answer.", "Their was no answer.") == []


def test_languages_without_a_data_file_are_skipped() -> None:
    assert spans("Die Stadt selbst ist alt.", tgt="de") == []
    assert spans("To he and she.", tgt="xx") == []


def test_the_check_is_documented_and_its_patterns_name_the_pronoun() -> None:
    cls = CHECKS["pronoun-case"]
    assert cls.__module__ == grammar.__name__
    assert "Example:" in (cls.__doc__ or "") and "-> finding on" in (cls.__doc__ or "")
    for pattern, why in grammar._patterns("en"):
        assert "bad" in pattern.groupindex and why
