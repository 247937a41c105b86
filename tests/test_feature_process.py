"""Feature extraction in a second process: same scores as in one process, and a dead child costs nothing."""

from __future__ import annotations

import pickle
from collections.abc import Iterator

import pytest

from auditor.config import AuditorConfig
from auditor.errors import ConfigError, InputError, ModelError, ValidationError
from auditor.pipeline import Auditor
from auditor.types import DocumentInput, Segment

pytestmark = pytest.mark.slow

SEGMENTS = [
    Segment(
        "s1",
        "The city council ordered 42 new buses on Tuesday.",
        "Der Stadtrat hat am Dienstag 42 neue Busse bestellt.",
        "On Tuesday the city council ordered 42 new buses.",
        "de",
        "en",
    ),
    Segment("s2", "Where I am at least seven people died.", "Dove sono morte almeno sette persone.", None, "it", "en"),
    Segment("s3", "Der Stadtrat bestellte 24 Busse.", None, "Der Stadtrat bestellte 42 Busse.", None, "de"),
    # findings of the checks that run beside the features (missing-content, named-entities)
    Segment(
        "s4",
        "The mayor resigned on Friday.",
        None,
        "The mayor of Lisbon, who was re-elected last year with a large majority, resigned on Friday.",
        None,
        "en",
    ),
]


@pytest.fixture(scope="module")
def in_two_processes() -> Iterator[Auditor]:
    auditor = Auditor(AuditorConfig(feature_process=True))
    yield auditor
    auditor.close()


def _assert_same(a: dict[str, float], b: dict[str, float]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        assert a[key] == pytest.approx(b[key], abs=1e-3), key


def test_scores_and_findings_match_one_process(in_two_processes: Auditor) -> None:
    one = Auditor().score_segments(SEGMENTS)
    two = in_two_processes.score_segments(SEGMENTS)
    assert in_two_processes._feature_process is not None  # the child really ran
    for a, b in zip(one, two, strict=True):
        _assert_same(a.scores, b.scores)
        assert a.findings == b.findings
        assert a.band == b.band
    assert {"missing-content", "named-entities"} <= {f.check for f in two[3].findings}


def test_the_checks_beside_the_features_run_in_the_child_only(in_two_processes: Auditor) -> None:
    here = set(in_two_processes._checks_here.names)
    beside = {c.name for c in in_two_processes.checks.checks if c.beside_features}
    assert set(in_two_processes._checks_beside.names) == beside
    assert {"missing-content", "named-entities"} <= beside
    assert not here & beside and here | beside == set(in_two_processes.checks.names)


@pytest.mark.parametrize("batch_size", [1, 3])
def test_streamed_batches_match_one_call(in_two_processes: Auditor, batch_size: int) -> None:
    # iter_score starts the next batch's features before the current batch's checks run
    whole = in_two_processes.score_segments(SEGMENTS)
    streamed = list(in_two_processes.iter_score(iter(SEGMENTS), batch_size=batch_size))
    assert [r.segment.id for r in streamed] == [s.id for s in SEGMENTS]
    for a, b in zip(whole, streamed, strict=True):
        _assert_same(a.scores, b.scores)
        assert a.findings == b.findings


def test_a_bad_segment_in_a_later_batch_comes_after_the_results_before_it(in_two_processes: Auditor) -> None:
    bad = Segment("bad", 42, None, "A reference.", None, "en")  # type: ignore[arg-type]
    stream = in_two_processes.iter_score(iter([*SEGMENTS[:2], bad]), batch_size=2)
    assert [r.segment.id for r in (next(stream), next(stream))] == ["s1", "s2"]
    with pytest.raises(ValidationError, match="must be a string"):
        next(stream)


def test_input_that_fails_to_read_comes_after_the_results_before_it(in_two_processes: Auditor) -> None:
    def reader() -> Iterator[Segment]:
        yield from SEGMENTS[:2]
        raise InputError("line 3: not valid JSON", fix="repair line 3")

    stream = in_two_processes.iter_score(reader(), batch_size=2)
    assert [r.segment.id for r in (next(stream), next(stream))] == ["s1", "s2"]
    with pytest.raises(InputError, match="line 3"):
        next(stream)


def test_documents_match_one_process(in_two_processes: Auditor) -> None:
    doc = DocumentInput(
        "d1",
        mt="The council ordered 42 buses. Where I am at least seven people died.",
        ref="The council ordered 42 buses. At least seven people died there.",
        src_lang="it",
        tgt_lang="en",
    )
    one = Auditor().audit_document(doc)
    two = in_two_processes.audit_document(doc)
    _assert_same(one.scores, two.scores)
    for a, b in zip(one.segments, two.segments, strict=True):
        _assert_same(a.scores, b.scores)
        assert a.findings == b.findings


def test_a_killed_child_falls_back_to_this_process() -> None:
    auditor = Auditor(AuditorConfig(feature_process=True))
    try:
        first = auditor.score_segments(SEGMENTS[3:])
        process = auditor._feature_process
        assert process is not None and process._pool is not None
        for child in list(process._pool._processes.values()):
            child.kill()
            child.join()
        again = auditor.score_segments(SEGMENTS[3:])  # no error: rows and findings come from this process
        _assert_same(first[0].scores, again[0].scores)
        assert again[0].findings == first[0].findings
        third = auditor.score_segments(SEGMENTS[3:])  # and the next batch starts a new child
        _assert_same(first[0].scores, third[0].scores)
        assert third[0].findings == first[0].findings
    finally:
        auditor.close()


def test_an_error_in_the_child_keeps_its_type_and_fix() -> None:
    auditor = Auditor(AuditorConfig(feature_process=True, weights="/nonexistent/weights.json"))
    try:
        with pytest.raises((ConfigError, ModelError)) as caught:
            auditor.score_segments(SEGMENTS[:1])
        assert caught.value.fix
    finally:
        auditor.close()


def test_typed_errors_survive_pickling() -> None:
    error = pickle.loads(pickle.dumps(ModelError("the encoder 'x' is not installed", fix="pip install x")))
    assert isinstance(error, ModelError)
    assert error.problem == "the encoder 'x' is not installed"
    assert error.fix == "pip install x"
    assert str(error) == "the encoder 'x' is not installed; pip install x"
