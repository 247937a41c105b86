"""The tense-shift check: a verb in another tense than the same verb in the reference. Sentences written here."""

from __future__ import annotations

import pytest

from auditor.checks._text import tokens
from auditor.checks.base import CheckContext
from auditor.checks.tense import (
    TenseShift,
    _may_be_verb,
    _verb_offsets,
    aspect_shifts,
    tense_shifts,
    verb_form,
    verb_form_profile,
)
from auditor.types import Category, Segment, Severity

REF = "The city releases its budget every spring, the mayor said."


def findings(mt: str, ref: str | None = REF, tgt: str = "en") -> list[tuple[str, int]]:
    seg = Segment("s", mt, "La ciudad publica su presupuesto.", ref, "es", tgt)
    return [(f.span.text, f.span.start) for f in TenseShift().check_segment(CheckContext(seg))]


@pytest.mark.parametrize(
    ("word", "before", "expected"),
    [
        ("said", "he", ("says", "past")),
        ("says", "he", ("says", "present")),
        ("matched", "it", ("match", "past")),
        ("matches", "it", ("match", "present")),
        ("carried", "it", ("carries", "past")),
        ("was", "it", ("be", "past")),
        ("changes", "the", None),  # after a determiner: a noun
        ("process", "the", None),
        ("news", "the", None),
    ],
)
def test_verb_forms(word: str, before: str, expected: tuple[str, str] | None) -> None:
    assert verb_form(word, before, "en") == expected


def test_a_regular_verb_in_the_past_is_found_with_its_span() -> None:
    mt = "The city released its budget every spring, the mayor said."
    assert findings(mt) == [("released", mt.index("released"))]
    [finding] = TenseShift().check_segment(CheckContext(Segment("s", mt, None, REF, "es", "en")))
    assert finding.category is Category.MISTRANSLATION and finding.severity is Severity.MAJOR
    assert "past" in finding.message and "releases" in finding.message


def test_irregular_verbs_and_auxiliaries() -> None:
    mt = "The city releases its budget every spring, the mayor says."
    assert findings(mt) == [("says", mt.index("says"))]
    assert findings("It is very successful.", ref="It was very successful.") == [("is", 3)]
    assert findings("He had been unable to come.", ref="He has been unable to come.") == [("had", 3)]


def test_paraphrases_other_verbs_and_nouns_are_left_alone() -> None:
    assert findings(REF) == []
    assert findings("The city publishes its budget every spring, the mayor said.") == []  # another verb
    assert findings("It was reported.", ref="It has been reported.") == []  # "was"/"has": other verbs
    assert findings("The changes were made.", ref="The changed rules were made.") == []


def test_messy_inputs() -> None:
    assert findings("") == [] and findings(REF, ref=None) == [] and findings(REF, ref="") == []
    curly = "“The city released its budget,” the mayor said."
    assert findings(curly, ref="“The city releases its budget,” the mayor said.") == [("released", 10)]
    assert findings("Город опубликовал бюджет.", ref="Город публикует бюджет.", tgt="ru") == []  # no Russian data
    assert tense_shifts("Он сказал.", "Он говорит.", "en") == []


def test_a_future_where_the_reference_has_a_past_or_present_and_the_reverse() -> None:
    mt = "The company will receive the funds in May."
    assert findings(mt, ref="The company received the funds in May.") == [("will", mt.index("will"))]
    assert findings("It will also rise.", ref="It rises.") == [("will", 3)]  # an adverb between
    mt = "The plant opened in May."
    assert findings(mt, ref="The plant will open in May.") == [("opened", mt.index("opened"))]
    seg = Segment("s", "Prices will fall.", None, "Prices fell.", "es", "en")
    [finding] = TenseShift().check_segment(CheckContext(seg))
    assert "future" in finding.message and "fell" in finding.message


def test_a_bare_present_beside_a_past() -> None:
    mt = "They prepare the report every week."
    assert findings(mt, ref="They prepared the report every week.") == [("prepare", mt.index("prepare"))]
    mt = "Officials still find errors."
    assert findings(mt, ref="Officials still found errors.") == [("find", mt.index("find"))]


def test_futures_modals_and_nouns_that_are_no_shift() -> None:
    assert findings("The plant is going to open in May.", ref="The plant will open in May.") == []
    assert findings("The plant will open in May.", ref="The plant is going to open in May.") == []
    assert findings("I will have a meeting tomorrow.", ref="I might have a meeting tomorrow.") == []
    assert findings("It might rise.", ref="It will rise.") == []
    assert findings("They got off to a strong start.", ref="They started strongly.") == []  # a noun
    assert findings("They wanted to prepare it.", ref="They wanted to prepared it.") == []  # after "to"
    assert findings("The plant will open in May.", ref="The plant will open in May.") == []


