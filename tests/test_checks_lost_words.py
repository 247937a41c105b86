"""Single reference words lost in the MT, by part of speech (sentences written for these tests)."""

from __future__ import annotations

import pytest

from auditor.checks.base import CHECKS, CheckContext
from auditor.checks.lost_words import lost_words
from auditor.parsing import has_parser
from auditor.types import Category, Segment, Severity, Side

pytestmark = pytest.mark.skipif(not has_parser("en"), reason="the English spaCy pipeline is not installed")


def lost(mt: str, ref: str | None, tgt: str = "en") -> list[str]:
    seg = Segment("t", mt, None, ref, None, tgt)
    findings = list(CHECKS["missing-word"]().check_segment(CheckContext(seg)))
    for f in findings:
        assert ref is not None and f.side is Side.REF and f.span.text == ref[f.span.start : f.span.end]
        assert f.category is Category.OMISSION and f.message
        # a lost verb or noun is major, a lost modifier minor
        major = f.message.startswith(("the verb", "the noun"))
        assert f.severity is (Severity.MAJOR if major else Severity.MINOR)
    return [f.span.text for f in findings]


@pytest.mark.parametrize(
    ("mt", "ref", "expected"),
    [
        # a verb dropped: fewer verbs, and no MT word close to "photographed"
        (
            "Police in the port city the suspects on Monday night.",
            "Police in the port city photographed the suspects on Monday night.",
            ["photographed"],
        ),
        # an adjective dropped (an adverb added elsewhere does not stand in for it)
        (
            "The council approved a budget for schools.",
            "The council approved a modest budget for schools.",
            ["modest"],
        ),
        (
            "The council finally approved a budget for schools.",
            "The council approved a modest budget for schools.",
            ["modest"],
        ),
        # an adverb dropped
        (
            "The council approved a budget for schools.",
            "The council quietly approved a budget for schools.",
            ["quietly"],
        ),
    ],
)
def test_a_dropped_word_is_found_in_the_reference(mt: str, ref: str, expected: list[str]) -> None:
    assert lost(mt, ref) == expected


@pytest.mark.parametrize(
    ("mt", "ref"),
    [
        # a paraphrase keeps the count or leaves a close word behind
        (
            "Police in the port city detained the suspects on Monday night.",
            "Police in the port city photographed the suspects on Monday night.",
        ),
        (
            "Police in the port city took pictures of the suspects on Monday night.",
            "Police in the port city photographed the suspects on Monday night.",
        ),
        ("The council approved a small budget for schools.", "The council approved a modest budget for schools."),
        (
            "The council approved a budget for schools, a modest one.",
            "The council approved a modest budget for schools.",
        ),
        ("The council approved a budget for schools.", "The council approved a budget for schools."),
        # a dropped word that is close in meaning to the words kept is not told apart from a paraphrase
        (
            "Police in the port city the suspects on Monday night.",
            "Police in the port city arrested the suspects on Monday night.",
        ),
    ],
)
def test_paraphrases_are_left_alone(mt: str, ref: str) -> None:
    assert lost(mt, ref) == []


def test_a_word_close_only_to_words_that_stand_for_others_is_lost() -> None:
    ref = "The report describes coastal trade between the two countries."
    mt = "The report describes trade between the two countries."
    # every MT word near "coastal" spells a word of the reference itself: none is free to stand for it
    (word,) = lost_words(mt, ref, "en")
    assert ref[word.start : word.end] == "coastal" and word.taken and word.similarity == 0.0
    seg = Segment("t", mt, None, ref, None, "en")
    (finding,) = CHECKS["missing-word"]().check_segment(CheckContext(seg))
    assert finding.severity is Severity.MINOR and "stand for other words of the reference" in finding.message
    # a free word close to it is its counterpart
    assert lost("The report describes trade along the shore between the two countries.", ref) == []
    assert lost("The report describes maritime trade between the two countries.", ref) == []


def test_a_noun_is_lost_only_by_the_free_word_rule() -> None:
    ref = "Police said the men were arrested near the border with stolen cars and goods."
    mt = "Police said the men were arrested near the border with stolen goods."
    (finding,) = CHECKS["missing-word"]().check_segment(CheckContext(Segment("t", mt, None, ref, None, "en")))
    assert finding.span.text == "cars" and finding.severity is Severity.MAJOR
    assert finding.message.startswith("the noun")
    # a noun that a kept word comes close to, or that a free word renames, is left alone
    assert (
        lost(
            "The minister visited the school and met the teachers on Monday.",
            "The minister visited the school and met the teachers and parents on Monday.",
        )
        == []
    )
    assert (
        lost("The mayor thanked the helpers after the flood.", "The mayor thanked the volunteers after the flood.")
        == []
    )


def test_no_reference_no_parser_or_an_empty_text_gives_nothing() -> None:
    assert lost("The minister resigned after the vote.", None) == []
    assert lost("Der Minister trat zurück.", "Der Minister trat plötzlich zurück.", tgt="de") == []
    assert lost("", "The minister suddenly resigned after the vote.") == []
    assert lost_words("The minister resigned.", "", "en") == []


