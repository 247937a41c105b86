"""Document alignment of MT sentences to reference or source sentences (first version: index order)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .types import AlignedSegment, Alignment, Sentence


@dataclass(frozen=True)
class Bead:
    """One alignment unit: MT sentence indices and other-side sentence indices (either may be empty)."""

    mt: tuple[int, ...]
    other: tuple[int, ...]
    confidence: float

    @property
    def type(self) -> str:
        return f"{len(self.mt)}-{len(self.other)}"


def align_sentences(
    mt_vectors: NDArray[np.float32],
    other_vectors: NDArray[np.float32],
    mt_lengths: Sequence[int],
    other_lengths: Sequence[int],
) -> list[Bead]:
    """Monotonic alignment of MT sentences to the other side's sentences, covering both sides exactly once."""
    n, m = len(mt_lengths), len(other_lengths)
    beads: list[Bead] = []
    for i in range(max(n, m)):
        mt = (i,) if i < n else ()
        other = (i,) if i < m else ()
        conf = float(mt_vectors[i] @ other_vectors[i]) if mt and other else 0.0
        beads.append(Bead(mt, other, conf))
    return beads


def build_segments(
    mt: Sequence[Sentence],
    src: Sequence[Sentence] | None,
    ref: Sequence[Sentence] | None,
    src_beads: Sequence[Bead] | None,
    ref_beads: Sequence[Bead] | None,
    mt_text: str,
) -> list[AlignedSegment]:
    """Cut the document into segments that close every source and reference bead; every MT sentence once."""
    segments: list[AlignedSegment] = []
    for i, sent in enumerate(mt):
        src_sents = tuple(src[j] for b in (src_beads or []) if i in b.mt for j in b.other) if src else ()
        ref_sents = tuple(ref[j] for b in (ref_beads or []) if i in b.mt for j in b.other) if ref else ()
        src_al = next((Alignment(b.type, b.confidence) for b in (src_beads or []) if i in b.mt), None)
        ref_al = next((Alignment(b.type, b.confidence) for b in (ref_beads or []) if i in b.mt), None)
        segments.append(AlignedSegment(f"s{i + 1}", sent, src_sents, ref_sents, src_al, ref_al))
    return segments
