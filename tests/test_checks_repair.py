"""Single dropped and added words (alignment with the reference, confirmed by the language model).

Sentences written for these tests. The tests that load the language model skip without it (`make setup-lm`).
"""

from __future__ import annotations

import pytest

from auditor.checks.base import CheckContext
from auditor.checks.repair import AddedWord, DroppedReferenceWord, Edit, at_a_hole, deletions, insertions
from auditor.checks.runner import CheckRunner
from auditor.config import AuditorConfig
from auditor.scoring import lm
from auditor.types import Segment, Side

needs_lm = pytest.mark.skipif(not lm.is_installed(), reason="the language model is not installed (make setup-lm)")

REF = "Police arrested two men after a chase."


def seg(mt: str, ref: str | None = REF, tgt: str = "en") -> Segment:
    return Segment("s", mt, "Die Polizei nahm nach einer Verfolgungsjagd zwei Männer fest.", ref, "de", tgt)


def test_insertions_put_the_missing_word_next_to_its_aligned_neighbours() -> None:
    edits = insertions(REF, "Police two men after a chase.", "en")
    assert [e.text for e in edits] == ["Police arrested two men after a chase."]  # both neighbours give one text
    assert edits[0].word.text == "arrested" and REF[edits[0].word.start : edits[0].word.end] == "arrested"
    assert edits[0].at == len("Police ")  # where it goes in the MT


def test_insertions_skip_matched_function_and_number_words() -> None:
    assert insertions(REF, REF, "en") == []
    assert insertions("The two men were held in 2024.", "Two men held.", "en") == []  # "the", "were", "in", 2024
    words = {e.word.text for e in insertions(REF, "Police arrested 2 men after chasing them.", "en")}
    assert "chase" not in words and "arrested" not in words  # "chasing" shares its stem


def test_deletions_offer_mt_words_squeezed_between_reference_neighbours() -> None:
    [edit] = deletions(REF, "Police arrested two men after a long chase.", "en")
    assert edit.word.text == "long" and edit.text == REF and edit.at == edit.word.start
    assert deletions(REF, REF, "en") == []
    assert deletions(REF, "Police arrested two men after a chase yesterday.", "en") == []  # no right neighbour


def test_candidates_hold_for_empty_quoted_and_non_latin_text() -> None:
    assert insertions("", "Police two men.", "en") == [] and deletions("", "Police two men.", "en") == []
    assert insertions(REF, "", "en") == [] and deletions(REF, "", "en") == []
    quoted = "“Police arrested two men,” he said."
    assert [e.word.text for e in deletions(quoted, "“Police arrested two tall men,” he said.", "en")] == ["tall"]
    assert insertions("Он сказал «привет» вчера.", "Он «привет» вчера.", "ru")[0].word.text == "сказал"


def test_the_checks_are_off_unless_the_lm_model_is_used() -> None:
    names = {"lm-dropped-word", "lm-added-word"}
    assert names.isdisjoint(CheckRunner(AuditorConfig(fluency_model="fast")).names)
    assert names <= set(CheckRunner(AuditorConfig(fluency_model="lm")).names)


@pytest.mark.slow
@needs_lm
def test_a_dropped_verb_is_found_on_the_reference_side() -> None:
    [finding] = DroppedReferenceWord().check_segment(CheckContext(seg("Police two men after a chase.")))
    assert finding.side is Side.REF and finding.span.text == "arrested"
    assert finding.span.start == REF.index("arrested")
    assert "nats" in finding.message and finding.category.value == "Accuracy/Omission"


@pytest.mark.slow
@needs_lm
def test_paraphrases_and_correct_translations_are_not_flagged() -> None:
    for mt in (REF, "Police detained two men after a chase.", "After a chase, police arrested two men."):
        assert list(DroppedReferenceWord().check_segment(CheckContext(seg(mt)))) == [], mt
        assert list(AddedWord().check_segment(CheckContext(seg(mt)))) == [], mt


@pytest.mark.slow
@needs_lm
def test_an_added_word_is_found_on_the_mt_side() -> None:
    mt = "Police arrested two men after a secret chase."
    [finding] = AddedWord().check_segment(CheckContext(seg(mt)))
    assert finding.side is Side.MT and (finding.span.start, finding.span.end) == (
        mt.index("secret"),
        mt.index(" chase"),
    )
    assert finding.category.value == "Accuracy/Addition"


@pytest.mark.slow
@needs_lm
def test_no_reference_or_a_non_english_target_gives_nothing() -> None:
    for segment in (seg("Police two men after a chase.", ref=None), seg("Polizei zwei Männer.", tgt="de")):
        assert list(DroppedReferenceWord().check_segment(CheckContext(segment))) == []
        assert list(AddedWord().check_segment(CheckContext(segment))) == []


@pytest.mark.slow
@needs_lm
def test_insertions_are_tried_only_where_the_next_token_is_surprising() -> None:
    mt = "Police two men after a chase."
    [hole] = insertions(REF, mt, "en")  # before "two", which the model finds very unlikely after "Police"
    fluent = Edit("Police two men after a arrested chase.", hole.word, mt.index(" a ") + 1)  # before "a" (1 nat)
    assert at_a_hole(mt, [hole, fluent]) == [hole]
    assert at_a_hole(mt, []) == []


@pytest.mark.slow
@needs_lm
def test_compare_matches_the_per_text_surprisal() -> None:
    model = lm.get_surprisal_model()
    texts = [REF, "Police two men after a chase.", "A much longer sentence about the police and the two men they held."]
    totals = model.compare(texts)
    assert totals == model.compare(texts)  # the same call gives the same numbers
    for total, scored in zip(totals, model.score(texts), strict=True):
        assert total == pytest.approx(sum(t.surprisal for t in scored.tokens), abs=0.5)
    assert totals[1] > totals[0]  # the sentence with the dropped verb is less likely
    assert model.compare([]) == []