def test_a_present_kept_after_a_past_reporting_verb_is_no_shift() -> None:
    assert findings("The minister said they want to stay.", ref="The minister said they wanted to stay.") == []
    assert findings("He said it is ready.", ref="He said it was ready.") == []
    assert findings("They want to stay.", ref="They wanted to stay.") == [("want", 5)]
    # the reporting verb of another sentence does not count
    mt = "He said so. It is ready now."
    assert findings(mt, ref="He said so. It was ready now.") == [("is", mt.index("is"))]


def test_the_parse_tells_an_adjective_in_ed_from_a_verb() -> None:
    text = "The bird has a hooked beak."
    verbs = _verb_offsets(text, "en")
    assert verbs is not None and verbs[text.index("has")] and not verbs[text.index("hooked")]
    word = next(t for t in tokens(text) if t.text == "hooked")
    assert not _may_be_verb(word, verbs) and _may_be_verb(word, None)  # without a parse the forms stand
    assert _verb_offsets(text, "de") is None  # no German parser
    mt = "The city released its budget every spring, the mayor said."  # verbs on both sides
    assert findings(mt) == [("released", mt.index("released"))]


def test_a_habitual_future_said_in_the_present_is_no_shift() -> None:
    ref = "A course will normally last five days and will include first aid."
    assert findings("A course usually lasts five days and includes first aid.", ref) == []
    mt = "A course will last five days."
    assert findings(mt, "A course lasted five days.") == [("will", 0 + mt.index("will"))]


def test_from_a_source_without_tense_a_shift_is_only_minor() -> None:
    mt, ref = "His study shows that the drug works.", "His study showed that the drug works."
    [from_chinese] = TenseShift().check_segment(
        CheckContext(Segment("s", mt, "他的研究表明这种药有效。", ref, "zh", "en"))
    )
    assert from_chinese.severity is Severity.MINOR and "does not mark tense" in from_chinese.message
    [from_german] = TenseShift().check_segment(
        CheckContext(Segment("s", mt, "Seine Studie zeigte es.", ref, "de", "en"))
    )
    assert from_german.severity is Severity.MAJOR and from_german.span == from_chinese.span


def test_verb_form_profile_counts_tenses_and_aspects() -> None:
    assert verb_form_profile("The report has been revealing it.", "en") == {
        "present": 1,
        "perfect": 1,
        "progressive": 1,
    }
    assert verb_form_profile("He said he will come.", "en") == {"past": 1, "future": 1}
    assert verb_form_profile("They were checking the data.", "en") == {"past": 1, "progressive": 1}
    assert verb_form_profile("", "en") == {} and verb_form_profile("Er kam.", "de") == {}


@pytest.mark.parametrize(
    ("ref", "mt", "expected"),
    [
        ("He revealed the plan.", "He was revealing the plan.", [("revealed", "revealing", "simple", "progressive")]),
        (
            "They verified the data.",
            "They were verifying the data.",
            [("verified", "verifying", "simple", "progressive")],
        ),
        ("Prices rose sharply.", "Prices were rising sharply.", [("rose", "rising", "simple", "progressive")]),
        ("Parly said that it works.", "Parly was saying it works.", [("said", "saying", "simple", "progressive")]),
        ("It shows growth.", "It has shown growth.", [("shows", "shown", "simple", "perfect")]),
        ("The firm is still growing.", "The firm still grows.", [("growing", "grows", "progressive", "simple")]),
        # a perfect beside a simple past, a passive, another verb, a noun in -ing, a reported clause: no shift
        ("The firm has opened a shop.", "The firm opened a shop.", []),
        ("Goats have been domesticated.", "Goats were domesticated.", []),
        ("He revealed the plan.", "He was presenting the plan.", []),
        ("The meeting ended.", "The meetings ended.", []),
        ("He said the firm revealed it.", "He said the firm was revealing it.", []),
    ],
)
def test_aspect_shifts(ref: str, mt: str, expected: list[tuple[str, str, str, str]]) -> None:
    assert [(r.text, m.text, a, b) for r, m, a, b in aspect_shifts(ref, mt, "en")] == expected


def test_an_aspect_shift_is_a_finding_on_the_mt_verb() -> None:
    mt = "The city was releasing its budget, the mayor said."
    [finding] = TenseShift().check_segment(
        CheckContext(Segment("s", mt, None, "The city released its budget, the mayor said.", "es", "en"))
    )
    assert finding.span.text == "releasing" and finding.severity is Severity.MAJOR and "progressive" in finding.message
