"""Spelling check: wordfreq (and hunspell when installed) with names, numbers and URLs left alone."""

from __future__ import annotations

import pytest

from auditor.checks import spelling
from auditor.checks.base import CHECKS, CheckContext
from auditor.types import Category, Segment, Severity


def spans(mt: str, src: str | None = None, ref: str | None = None, tgt: str = "en") -> list[str]:
    seg = Segment("t", mt, src, ref, "it", tgt)
    out = list(CHECKS["misspelling"]().check_segment(CheckContext(seg)))
    for f in out:
        assert f.span.text == mt[f.span.start : f.span.end]
        assert f.category is Category.SPELLING and f.severity is Severity.MINOR
    return [f.span.text for f in out]


CASES = [
    # (mt, src, ref, tgt, expected)
    ("The samples were foudn in the river.", None, None, "en", ["foudn"]),
    ("The song was very populer in the summer.", None, None, "en", ["populer"]),
    ("Orignially the bridge had two lanes.", None, None, "en", ["Orignially"]),
    ("The team won the Worls Championship again.", None, None, "en", ["Worls"]),
    ("The government approved the budget on Monday.", None, None, "en", []),
    ("Minister Amir-Abdollahian met Xi Jinping in Saravan.", None, None, "en", []),
    ("See https://example.org/foudn or mail info@exampel.com now.", None, None, "en", []),
    ("The NATO summit drew 2,000 delegates and the UNHCR.", None, None, "en", []),
    ("The village of Zxqwerty was flooded.", None, None, "en", []),
    ("They spoke of the zxqwerty law.", "la legge zxqwerty", None, "en", []),
    ("Die Regierung hat das Gesetz gestern verabschiedet.", None, None, "de", []),
    ("Die Regierung hat das Gesetz gestren verabschiedet.", None, None, "de", ["gestren"]),
    ("政府昨晚通过了新法律。", None, None, "zh", []),
    # with a reference: a reference word with one letter missing, even where the result is a word ("bon")
    ("One man ws shot. Green was bon in 1946.", None, "A man was shot. Green was born in 1946.", "en", ["ws", "bon"]),
    ("The bridges nd the tunnels were shut.", None, "Bridges and tunnels were closed.", "en", ["nd"]),
    # ... not a plural the reference has, a name, or a word the reference also has
    ("The prosecutor and the reporter left.", None, "The prosecutors and reporters left.", "en", []),
    ("He met Bon Jovi, who was born in May.", None, "He met Bon Jovi, born in May.", "en", []),
    ("The bee was born in May.", None, "The bee, born in May, had been ill.", "en", []),
    # ... and not in an inflecting language, where the two are forms of one word
    ("Er hat ein neue Auto gekauft.", None, "Er hat eine neuen Auto gekauft.", "de", []),
    # ... nor another spelling of the reference word
    ("The volcano is a natural harbor.", None, "The volcano makes a natural harbour.", "en", []),
    # a lowercase one- or two-letter token that is no English word, even where the source has it ("i": Polish)
    ("The bridge i closed and the road ws flooded.", "Most i droga", None, "en", ["i", "ws"]),
    # ... but not a unit, an abbreviation, a quoted letter, a name particle or a foreign phrase
    ('It is 2 mi long, e.g. at 5 p.m., and dots the "i".', None, None, "en", []),
    ("A bridge named after Point du Sable spans the Rio de la Plata.", None, None, "en", []),
    ("Tolls rose to 20 cents per km on the new road.", None, None, "en", []),
]


@pytest.mark.parametrize(("mt", "src", "ref", "tgt", "expected"), CASES)
def test_spelling_cases(mt: str, src: str | None, ref: str | None, tgt: str, expected: list[str]) -> None:
    assert spans(mt, src, ref, tgt) == expected


@pytest.mark.skipif(spelling.hunspell_dictionary("en") is None, reason="hunspell-en-us not installed")
@pytest.mark.parametrize(
    ("mt", "expected"),
    [
        ("Rescuers searched the area for thier relatives.", ["thier"]),  # wordfreq alone knows "thier" (zipf 3)
        ("Rescuers searched the area for their relatives.", []),
        # middling frequency on the web, unknown to the dictionary, one letter from a very frequent word
        ("The minister wil make a statement.", ["wil"]),
        ("The car hit a tyre barrier and learnt nothing.", []),  # British spellings
    ],
)
def test_spelling_with_hunspell(mt: str, expected: list[str]) -> None:
    assert spans(mt) == expected


def test_suggestion_in_message() -> None:
    seg = Segment("t", "The samples were foudn.", None, None, None, "en")
    (finding,) = CHECKS["misspelling"]().check_segment(CheckContext(seg))
    assert "found" in finding.message


def test_zipf_lookup() -> None:
    assert spelling.zipf("the", "en") > 6
    assert spelling.zipf("The", "en") == spelling.zipf("the", "en")
    assert spelling.zipf("foudn", "en") == 0.0
    assert spelling.zipf("anything", "xx") == 0.0
    assert not spelling.has_vocabulary("xx")


def test_works_without_hunspell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spelling, "hunspell_dictionary", lambda lang: None)
    assert spans("The samples were foudn in the river.") == ["foudn"]
    assert spans("The government approved the budget on Monday.") == []


def test_check_is_documented() -> None:
    doc = spelling.Misspelling.__doc__ or ""
    assert "Example:" in doc and "-> finding on" in doc


@pytest.mark.parametrize(
    "text", ["Rome, 2 mi (i) …", "  é_x  ", "", "Point du Sable.", "«Ça» 3.5 km/h", "a\u00a0b\tc  "]
)
def test_position_helpers_match_their_regex_forms(text: str) -> None:
    import re

    from auditor.checks._text import first_nonspace, last_nonspace, word_after, word_before

    for pos in range(len(text) + 1):
        before, after = text[:pos], text[pos:]
        assert last_nonspace(text, pos) == len(before.rstrip()) - 1
        assert first_nonspace(text, pos) == pos + len(after) - len(after.lstrip())
        last = re.search(r"(\w+)\W*$", before)
        assert word_before(text, pos) == (last.group(1) if last else "")
        ending = re.search(r"(\w+)$", before)
        assert word_before(text, pos, skip_marks=False) == (ending.group(1) if ending else "")
        first = re.match(r"\W*(\w+)", after)
        assert word_after(text, pos) == (first.group(1) if first else "")
