"""The scrambled-order check: MT words in an order unrelated to the reference's. Sentences written for these tests."""

from __future__ import annotations

import pytest

from auditor.checks.base import CheckContext
from auditor.checks.order import MIN_MATCHED, ScrambledOrder, order_agreement
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
