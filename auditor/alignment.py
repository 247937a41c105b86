"""Document alignment of MT sentences to reference or source sentences (Vecalign/Bertalign-style banded DP).

`align_sentences` finds a monotonic path of beads (1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-0, 0-1) that maximises the sum
of bead scores. A bead's score is its calibrated embedding similarity (cosine of the normalised sums of each side's
vectors, rescaled so that random pairs of the document score about 0 and identical vectors 1), minus a character
length-ratio penalty and a small merge penalty; 1-0 and 0-1 beads score a fixed skip value. Only a band around the
diagonal (scaled to the length ratio of the documents) is searched and the band is doubled whenever the best path
touches its edge, so the time is linear in document length for documents that are alignable at all.

With paragraph numbers, a paragraph-level first pass matches paragraphs by similarity; if the other side's
paragraphs come in a different order, the sentences are also aligned against the reordered side, and the better
scoring of the two alignments is kept (its beads then point at the original, non-monotonic indices).

`build_segments` cuts a document into segments that close both the MT-source and MT-reference beads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .errors import ValidationError
from .types import AlignedSegment, Alignment, Sentence

Matrix = NDArray[np.float32]
_BLOCK = 64  # MT rows whose band scores are computed with one matrix product
_COARSE_ABOVE = 200  # documents with more sentences than this on both sides get a coarse first pass
_COARSE_FACTOR = 4  # sentences a block in the coarse pass


@dataclass(frozen=True)
class Bead:
    """One alignment unit: MT sentence indices and other-side sentence indices (either may be empty)."""

    mt: tuple[int, ...]
    other: tuple[int, ...]
    confidence: float

    @property
    def type(self) -> str:
        return f"{len(self.mt)}-{len(self.other)}"


@dataclass(frozen=True)
class AlignParams:
    """Scoring constants of the aligner (tuned with bench/align_bench.py)."""

    skip: float = -0.05  # score of a 1-0 or 0-1 bead
    min_sim: float = 0.35  # subtracted from the calibrated similarity of every matching bead
    length_weight: float = 0.5  # times |log| of the bead's length ratio over the document's ratio
    length_smoothing: float = 15.0  # characters added to both lengths (short lines have noisy ratios)
    merge_penalty: float = 0.08  # per sentence beyond one on each side
    length_power: float = 0.5  # a merged side is the sum of its vectors weighted by length ** length_power
    samples: int = 64  # sentences a side sampled to estimate what unrelated pairs of the document score
    prior_baseline: float = 0.1  # that score before seeing the document
    prior_weight: float = 30.0  # how many sampled pairs the prior is worth


@dataclass(frozen=True)
class AlignResult:
    """The beads with the path score, the DP cells evaluated and the band half-width finally used."""

    beads: tuple[Bead, ...]
    score: float
    cells: int
    band: int
    reordered: bool = False


def align_sentences(
    mt_vectors: NDArray[np.float32],
    other_vectors: NDArray[np.float32],
    mt_lengths: Sequence[int],
    other_lengths: Sequence[int],
    *,
    band: int = 8,
    max_bead: int = 3,
    mt_paragraphs: Sequence[int] | None = None,
    other_paragraphs: Sequence[int] | None = None,
    params: AlignParams | None = None,
) -> list[Bead]:
    """Align MT sentences to the other side's sentences, covering both sides exactly once.

    Beads are monotonic (in order on both sides) unless paragraph numbers are given and the paragraph pass finds
    the other side reordered. `band` is the initial half-width of the search band in sentences (scaled by the
    length ratio); `max_bead` the most sentences on one side of a bead (a bead has at most `max_bead + 1`).
    """
    return list(
        align_detailed(
            mt_vectors,
            other_vectors,
            mt_lengths,
            other_lengths,
            band=band,
            max_bead=max_bead,
            mt_paragraphs=mt_paragraphs,
            other_paragraphs=other_paragraphs,
            params=params,
        ).beads
    )


def align_detailed(
    mt_vectors: NDArray[np.float32],
    other_vectors: NDArray[np.float32],
    mt_lengths: Sequence[int],
    other_lengths: Sequence[int],
    *,
    band: int = 8,
    max_bead: int = 3,
    mt_paragraphs: Sequence[int] | None = None,
    other_paragraphs: Sequence[int] | None = None,
    params: AlignParams | None = None,
) -> AlignResult:
    """`align_sentences` with the path score and the work done (cells evaluated, final band)."""
    p = params or AlignParams()
    mt_v = _checked(mt_vectors, mt_lengths, "MT")
    other_v = _checked(other_vectors, other_lengths, "other-side")
    if mt_v.shape[0] and other_v.shape[0] and mt_v.shape[1] != other_v.shape[1]:
        raise ValidationError(
            f"MT vectors have {mt_v.shape[1]} dimensions, other-side vectors {other_v.shape[1]}",
            fix="encode both sides with the same encoder",
        )
    if band < 1 or max_bead < 1:
        raise ValidationError(f"band ({band}) and max_bead ({max_bead}) must be >= 1", fix="pass positive values")
    mono = _Aligner(mt_v, other_v, mt_lengths, other_lengths, max_bead, p).run(band)
    if mt_paragraphs is None or other_paragraphs is None:
        return mono
    if len(mt_paragraphs) != len(mt_lengths) or len(other_paragraphs) != len(other_lengths):
        raise ValidationError("paragraph numbers must be given for every sentence", fix="pass one number a sentence")
    perm = _paragraph_order(mt_v, other_v, mt_paragraphs, other_paragraphs, p)
    if perm is None:
        return mono
    perm_lengths = [other_lengths[k] for k in perm]
    moved = _Aligner(mt_v, other_v[perm], mt_lengths, perm_lengths, max_bead, p).run(band)
    if moved.score <= mono.score:
        return mono
    beads = tuple(Bead(b.mt, tuple(sorted(perm[k] for k in b.other)), b.confidence) for b in moved.beads)
    return AlignResult(beads, moved.score, mono.cells + moved.cells, moved.band, reordered=True)


def _checked(vectors: NDArray[np.float32], lengths: Sequence[int], side: str) -> Matrix:
    """The vectors as a 2-D float32 array of unit rows, checked against the lengths."""
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.size == 0 and len(lengths) == 0:
        arr = arr.reshape(0, arr.shape[-1] if arr.ndim == 2 else 0)
    if arr.ndim != 2 or arr.shape[0] != len(lengths):
        raise ValidationError(
            f"{side} vectors have shape {arr.shape} for {len(lengths)} sentences",
            fix="pass one vector and one length per sentence",
        )
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (arr / norms).astype(np.float32)


def _runs(vectors: Matrix, lengths: Sequence[int], max_run: int, power: float) -> list[Matrix]:
    """`out[r][k]` is the normalised sum of `vectors[k - r:k]` (zeros for k < r), each weighted by its length to the
    `power`; `out[0]` is unused."""
    n, dim = vectors.shape
    weights = np.maximum(np.asarray(lengths, dtype=np.float64), 1.0) ** power
    csum = np.zeros((n + 1, dim), dtype=np.float64)
    np.cumsum(vectors * weights[:, None], axis=0, out=csum[1:])
    out: list[Matrix] = [np.zeros((0, dim), dtype=np.float32)]
    for r in range(1, max_run + 1):
        merged = np.zeros((n + 1, dim), dtype=np.float64)
        if n >= r:
            merged[r:] = csum[r:] - csum[:-r]
            norms = np.linalg.norm(merged, axis=1, keepdims=True)
            norms[norms == 0] = 1.0
            merged /= norms
        out.append(merged.astype(np.float32))
    return out


def _baseline(mt: Matrix, other: Matrix, samples: int, prior: float, weight: float) -> float:
    """What an unrelated pair of the document scores: the mean similarity of sampled pairs, leaving out each
    sampled sentence's best match, shrunk towards `prior` (worth `weight` pairs) for short documents."""
    rng = np.random.default_rng(0)
    a = mt[rng.permutation(mt.shape[0])[:samples]]
    b = other[rng.permutation(other.shape[0])[:samples]]
    if a.shape[0] < 2 or b.shape[0] < 2:
        return prior
    sim = (a @ b.T).astype(np.float64)
    keep = np.ones(sim.shape, dtype=bool)
    keep[np.arange(sim.shape[0]), sim.argmax(axis=1)] = False
    keep[sim.argmax(axis=0), np.arange(sim.shape[1])] = False
    total, count = float(sim[keep].sum()), int(keep.sum())
    return float(np.clip((total + prior * weight) / (count + weight), -0.2, 0.8))


