"""Tests of document alignment: bead recovery on small written documents, coverage, band, reordering, segments."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.alignment import AlignParams, Bead, align_detailed, align_sentences, build_segments
from auditor.embeddings import CachedEncoder, get_encoder
from auditor.errors import ValidationError
from auditor.splitting import split_sentences
from auditor.types import Sentence

Pairs = list[tuple[tuple[int, ...], tuple[int, ...]]]


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return get_encoder("use-m3")


def align_texts(encoder: CachedEncoder, mt: list[str], other: list[str], **kw: object) -> list[Bead]:
    return align_sentences(
        encoder.encode(mt),
        encoder.encode(other),
        [len(s) for s in mt],
        [len(s) for s in other],
        **kw,  # type: ignore[arg-type]
    )


def pairs(beads: list[Bead]) -> Pairs:
    return [(b.mt, b.other) for b in beads]


def assert_covers(beads: list[Bead], n: int, m: int, *, ordered: bool = True) -> None:
    assert [k for b in beads for k in b.mt] == list(range(n))
    others = [k for b in beads for k in b.other]
    assert (others if ordered else sorted(others)) == list(range(m))
    for b in beads:
        assert 0.0 <= b.confidence <= 1.0
        assert b.mt or b.other
        assert list(b.mt) == list(range(b.mt[0], b.mt[0] + len(b.mt))) if b.mt else True


# Project-written mini documents: English MT against an Italian source (cross-lingual) or an English reference.
EN = [
    "The city council approved a new budget for public transport on Tuesday.",
    "Bus tickets will cost one euro less from March.",
    "Critics say the plan does not help people living in the suburbs.",
    "The mayor promised to publish the full figures next week.",
]
IT = [
    "Martedì il consiglio comunale ha approvato un nuovo bilancio per il trasporto pubblico.",
    "Da marzo i biglietti dell'autobus costeranno un euro in meno.",
    "I critici dicono che il piano non aiuta chi vive in periferia.",
    "Il sindaco ha promesso di pubblicare i dati completi la settimana prossima.",
]
EN_REF = [
    "On Tuesday the council passed a fresh budget for buses and trams.",
    "From March, a bus ticket is going to be one euro cheaper.",
    "Opponents argue the scheme does nothing for residents of outlying districts.",
    "The mayor pledged that the complete numbers would be released next week.",
]

ALIGN_CASES: list[tuple[str, list[str], list[str], Pairs]] = [
    ("1-1 cross-lingual", EN, IT, [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]),
    ("1-1 same language", EN, EN_REF, [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]),
    (
        "1-2: the MT joins two source sentences",
        [
            EN[0],
            "Bus tickets will cost one euro less from March, but critics say the plan does not help the suburbs.",
            EN[3],
        ],
        IT,
        [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))],
    ),
    (
        "2-1: the MT splits one source sentence",
        [EN[0], "Bus tickets will become cheaper.", "From March they will cost one euro less.", EN[2], EN[3]],
        IT,
        [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((4,), (3,))],
    ),
    (
        "1-0: a sentence added by the MT",
        [EN[0], EN[1], "Our football team won the championship after a dramatic penalty shoot-out.", EN[2], EN[3]],
        IT,
        [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))],
    ),
    (
        "0-1: a source sentence the MT left out",
        [EN[0], EN[1], EN[3]],
        IT,
        [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,))],
    ),
    (
        "headline, dateline and one-word paragraph",
        ["Rome cuts bus fares", "ROME, Jan 18 -", EN[0], EN[1], "Weather", "Heavy rain is expected over the weekend."],
        [
            "Roma taglia le tariffe degli autobus",
            "ROMA, 18 gen -",
            IT[0],
            IT[1],
            "Meteo",
            "Nel fine settimana è attesa pioggia forte.",
        ],
        [((k,), (k,)) for k in range(6)],
    ),
    (
        "dateline missing from the MT does not shift the rest",
        ["Rome cuts bus fares", EN[0], EN[1], EN[2]],
        ["Roma taglia le tariffe degli autobus", "ROMA, 18 gen -", IT[0], IT[1], IT[2]],
        [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,)), ((3,), (4,))],
    ),
]


@pytest.mark.parametrize(("name", "mt", "other", "expected"), ALIGN_CASES, ids=[c[0] for c in ALIGN_CASES])
def test_recovers_beads(encoder: CachedEncoder, name: str, mt: list[str], other: list[str], expected: Pairs) -> None:
    beads = align_texts(encoder, mt, other)
    assert pairs(beads) == expected, name
    assert_covers(beads, len(mt), len(other))


def test_confidence_is_high_for_clean_matches_and_low_for_unrelated(encoder: CachedEncoder) -> None:
    clean = align_texts(encoder, EN, IT)
    assert min(b.confidence for b in clean) > 0.8
    unrelated = ["The orchestra will tour Japan in autumn.", "Tickets for the concerts sold out in an hour."]
    mixed = align_texts(encoder, [EN[0], *unrelated], [IT[0], IT[1], IT[2]])
    assert mixed[0].confidence > 0.8
    assert all(not (b.mt and b.other) or b.confidence < 0.5 for b in mixed[1:])


def test_bead_type() -> None:
    assert Bead((1, 2), (3,), 0.5).type == "2-1"
    assert Bead((), (0,), 0.5).type == "0-1"


EMPTY_CASES = [(0, 3, [((), (0,)), ((), (1,)), ((), (2,))]), (3, 0, [((0,), ()), ((1,), ()), ((2,), ())]), (0, 0, [])]


@pytest.mark.parametrize(("n", "m", "expected"), EMPTY_CASES)
def test_empty_sides(n: int, m: int, expected: Pairs) -> None:
    rng = np.random.default_rng(1)
    beads = align_sentences(
        rng.normal(size=(n, 16)).astype(np.float32),
        rng.normal(size=(m, 16)).astype(np.float32),
        [20] * n,
        [20] * m,
    )
    assert pairs(beads) == expected
    assert all(b.confidence == 1.0 for b in beads)


def test_bad_input_raises() -> None:
    with pytest.raises(ValidationError):
        align_sentences(np.zeros((2, 4), np.float32), np.zeros((2, 4), np.float32), [1, 2, 3], [1, 2])
    with pytest.raises(ValidationError):
        align_sentences(np.ones((2, 4), np.float32), np.ones((2, 5), np.float32), [1, 2], [1, 2])
    with pytest.raises(ValidationError):
        align_sentences(np.ones((2, 4), np.float32), np.ones((2, 4), np.float32), [1, 2], [1, 2], band=0)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(0, 25),
    m=st.integers(0, 25),
    seed=st.integers(0, 2**31),
    band=st.integers(1, 6),
    max_bead=st.integers(1, 4),
)
def test_random_matrices_cover_both_sides_once_in_order(n: int, m: int, seed: int, band: int, max_bead: int) -> None:
    rng = np.random.default_rng(seed)
    mt = rng.normal(size=(n, 8)).astype(np.float32)
    other = rng.normal(size=(m, 8)).astype(np.float32)
    beads = align_sentences(
        mt, other, rng.integers(1, 200, n).tolist(), rng.integers(1, 200, m).tolist(), band=band, max_bead=max_bead
    )
    assert_covers(beads, n, m)
    for b in beads:
        assert max(len(b.mt), len(b.other)) <= max_bead


def synthetic(n: int, seed: int, dim: int = 64) -> tuple[np.ndarray, np.ndarray, list[int], list[int], Pairs]:
    """An MT side of random unit vectors and an other side of noisy copies with merges, splits and drops."""
    rng = np.random.default_rng(seed)
    mt = rng.normal(size=(n, dim))
    lengths = rng.integers(30, 200, n).tolist()
    other: list[np.ndarray] = []
    other_len: list[int] = []
    gold: Pairs = []
    i = 0
    while i < n:
        r = rng.random()
        j = len(other)
        if r < 0.03:
            gold.append(((i,), ()))
        elif r < 0.06:
            other.append(rng.normal(size=dim))
            other_len.append(int(rng.integers(30, 200)))
            gold.append(((), (j,)))
            continue
        elif r < 0.12 and i + 1 < n:
            other.append(mt[i] + mt[i + 1] + 0.3 * rng.normal(size=dim))
            other_len.append(lengths[i] + lengths[i + 1])
            gold.append(((i, i + 1), (j,)))
            i += 1
        else:
            other.append(mt[i] + 0.4 * rng.normal(size=dim))
            other_len.append(lengths[i])
            gold.append(((i,), (j,)))
        i += 1
    return mt.astype(np.float32), np.array(other, dtype=np.float32), lengths, other_len, gold


def test_long_document_is_linear_in_the_band() -> None:
    work = {}
    for n in (500, 2000):
        mt, other, mt_len, other_len, gold = synthetic(n, seed=5)
        result = align_detailed(mt, other, mt_len, other_len, band=8)
        m = len(other_len)
        assert_covers(list(result.beads), n, m)
        found = set(pairs(list(result.beads)))
        assert sum(g in found for g in gold) / len(gold) > 0.97
        assert result.cells < 400 * n  # a band of constant width: far below the n * m * 7 of the full table
        work[n] = result.cells
    assert work[2000] / work[500] < 6  # 4 when linear, 16 when quadratic


def test_band_widens_when_the_path_leaves_it() -> None:
    mt, other, mt_len, other_len, _ = synthetic(60, seed=9)
    rng = np.random.default_rng(3)
    extra = rng.normal(size=(25, mt.shape[1])).astype(np.float32)  # 25 unrelated sentences before the text
    other2 = np.concatenate([extra, other])
    result = align_detailed(mt, other2, mt_len, [100] * 25 + other_len, band=2)
    assert result.band > 2
    assert [b.other for b in result.beads[:25]] == [(k,) for k in range(25)]
    assert all(not b.mt for b in result.beads[:25])


PARAGRAPHS_EN = [
    ["The storm closed three schools on the coast.", "Parents were told to keep children at home."],
    ["Farmers fear the harvest will be lost.", "Wheat prices rose by ten percent in a week."],
    ["A new museum of modern art opened in the old port.", "Entry will be free on Sundays."],
    ["The national team lost the final on penalties.", "Its coach resigned the next morning."],
]
PARAGRAPHS_REF = [
    ["Three seaside schools were shut because of the storm.", "Families were asked to keep their kids at home."],
    ["Growers are afraid the crop will be ruined.", "The price of wheat climbed ten percent in seven days."],
    ["A modern art museum has opened in the former harbour.", "Admission on Sundays will cost nothing."],
    ["The national side was beaten in the final after a shoot-out.", "The manager quit the following day."],
]


def flatten(paragraphs: list[list[str]], order: list[int]) -> tuple[list[str], list[int]]:
    texts = [s for p in order for s in paragraphs[p]]
    numbers = [k for k, p in enumerate(order) for _ in paragraphs[p]]
    return texts, numbers


def mapping(beads: list[Bead], mt: list[str], ref: list[str]) -> dict[str, tuple[str, ...]]:
    return {mt[b.mt[0]]: tuple(ref[k] for k in b.other) for b in beads if len(b.mt) == 1}


ORDERS = [[0, 1, 2, 3], [2, 0, 3, 1], [3, 2, 1, 0], [1, 3, 0, 2]]


@pytest.mark.parametrize("order", ORDERS)
def test_shuffling_both_sides_moves_the_alignment_along(encoder: CachedEncoder, order: list[int]) -> None:
    mt, _ = flatten(PARAGRAPHS_EN, order)
    ref, _ = flatten(PARAGRAPHS_REF, order)
    beads = align_texts(encoder, mt, ref)
    expected = {e: (r,) for p in range(4) for e, r in zip(PARAGRAPHS_EN[p], PARAGRAPHS_REF[p], strict=True)}
    assert mapping(beads, mt, ref) == expected


@pytest.mark.parametrize("order", ORDERS[1:])
def test_reordered_reference_paragraphs_are_followed(encoder: CachedEncoder, order: list[int]) -> None:
    mt, mt_par = flatten(PARAGRAPHS_EN, [0, 1, 2, 3])
    ref, ref_par = flatten(PARAGRAPHS_REF, order)
    vec_mt, vec_ref = encoder.encode(mt), encoder.encode(ref)
    lengths = ([len(s) for s in mt], [len(s) for s in ref])
    result = align_detailed(vec_mt, vec_ref, *lengths, mt_paragraphs=mt_par, other_paragraphs=ref_par)
    assert result.reordered
    beads = list(result.beads)
    assert_covers(beads, len(mt), len(ref), ordered=False)
    expected = {e: (r,) for p in range(4) for e, r in zip(PARAGRAPHS_EN[p], PARAGRAPHS_REF[p], strict=True)}
    assert mapping(beads, mt, ref) == expected
    # without paragraph numbers the aligner stays monotonic and cannot follow every paragraph
    mono = align_sentences(vec_mt, vec_ref, *lengths)
    assert_covers(mono, len(mt), len(ref))
    assert mapping(mono, mt, ref) != expected


def test_paragraph_pass_keeps_monotonic_alignment_when_in_order(encoder: CachedEncoder) -> None:
    mt, mt_par = flatten(PARAGRAPHS_EN, [0, 1, 2, 3])
    ref, ref_par = flatten(PARAGRAPHS_REF, [0, 1, 2, 3])
    result = align_detailed(
        encoder.encode(mt),
        encoder.encode(ref),
        [len(s) for s in mt],
        [len(s) for s in ref],
        mt_paragraphs=mt_par,
        other_paragraphs=ref_par,
    )
    assert not result.reordered
    assert pairs(list(result.beads)) == [((k,), (k,)) for k in range(8)]


# build_segments

MT_TEXT = "First one here. Second one here. Third one here.\n\nFourth one here."


def sentences(n: int, prefix: str = "x") -> list[Sentence]:
    return [Sentence(f"{prefix}{k}", 10 * k, 10 * k + 2) for k in range(n)]


def bead_list(spec: list[tuple[tuple[int, ...], tuple[int, ...]]], confidence: float = 0.9) -> list[Bead]:
    return [Bead(a, b, confidence) for a, b in spec]


SEGMENT_CASES: list[
    tuple[str, Pairs | None, Pairs | None, list[tuple[tuple[int, ...], list[str], list[str], str | None, str | None]]]
] = [
    (
        "cut only where both sides have a boundary",
        [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))],
        [((0,), (0, 1)), ((1,), (2,)), ((2,), (3,)), ((3,), (4,))],
        [
            ((0,), ["s0"], ["r0", "r1"], "1-1", "1-2"),
            ((1, 2), ["s1"], ["r2", "r3"], "2-1", "2-2"),
            ((3,), ["s2"], ["r4"], "1-1", "1-1"),
        ],
    ),
    (
        "0-1 at a cut stands alone with an empty MT sentence",
        [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))],
        [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,))],
        [
            ((0,), ["s0"], ["r0"], "1-1", "1-1"),
            ((1,), ["s1"], ["r1"], "1-1", "1-1"),
            ((), [], ["r2"], None, "0-1"),
            ((2,), ["s2"], ["r3"], "1-1", "1-1"),
            ((3,), ["s3"], ["r4"], "1-1", "1-1"),
        ],
    ),
    (
        "0-1 inside a segment joins it",
        [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))],
        [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), (3,)), ((3,), (4,))],
        [
            ((0,), ["s0"], ["r0"], "1-1", "1-1"),
            ((1, 2), ["s1"], ["r1", "r2", "r3"], "2-1", "2-3"),
            ((3,), ["s2"], ["r4"], "1-1", "1-1"),
        ],
    ),
    (
        "missing source and reference sentences at the same cut pair up; 1-0 on both sides",
        [((), (0,)), ((0,), (1,)), ((1,), ()), ((2,), (2,)), ((3,), (3,)), ((), (4,))],
        [((), (0,)), ((), (1,)), ((0,), (2,)), ((1,), ()), ((2,), (3,)), ((3,), (4,))],
        [
            ((), ["s0"], ["r0"], "0-1", "0-1"),
            ((), [], ["r1"], None, "0-1"),
            ((0,), ["s1"], ["r2"], "1-1", "1-1"),
            ((1,), [], [], "1-0", "1-0"),
            ((2,), ["s2"], ["r3"], "1-1", "1-1"),
            ((3,), ["s3"], ["r4"], "1-1", "1-1"),
            ((), ["s4"], [], "0-1", None),
        ],
    ),
    (
        "reference only",
        None,
        [((0, 1), (0,)), ((2,), (1,)), ((3,), ())],
        [((0, 1), [], ["r0"], None, "2-1"), ((2,), [], ["r1"], None, "1-1"), ((3,), [], [], None, "1-0")],
    ),
]


@pytest.mark.parametrize(("name", "src_spec", "ref_spec", "expected"), SEGMENT_CASES, ids=[c[0] for c in SEGMENT_CASES])
def test_build_segments(
    name: str,
    src_spec: Pairs | None,
    ref_spec: Pairs | None,
    expected: list[tuple[tuple[int, ...], list[str], list[str], str | None, str | None]],
) -> None:
    mt = split_sentences(MT_TEXT)
    assert len(mt) == 4
    n_src = len({k for _, o in src_spec or [] for k in o})
    n_ref = len({k for _, o in ref_spec or [] for k in o})
    src = sentences(n_src, "s") if src_spec is not None else None
    ref = sentences(n_ref, "r") if ref_spec is not None else None
    segs = build_segments(
        mt,
        src,
        ref,
        bead_list(src_spec) if src_spec is not None else None,
        bead_list(ref_spec) if ref_spec is not None else None,
        MT_TEXT,
    )
    assert [s.id for s in segs] == [f"s{k + 1}" for k in range(len(segs))]
    got = []
    for seg in segs:
        idx = tuple(k for k, s in enumerate(mt) if seg.mt.start <= s.start and s.end <= seg.mt.end and seg.mt.text)
        got.append(
            (
                idx,
                [s.text for s in seg.src],
                [s.text for s in seg.ref],
                seg.src_alignment.type if seg.src_alignment else None,
                seg.ref_alignment.type if seg.ref_alignment else None,
            )
        )
        assert seg.mt.text == MT_TEXT[seg.mt.start : seg.mt.end]
    assert got == expected, name


def test_empty_segment_sits_at_the_mt_offset() -> None:
    mt = split_sentences(MT_TEXT)
    ref = sentences(5, "r")
    beads = bead_list([((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,)), ((3,), ()), ((), (4,))])
    segs = build_segments(mt, None, ref, None, beads, MT_TEXT)
    gap = segs[1]
    assert (gap.mt.text, gap.mt.start, gap.mt.end) == ("", mt[0].end, mt[0].end)
    assert segs[-1].mt.start == segs[-1].mt.end == mt[3].end
    assert segs[-1].ref_alignment is not None and segs[-1].ref_alignment.type == "0-1"


def test_empty_mt_document() -> None:
    ref = sentences(2, "r")
    segs = build_segments([], None, ref, None, bead_list([((), (0,)), ((), (1,))]), "")
    assert [(s.mt.text, [r.text for r in s.ref]) for s in segs] == [("", ["r0"]), ("", ["r1"])]


def test_segment_confidence_is_the_minimum_of_its_beads() -> None:
    mt = split_sentences(MT_TEXT)
    ref = sentences(3, "r")
    beads = [Bead((0, 1), (0,), 0.9), Bead((2,), (1,), 0.4), Bead((3,), (2,), 0.8)]
    src_beads = [Bead((0,), (0,), 0.7), Bead((1, 2), (1,), 0.6), Bead((3,), (2,), 0.8)]
    segs = build_segments(mt, sentences(3, "s"), ref, src_beads, beads, MT_TEXT)
    assert len(segs) == 2
    assert segs[0].ref_alignment is not None and segs[0].ref_alignment.confidence == 0.4
    assert segs[0].src_alignment is not None and segs[0].src_alignment.confidence == 0.6


BAD_BEADS: list[Pairs] = [
    [((0,), (0,)), ((2,), (1,)), ((3,), (2,))],  # MT sentence 1 missing
    [((0,), (0,)), ((1,), (0,)), ((2,), (1,)), ((3,), (2,))],  # ref sentence 0 twice
    [((1,), (0,)), ((0,), (1,)), ((2,), (2,)), ((3,), ())],  # MT out of order
]


@pytest.mark.parametrize("spec", BAD_BEADS)
def test_build_segments_rejects_beads_that_do_not_cover(spec: Pairs) -> None:
    with pytest.raises(ValidationError):
        build_segments(split_sentences(MT_TEXT), None, sentences(3, "r"), None, bead_list(spec), MT_TEXT)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(0, 12), m_src=st.integers(0, 12), m_ref=st.integers(0, 12))
def test_segments_cover_every_sentence_once(seed: int, n: int, m_src: int, m_ref: int) -> None:
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "delta"]
    text = " ".join(f"{rng.choice(words).capitalize()} {rng.choice(words)} {k}." for k in range(n))
    mt = split_sentences(text)
    assert len(mt) == n
    nrng = np.random.default_rng(seed)
    mt_v = nrng.normal(size=(n, 8)).astype(np.float32)
    src_v = nrng.normal(size=(m_src, 8)).astype(np.float32)
    ref_v = nrng.normal(size=(m_ref, 8)).astype(np.float32)
    mt_len = [len(s.text) for s in mt]
    src_beads = align_sentences(mt_v, src_v, mt_len, [30] * m_src)
    ref_beads = align_sentences(mt_v, ref_v, mt_len, [30] * m_ref)
    segs = build_segments(mt, sentences(m_src, "s"), sentences(m_ref, "r"), src_beads, ref_beads, text)
    covered = [s for seg in segs for s in mt if seg.mt.text and seg.mt.start <= s.start and s.end <= seg.mt.end]
    assert covered == mt
    assert sorted(s.text for seg in segs for s in seg.src) == sorted(f"s{k}" for k in range(m_src))
    assert sorted(s.text for seg in segs for s in seg.ref) == sorted(f"r{k}" for k in range(m_ref))
    assert [seg.id for seg in segs] == [f"s{k + 1}" for k in range(len(segs))]
    for seg in segs:
        assert seg.mt.text == text[seg.mt.start : seg.mt.end]


def test_custom_params_are_used() -> None:
    mt, other, mt_len, other_len, _ = synthetic(30, seed=2)
    strict = AlignParams(min_sim=5.0)  # no match can pay for itself: everything is skipped
    beads = align_sentences(mt, other, mt_len, other_len, params=strict)
    assert all(not (b.mt and b.other) for b in beads)
    assert_covers(beads, len(mt_len), len(other_len))