def test_a_batch_prepared_ahead_gives_the_same_findings() -> None:
    pairs = [
        ("The council approved a budget for schools.", "The council approved a modest budget for schools."),
        ("The council approved a budget for schools.", "The council quietly approved a budget for schools."),
    ]
    segments = [Segment(f"b{i}", mt, None, ref, None, "en") for i, (mt, ref) in enumerate(pairs)]
    check = CHECKS["missing-word"]()
    check.prepare(segments)
    assert [[f.span.text for f in check.check_segment(CheckContext(s))] for s in segments] == [
        ["modest"],
        ["quietly"],
    ]


def test_auxiliaries_count_apart_from_main_verbs() -> None:
    # "had" before "to leave" is a main verb, so the MT keeps as many verbs as the reference
    assert (
        lost(
            "Residents had to leave their homes before the storm arrived.",
            "Residents were forced to leave their homes before the storm arrived.",
        )
        == []
    )
    # "has" before "quietly signed" is an auxiliary on both sides: the verb count falls with "painted" lost
    assert lost(
        "The mayor has quietly signed the contract and the same day.",
        "The mayor has quietly signed the contract and painted the same day.",
    ) == ["painted"]


def test_references_are_tagged_and_full_parses_reused() -> None:
    from auditor.parsing import parse, tags

    tagged = tags("The harbour reopened on Tuesday.", "en")
    assert tagged is not None and [t.tag_[:2] for t in tagged][:3] == ["DT", "NN", "VB"]
    assert not any(t.dep_ for t in tagged)  # no dependency parse
    full = parse("The bridge reopened on Tuesday.", "en")
    assert full is not None and tags("The bridge reopened on Tuesday.", "en") is full


IT_PHOTOGRAPHED = "La polizia della città portuale ha fotografato i sospetti lunedì sera."
REF_PHOTOGRAPHED = "Police in the port city photographed the suspects on Monday night."


@pytest.mark.parametrize(
    ("mt", "src", "expected"),
    [
        # the count rule keeps quiet (one verb each side), but neither "photographed" nor its source counterpart
        # "fotografato" is close to any MT word: lost by both sides' account, minor
        (
            "Police in the port city detained the suspects on Monday night.",
            IT_PHOTOGRAPHED,
            [("photographed", "minor")],
        ),
        # ... not where the MT has it, and not without a source the encoder reads
        ("Police in the port city photographed the suspects on Monday night.", IT_PHOTOGRAPHED, []),
        (
            "Police in the port city detained the suspects on Monday night.",
            "Policie v přístavu zadržela podezřelé.",
            [],
        ),
        ("Police in the port city detained the suspects on Monday night.", None, []),
        # the count rule's finding stays the only one for its word
        ("Police in the port city the suspects on Monday night.", IT_PHOTOGRAPHED, [("photographed", "major")]),
    ],
)
def test_a_loss_the_source_confirms(mt: str, src: str | None, expected: list[tuple[str, str]]) -> None:
    seg = Segment("t", mt, src, REF_PHOTOGRAPHED, "cs" if src and "Policie" in src else "it", "en")
    check = CHECKS["missing-word"]()
    check.prepare([seg])
    findings = list(check.check_segment(CheckContext(seg)))
    assert [(f.span.text, f.severity.value) for f in findings] == expected
    for f in findings:
        assert f.side is Side.REF and REF_PHOTOGRAPHED[f.span.start : f.span.end] == f.span.text
        assert f.category is Category.OMISSION
    if expected and expected[0][1] == "minor":
        assert "fotografato" in findings[0].message


def test_a_runaway_source_backs_no_loss() -> None:
    """A whole article in one source line is not looked up word by word; the count rule still reads the reference."""
    runaway = IT_PHOTOGRAPHED + " Il tempo era bello." * 300
    check = CHECKS["missing-word"]()
    for mt, expected in (
        ("Police in the port city detained the suspects on Monday night.", []),
        ("Police in the port city the suspects on Monday night.", ["photographed"]),
    ):
        seg = Segment("t", mt, runaway, REF_PHOTOGRAPHED, "it", "en")
        check.prepare([seg])
        assert [f.span.text for f in check.check_segment(CheckContext(seg))] == expected


@pytest.mark.parametrize(
    ("src", "severity"),
    [
        (IT_PHOTOGRAPHED, Severity.MAJOR),  # "fotografato": the source has the word the MT lost
        ("La polizia della città portuale e i sospetti lunedì sera.", Severity.MINOR),  # nor has the source
        ("Policie v přístavu lidi v pondělí večer.", Severity.MAJOR),  # a source the encoder does not read
    ],
)
def test_a_loss_the_source_does_not_have_is_minor(src: str, severity: Severity) -> None:
    mt = "Police in the port city the suspects on Monday night."
    seg = Segment("t", mt, src, REF_PHOTOGRAPHED, "cs" if src.startswith("Policie") else "it", "en")
    (finding,) = CHECKS["missing-word"]().check_segment(CheckContext(seg))
    assert finding.span.text == "photographed" and finding.severity is severity
    assert ("no source word comes close" in finding.message) == (severity is Severity.MINOR)
