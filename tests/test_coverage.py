"""Soft recall of reference content words, with the real word encoder (sentences written for these tests)."""

from __future__ import annotations

import math

import pytest

from auditor.checks.omission import content_tokens
from auditor.scoring.coverage import Coverage, coverage, prefetch_coverage, soft_recall
from auditor.types import Segment

pytestmark = pytest.mark.slow

REF = "The expert stated that the outbreak was probably caused by the soldiers."
GOOD = "The expert noted that the outbreak was likely caused by the soldiers."
NO_VERB = "The expert that the outbreak was likely caused by the soldiers."
ADDED = "The expert noted that the outbreak was likely caused by the foreign soldiers and their cooks."


def test_a_paraphrase_is_covered_and_its_removal_is_not() -> None:
    # "stated" has no exact match in GOOD, yet counts as covered by "noted"; without the verb it is lost
    assert soft_recall(GOOD, REF, "en") == 1.0
    assert soft_recall(NO_VERB, REF, "en") < 1.0


def test_added_words_do_not_lower_recall() -> None:
    assert soft_recall(ADDED, REF, "en") == soft_recall(GOOD, REF, "en")


def test_unknown_language_gives_nan_and_no_content_gives_one() -> None:
    assert math.isnan(soft_recall("Ein Satz.", "Ein anderer Satz.", "xx"))
    assert soft_recall("It is.", "It was.", "en") == 1.0
    assert soft_recall("", REF, "en") == 0.0


def test_prefetch_does_not_change_the_values() -> None:
    before = soft_recall(NO_VERB, REF, "en")
    prefetch_coverage([Segment("a", NO_VERB, None, REF, "de", "en"), Segment("b", "x", None, None, "de", "en")])
    assert soft_recall(NO_VERB, REF, "en") == before


def test_german_targets_have_content_words_too() -> None:
    ref = "Die Regierung hat am Montag neue Regeln für den Busverkehr beschlossen."
    paraphrase = "Die Regierung beschloss am Montag neue Vorschriften für den Busverkehr."
    no_verb = "Die Regierung hat am Montag neue Vorschriften für den Busverkehr."
    assert soft_recall(paraphrase, ref, "de") == 1.0
    assert soft_recall(no_verb, ref, "de") < 1.0


def test_a_dropped_word_leaves_a_gap_and_a_paraphrase_does_not() -> None:
    paraphrased = coverage(GOOD, REF, "en")  # "noted" stands where the reference has "stated"
    dropped = coverage(NO_VERB, REF, "en")
    assert paraphrased.gap_rate == 0.0
    assert [t.text for t in dropped.dropped] == ["stated"]
    assert dropped.gap_rate == pytest.approx(1 / len(content_tokens(REF, "en")))
    assert coverage(ADDED, REF, "en").gap_rate == 0.0


def test_a_translation_without_content_words_drops_them_all() -> None:
    cover = coverage("It is so.", REF, "en")
    assert cover.recall == 0.0
    assert cover.gap_rate == 1.0


def test_coverage_is_unknown_without_a_word_list_and_full_for_an_empty_reference() -> None:
    assert math.isnan(coverage("Ein Satz.", "Ein anderer Satz.", "xx").gap_rate)
    assert coverage("It is.", "It was.", "en") == Coverage(1.0, 0.0)


def test_an_unrelated_word_in_the_dropped_word_s_place_does_not_stand_in_for_it() -> None:
    unrelated = "The expert purple that the outbreak was likely caused by the soldiers."
    assert [t.text for t in coverage(unrelated, REF, "en").dropped] == ["stated"]
