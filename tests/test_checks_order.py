"""The word-order checks: MT words in an order unrelated to the reference's (scrambled-order), or that English
does not have (unlikely-word-order). Sentences written for these tests."""

from __future__ import annotations

import pytest

from auditor.checks import order
from auditor.checks.base import CheckContext
from auditor.checks.order import MIN_MATCHED, ScrambledOrder, UnlikelyWordOrder, order_agreement, tag_pair_model
from auditor.types import Category, Segment, Severity

REF = "The Great Pyramid of Giza is the only one of the Seven Wonders still standing."
SCRAMBLED = "Seven standing Giza of still Wonders Pyramid the is one Great only the of."


def findings(mt: str, ref: str | None = REF) -> list[str]:
    seg = Segment("s", mt, "Die Große Pyramide von Gizeh ...", ref, "de", "en")
    return [f.span.text for f in ScrambledOrder().check_segment(CheckContext(seg))]


def test_a_scrambled_sentence_is_flagged_whole() -> None:
    [finding] = ScrambledOrder().check_segment(CheckContext(Segment("s", f"  {SCRAMBLED} ", None, REF)))
    assert finding.span.text == SCRAMBLED and finding.span.start == 2
    assert finding.category is Category.GRAMMAR and finding.severity is Severity.CRITICAL
    assert "scrambled" in finding.message


@pytest.mark.parametrize(
    "mt",
    [
        REF,
        "Of the Seven Wonders, only the Great Pyramid of Giza is still standing.",  # a clause moved
        "Still standing today is the Great Pyramid of Giza, the only one of the Seven Wonders.",
        "The pyramid stands.",  # too few matched words to judge
        "",
    ],
)
def test_reordered_paraphrases_and_short_texts_are_left_alone(mt: str) -> None:
    assert findings(mt) == []


def test_order_agreement_measures() -> None:
    tau, share = order_agreement(REF, REF) or (0.0, 0.0)
    assert tau == pytest.approx(1.0) and share == pytest.approx(1.0)
    scrambled = order_agreement(REF, SCRAMBLED)
    assert scrambled is not None and scrambled[0] < 0 and scrambled[1] == 0.0
    assert order_agreement(REF, " ".join(["Giza"] * (MIN_MATCHED + 2))) is None  # repeated words are not matched


def test_messy_inputs() -> None:
    assert findings(SCRAMBLED, ref=None) == [] and findings(SCRAMBLED, ref="") == []
    ru_ref = "Великая пирамида Гизы единственное из семи чудес света что стоит до сих пор."
    ru_mt = "стоит Гизы из света до чудес пирамида семи Великая сих что единственное пор."
    assert findings(ru_mt, ref=ru_ref) == [ru_mt]  # language-blind: any script with word breaks
    assert findings("“" + SCRAMBLED + "”") == ["“" + SCRAMBLED + "”"]


def unlikely(mt: str, lang: str = "en") -> list[str]:
    seg = Segment("s", mt, None, None, None, lang)
    check = UnlikelyWordOrder()
    check.prepare([seg])
    found = list(check.check_segment(CheckContext(seg)))
    assert all(f.category is Category.GRAMMAR and f.severity is Severity.CRITICAL for f in found)
    assert all(mt[f.span.start : f.span.end] == f.span.text for f in found)
    return [f.span.text for f in found]


@pytest.mark.parametrize(
    "mt",
    [
        "Minister the on resigned Monday after the a scandal weeks of.",
        "Affected on and the is the closely Twitter Donald with monitoring his President.",
    ],
)
def test_word_salad_is_found_without_a_reference(mt: str) -> None:
    assert unlikely(mt) == [mt]


@pytest.mark.parametrize("quoted", ["“{}”", "«{}»", '"{}"'])
def test_word_salad_inside_quotes_is_found_too(quoted: str) -> None:
    mt = quoted.format("Minister the on resigned Monday after the a scandal weeks of.")
    assert unlikely(mt) == [mt]
    assert unlikely(quoted.format("The minister resigned on Monday after weeks of a growing scandal.")) == []


@pytest.mark.parametrize(
    "mt",
    [
        "The minister resigned on Monday after weeks of a growing scandal.",
        "Police said the two men, both aged 34, were arrested in Leeds on Friday night.",
        "Shares rose 3.2% to 145.60 euros in early trading, the highest since March.",
        # news lines that are no prose: results, headlines in capitals, credits and labelled lines
        "Arsenal 2-1 Chelsea, Liverpool 0-0 Everton, Leeds 3-2 Burnley.",
        "BREAKING NEWS: EARTHQUAKE HITS SOUTHERN IRAN, DOZENS FEARED DEAD",
        "Photo: Getty Images / AFP / Anadolu Agency via Reuters",
        "Weather: sunny, 25C; tomorrow cloudy, 19C; Sunday rain, 15C.",
        "Minister the resigned.",  # too short to judge
        "",
    ],
)
def test_prose_and_news_lines_are_left_alone(mt: str) -> None:
    assert unlikely(mt) == []


def test_only_the_scrambled_sentence_of_a_segment_is_reported() -> None:
    good = "The city council closed the old bridge yesterday for repairs."
    bad = "Minister the on resigned Monday after the a scandal weeks of."
    assert unlikely(f"{good} {bad}") == [bad]


def test_a_language_without_tag_pair_counts_is_not_read() -> None:
    assert tag_pair_model("de") is None
    assert unlikely("Minister der am zurückgetreten Montag nach der ein Skandal Wochen von.", "de") == []


def test_tag_pairs_seen_in_real_sentences_are_likelier_than_unseen_ones() -> None:
    model = tag_pair_model("en")
    assert model is not None
    assert model.log_prob("DT", "NN") > model.log_prob("DT", "VBD") > model.log_prob("DT", "NO-SUCH-TAG")
    assert model.mean_log_prob(["<s>", "DT", "NN", "VBD", ".", "</s>"]) > order.UNLIKELY_ORDER_LINE