class _Aligner:
    """The banded dynamic program for one pair of sentence sequences."""

    def __init__(
        self,
        mt: Matrix,
        other: Matrix,
        mt_lengths: Sequence[int],
        other_lengths: Sequence[int],
        max_bead: int,
        params: AlignParams,
    ) -> None:
        self.p = params
        self.n, self.m = mt.shape[0], other.shape[0]
        self.mt, self.other = mt, other
        self.types = [(a, b) for a in range(1, max_bead + 1) for b in range(1, max_bead + 1) if a + b <= max_bead + 1]
        self.types.append((1, 0))
        self.skip01 = len(self.types)  # type index of 0-1 (handled within a row)
        self.all_types = [*self.types, (0, 1)]
        self.max_bead = max_bead
        max_run = max(max_bead, 1)
        self.mt_runs = _runs(mt, mt_lengths, max_run, params.length_power)
        self.other_runs = _runs(other, other_lengths, max_run, params.length_power)
        self.base = _baseline(mt, other, params.samples, params.prior_baseline, params.prior_weight)
        self.mt_len = np.concatenate([[0.0], np.cumsum(np.asarray(mt_lengths, dtype=np.float64))])
        self.other_len = np.concatenate([[0.0], np.cumsum(np.asarray(other_lengths, dtype=np.float64))])
        self.ratio = (self.other_len[-1] + 1.0) / (self.mt_len[-1] + 1.0)

    # scoring

    def calibrated(self, a: int, b: int, i: int, js: NDArray[np.int64]) -> NDArray[np.float64]:
        """Calibrated similarity of MT run `[i - a, i)` to the other runs `[j - b, j)` for each j in `js`."""
        cos = (self.other_runs[b][js] @ self.mt_runs[a][i]).astype(np.float64)
        return (cos - self.base) / (1.0 - self.base)

    def bead_score(self, a: int, b: int, i: int, js: NDArray[np.int64]) -> NDArray[np.float64]:
        """Score of bead (a, b) ending at MT position i and at each other position in `js`."""
        lm = self.mt_len[i] - self.mt_len[i - a]
        lo = self.other_len[js] - self.other_len[js - b]
        return self.combine(self.calibrated(a, b, i, js), lm, lo, a, b)

    def combine(
        self,
        z: NDArray[np.float64],
        mt_chars: float | NDArray[np.float64],
        other_chars: NDArray[np.float64],
        a: int,
        b: int,
    ) -> NDArray[np.float64]:
        """Bead score from its calibrated similarity and its character lengths."""
        p = self.p
        dev = np.abs(np.log((other_chars + p.length_smoothing) / (self.ratio * mt_chars + p.length_smoothing)))
        return z - p.min_sim - p.length_weight * dev - p.merge_penalty * (a + b - 2)

    # the dynamic program

    def bounds(self, half: int, guide: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
        """Band `[lo, hi]` of other positions for every MT position 0..n: around the diagonal, or around the
        other positions `guide` gives each row (a previous path)."""
        n, m = self.n, self.m
        if n == 0:
            return [(0, m)]
        width = math.ceil(half * max(1.0, m / n))
        if guide is not None:
            return [(max(0, lo - width), min(m, hi + width)) for lo, hi in guide]
        out = []
        for i in range(n + 1):
            centre = i * m / n
            out.append((max(0, math.floor(centre) - width), min(m, math.ceil(centre) + width)))
        return out

    def run(self, band: int) -> AlignResult:
        score, path, cells, half = self.search(band)
        beads = tuple(self.bead(path, k) for k in range(len(path)))
        return AlignResult(beads, score, cells, half)

    def search(self, band: int, recentre: int = 2) -> tuple[float, list[tuple[int, int, int, int]], int, int]:
        """Best path, its score, the transitions tried and the final band half-width.

        Long documents are first aligned at a coarser resolution (blocks of sentences) and the band follows that
        path; otherwise it follows the diagonal. While the path touches the band's edge, the band moves onto the
        path (up to `recentre` times in a row), then doubles.
        """
        half, cells, moves = max(2, band), 0, 0
        guide: list[tuple[int, int]] | None = None
        if min(self.n, self.m) > _COARSE_ABOVE:
            _, coarse_path, coarse_cells, _ = self.coarsened(_COARSE_FACTOR).search(band)
            cells += coarse_cells
            guide = _path_rows(coarse_path, self.n, _COARSE_FACTOR, self.m)
        while True:
            bounds = self.bounds(half, guide)
            score, path, used = self.solve(bounds, half)
            cells += used
            touched = any(
                (j == lo and lo > 0) or (j == hi and hi < self.m)
                for i0, i1, j0, j1 in path
                for i, j in ((i0, j0), (i1, j1))
                for lo, hi in (bounds[i],)
            )
            full = all(lo == 0 and hi == self.m for lo, hi in bounds)
            if not touched or full:
                return score, path, cells, half
            if moves < recentre:
                moves += 1
            else:
                half, moves = half * 2, 0
            guide = _path_rows(path, self.n)

    def coarsened(self, factor: int) -> _Aligner:
        """The aligner of both sides cut into blocks of `factor` sentences (summed vectors and lengths)."""

        def blocks(vectors: Matrix, cum_len: NDArray[np.float64]) -> tuple[Matrix, list[int]]:
            starts = np.arange(0, vectors.shape[0], factor)
            ends = np.minimum(starts + factor, vectors.shape[0])
            summed = np.add.reduceat(vectors, starts, axis=0)
            return summed, [int(x) for x in cum_len[ends] - cum_len[starts]]

        mt, mt_len = blocks(self.mt, self.mt_len)
        other, other_len = blocks(self.other, self.other_len)
        return _Aligner(
            _checked(mt, mt_len, "MT"), _checked(other, other_len, "other"), mt_len, other_len, self.max_bead, self.p
        )

    def band_scores(self, lo: NDArray[np.int64], js: NDArray[np.int64], a: int, b: int) -> NDArray[np.float64]:
        """Scores of bead (a, b) ending at every band cell `(i, js[i, w])` (-inf where it cannot end there)."""
        rows, width = js.shape
        out = np.full((rows, width), -np.inf)
        for r0 in range(a, rows, _BLOCK):
            r1 = min(rows, r0 + _BLOCK)
            block = js[r0:r1]
            c0, c1 = int(lo[r0:r1].min()), int(block.max())
            dense = self.mt_runs[a][r0:r1] @ self.other_runs[b][c0 : c1 + 1].T
            cos = np.take_along_axis(dense, np.clip(block - c0, 0, c1 - c0), axis=1).astype(np.float64)
            z = (cos - self.base) / (1.0 - self.base)
            lm = (self.mt_len[r0:r1] - self.mt_len[r0 - a : r1 - a])[:, None]
            lo_len = self.other_len[block] - self.other_len[np.maximum(block - b, 0)]
            score = self.combine(z, lm, lo_len, a, b)
            out[r0:r1] = np.where(block >= b, score, -np.inf)
        return out

    def solve(self, bounds: list[tuple[int, int]], half: int) -> tuple[float, list[tuple[int, int, int, int]], int]:
        """Best path within the band: its score, its steps `(i0, i1, j0, j1)` and the transitions tried."""
        n, skip = self.n, self.p.skip
        lo = np.array([b[0] for b in bounds], dtype=np.int64)
        hi = np.array([b[1] for b in bounds], dtype=np.int64)
        width = int((hi - lo).max()) + 1
        js = np.minimum(lo[:, None] + np.arange(width)[None, :], hi[:, None])
        inside = (lo[:, None] + np.arange(width)[None, :]) <= hi[:, None]
        # per bead type: the score of the bead ending at each cell (-inf where it cannot) and where it starts
        scores, starts = [], []
        cells = 0
        rows = np.arange(n + 1)
        for a, b in self.types:
            prev = np.maximum(rows - a, 0)
            k = js - b - lo[prev][:, None]
            ok = inside & (k >= 0) & (js - b <= hi[prev][:, None]) & (rows >= a)[:, None]
            bead = self.band_scores(lo, js, a, b) if b else np.full(js.shape, skip)
            scores.append(np.where(ok, bead, -np.inf))
            starts.append(np.clip(k, 0, width - 1))
            cells += int(ok.sum())
        score_t = np.stack(scores, axis=1)  # (n + 1, types, width)
        start_t = np.stack(starts, axis=1)
        sources = [[i - a for a, _ in self.types] for i in range(n + 1)]
        dp = np.full((n + 1, width), -np.inf)
        back = np.full((n + 1, width), -1, dtype=np.int64)
        offsets = np.arange(width) * skip
        col = np.arange(len(self.types))[:, None]
        for i in range(n + 1):
            if i == 0:
                best = np.where(js[0] == 0, 0.0, -np.inf)
                arg = np.full(width, -1, dtype=np.int64)
            else:
                cand = dp[np.maximum(sources[i], 0)][col, start_t[i]] + score_t[i]
                arg = cand.argmax(axis=0)
                best = cand[arg, np.arange(width)]
            # 0-1 beads within the row: dp[j] = max(best[j], dp[j - 1] + skip)
            row = np.maximum.accumulate(best - offsets) + offsets
            row[~inside[i]] = -np.inf
            back[i] = np.where(row > best + 1e-9, self.skip01, arg)
            dp[i] = row
        i, j = n, self.m
        score = float(dp[i, j - lo[i]])
        if not np.isfinite(score):  # pragma: no cover - the band always connects (0, 0) to (n, m)
            raise ValidationError("no alignment path inside the band", fix="raise `band`")
        path: list[tuple[int, int, int, int]] = []
        while i > 0 or j > 0:
            a, b = self.all_types[int(back[i, j - lo[i]])]
            path.append((i - a, i, j - b, j))
            i, j = i - a, j - b
        path.reverse()
        return score, path, cells

    # confidence

    def pair_z(self, mi: NDArray[np.int64] | int, oj: NDArray[np.int64] | int) -> NDArray[np.float64]:
        """Calibrated similarity of MT sentences `mi` to other sentences `oj` (0-based; one side a single index)."""
        mi, oj = np.atleast_1d(mi), np.atleast_1d(oj)
        if mi.shape[0] == 0 or oj.shape[0] == 0:
            return np.zeros(0)
        if mi.shape[0] == 1:
            cos = (self.other[oj] @ self.mt[mi[0]]).astype(np.float64)
        else:
            cos = (self.mt[mi] @ self.other[oj[0]]).astype(np.float64)
        return (cos - self.base) / (1.0 - self.base)

    def step_score(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Score of the bead MT `[i0, i1)`, other `[j0, j1)` (-inf where no such bead type is searched)."""
        a, b = i1 - i0, j1 - j0
        if a == 0 or b == 0:
            return self.p.skip * (a + b)
        if a >= len(self.mt_runs) or b >= len(self.other_runs):
            return -math.inf
        return float(self.bead_score(a, b, i1, np.array([j1]))[0])

    def bead(self, path: list[tuple[int, int, int, int]], k: int, window: int = 3) -> Bead:
        """Bead `k` of the path with its confidence.

        A matching bead is sure when its calibrated similarity is high, when no nearby sentence outside it matches
        its sentences as well (margin), and when each of its sentences is needed (dropping an end sentence as a
        skip scores clearly worse). A skip is sure when nothing nearby resembles the skipped sentence and when
        merging it into the neighbouring bead scores clearly worse.
        """
        i0, i1, j0, j1 = path[k]
        a, b = i1 - i0, j1 - j0
        mt, other = tuple(range(i0, i1)), tuple(range(j0, j1))
        near_o = np.arange(max(0, j0 - window), min(self.m, j1 + window))
        near_m = np.arange(max(0, i0 - window), min(self.n, i1 + window))
        own = self.step_score(i0, i1, j0, j1)
        if a == 0 or b == 0:
            best = 0.0
            for x in mt:
                best = max(best, float(self.pair_z(x, near_o).max(initial=0.0)))
            for x in other:
                best = max(best, float(self.pair_z(near_m, x).max(initial=0.0)))
            gain = math.inf
            for n_k in (k - 1, k + 1):
                if 0 <= n_k < len(path) and path[n_k][0] < path[n_k][1] and path[n_k][2] < path[n_k][3]:
                    ni0, ni1, nj0, nj1 = path[n_k]
                    merged = self.step_score(min(i0, ni0), max(i1, ni1), min(j0, nj0), max(j1, nj1))
                    gain = min(gain, own + self.step_score(*path[n_k]) - merged)
            return Bead(mt, other, _clip01(1.0 - (best - 0.15) / 0.35) * _clip01(0.5 + gain / 0.3))
        z = float(self.calibrated(a, b, i1, np.array([j1]))[0])
        alt = -1.0
        out_o = near_o[(near_o < j0) | (near_o >= j1)]
        out_m = near_m[(near_m < i0) | (near_m >= i1)]
        for x in mt:
            alt = max(alt, float(self.pair_z(x, out_o).max(initial=-1.0)))
        for x in other:
            alt = max(alt, float(self.pair_z(out_m, x).max(initial=-1.0)))
        margin = z - max(alt, 0.0)
        gain = math.inf
        for sub in ((i0 + 1, i1, j0, j1), (i0, i1 - 1, j0, j1), (i0, i1, j0 + 1, j1), (i0, i1, j0, j1 - 1)):
            if sub[0] < sub[1] and sub[2] < sub[3]:
                gain = min(gain, own - self.step_score(*sub) - self.p.skip)
        confidence = _clip01((z - 0.1) / 0.35) * _clip01(0.5 + margin / 0.5) * _clip01(0.5 + gain / 0.3)
        return Bead(mt, other, confidence)


def _path_rows(
    path: list[tuple[int, int, int, int]], n: int, scale: int = 1, m: int | None = None
) -> list[tuple[int, int]]:
    """Lowest and highest other position of the path in every MT row 0..n (a coarse path is scaled up first)."""
    lo, hi = [0] * (n + 1), [0] * (n + 1)
    seen = [False] * (n + 1)
    for step in path:
        i0, i1, j0, j1 = (x * scale for x in step)
        i0, i1 = min(i0, n), min(i1, n)
        if m is not None:
            j0, j1 = min(j0, m), min(j1, m)
        for r in range(i0, i1 + 1):
            lo[r] = min(lo[r], j0) if seen[r] else j0
            hi[r] = max(hi[r], j1) if seen[r] else j1
            seen[r] = True
    return list(zip(lo, hi, strict=True))


def _clip01(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


def _groups(paragraphs: Sequence[int]) -> list[list[int]]:
    """Sentence indices of each paragraph, a paragraph being a run of equal numbers."""
    groups: list[list[int]] = []
    for k, par in enumerate(paragraphs):
        if k == 0 or par != paragraphs[k - 1]:
            groups.append([])
        groups[-1].append(k)
    return groups


def _paragraph_order(
    mt: Matrix, other: Matrix, mt_paragraphs: Sequence[int], other_paragraphs: Sequence[int], p: AlignParams
) -> list[int] | None:
    """Permutation of the other side's sentences that puts its paragraphs in MT order; None if already in order.

    Paragraphs are matched when each is the other's most similar; unmatched paragraphs stay after the paragraph
    that preceded them.
    """
    mt_groups, other_groups = _groups(mt_paragraphs), _groups(other_paragraphs)
    if len(mt_groups) < 2 or len(other_groups) < 2:
        return None
    pm = _runs_of_groups(mt, mt_groups)
    po = _runs_of_groups(other, other_groups)
    sim = (po @ pm.T).astype(np.float64)
    base_o, base_m = sim.mean(axis=1, keepdims=True), sim.mean(axis=0, keepdims=True)
    z = sim - (base_o + base_m) / 2.0
    best_m = z.argmax(axis=1)
    best_o = z.argmax(axis=0)
    keys: list[float] = []
    for q in range(len(other_groups)):
        k = int(best_m[q])
        if best_o[k] == q and z[q, k] > p.min_sim / 2:
            keys.append(float(k))
        else:
            keys.append((keys[-1] if keys else -1.0) + 1e-3)
    order = sorted(range(len(other_groups)), key=lambda q: (keys[q], q))
    if order == sorted(order):
        return None
    return [k for q in order for k in other_groups[q]]


def _runs_of_groups(vectors: Matrix, groups: list[list[int]]) -> Matrix:
    out = np.stack([vectors[g].sum(axis=0) for g in groups]).astype(np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (out / norms).astype(np.float32)


# segments


def _check_beads(beads: Sequence[Bead], n_mt: int, n_other: int, side: str) -> None:
    """MT indices must run 0..n_mt-1 in order; other indices must cover 0..n_other-1 exactly once."""
    mt_seen = [k for b in beads for k in b.mt]
    other_seen = sorted(k for b in beads for k in b.other)
    if mt_seen != list(range(n_mt)) or other_seen != list(range(n_other)):
        raise ValidationError(
            f"the MT-{side} beads do not cover the {n_mt} MT and {n_other} {side} sentences exactly once",
            fix="pass the beads returned by align_sentences for these sentences",
        )


def _cuts(beads: Sequence[Bead]) -> set[int]:
    """MT positions where this bead list has a boundary."""
    pos, out = 0, {0}
    for b in beads:
        pos += len(b.mt)
        out.add(pos)
    return out


def build_segments(
    mt: Sequence[Sentence],
    src: Sequence[Sentence] | None,
    ref: Sequence[Sentence] | None,
    src_beads: Sequence[Bead] | None,
    ref_beads: Sequence[Bead] | None,
    mt_text: str,
) -> list[AlignedSegment]:
    """Cut the document into segments that close every source and reference bead; every MT sentence once.

    A segment is the smallest run of MT sentences at whose ends both bead lists have a boundary. Other-side
    sentences with no MT (0-1 beads) at such a cut get segments of their own, with an empty MT sentence at the
    cut's offset (the k-th missing source and the k-th missing reference sentence share one); elsewhere they join
    the segment around them.
    """
    n = len(mt)
    sides: list[tuple[Sequence[Sentence], Sequence[Bead]] | None] = []
    for name, sents, beads in (("source", src, src_beads), ("reference", ref, ref_beads)):
        if sents is None or beads is None:
            sides.append(None)
        else:
            _check_beads(beads, n, len(sents), name)
            sides.append((sents, beads))
    cuts = set(range(n + 1))
    for side in sides:
        if side is not None:
            cuts &= _cuts(side[1]) | {n}
    cut_list = sorted(cuts)
    # which segment (by its start cut) every bead belongs to; empty beads at a cut are keyed (cut, "gap")
    spans = list(zip(cut_list, [*cut_list[1:], n], strict=True))
    seg_beads: list[dict[int, list[Bead]]] = []
    gap_beads: list[dict[int, list[Bead]]] = []
    for side in sides:
        per_seg: dict[int, list[Bead]] = {}
        per_gap: dict[int, list[Bead]] = {}
        if side is not None:
            pos = 0
            for b in side[1]:
                if b.mt:
                    per_seg.setdefault(_segment_of(spans, b.mt[0]), []).append(b)
                    pos += len(b.mt)
                elif pos in cuts:
                    per_gap.setdefault(pos, []).append(b)
                else:
                    per_seg.setdefault(_segment_of(spans, pos), []).append(b)
        seg_beads.append(per_seg)
        gap_beads.append(per_gap)

    segments: list[AlignedSegment] = []
    for start, end in spans:
        gaps = [gap_beads[s].get(start, []) for s in range(2)]
        for k in range(max(len(g) for g in gaps)):
            offset, par = _gap_position(mt, start)
            parts: list[tuple[Bead, ...]] = [(g[k],) if k < len(g) else () for g in gaps]
            segments.append(_segment(len(segments), Sentence("", offset, offset, par), sides, parts, 0))
        if start < end:
            s0, s1 = mt[start], mt[end - 1]
            sent = Sentence(mt_text[s0.start : s1.end], s0.start, s1.end, s0.paragraph)
            parts = [tuple(seg_beads[s].get(start, [])) for s in range(2)]
            segments.append(_segment(len(segments), sent, sides, parts, end - start))
    return segments


def _segment_of(spans: list[tuple[int, int]], pos: int) -> int:
    """Start cut of the segment that contains MT position `pos` (or ends at it, for the last one)."""
    for start, end in spans:
        if start <= pos < end:
            return start
    return spans[-1][0]


def _gap_position(mt: Sequence[Sentence], pos: int) -> tuple[int, int]:
    """Offset and paragraph where an other-side sentence without MT sits, before MT sentence `pos`."""
    if pos > 0:
        return mt[pos - 1].end, mt[pos - 1].paragraph
    if mt:
        return mt[0].start, mt[0].paragraph
    return 0, 0


def _segment(
    index: int,
    sent: Sentence,
    sides: list[tuple[Sequence[Sentence], Sequence[Bead]] | None],
    parts: list[tuple[Bead, ...]],
    n_mt: int,
) -> AlignedSegment:
    texts: list[tuple[Sentence, ...]] = []
    alignments: list[Alignment | None] = []
    for side, beads in zip(sides, parts, strict=True):
        if side is None or not beads:
            texts.append(())
            alignments.append(None)
            continue
        idx = sorted(k for b in beads for k in b.other)
        texts.append(tuple(side[0][k] for k in idx))
        alignments.append(Alignment(f"{n_mt}-{len(idx)}", min(b.confidence for b in beads)))
    return AlignedSegment(f"s{index + 1}", sent, texts[0], texts[1], alignments[0], alignments[1])
