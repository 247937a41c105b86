"""Word salad: the MT's words are the reference's, but in an order that keeps neither the sentence's order nor its
word pairs (a scrambled sentence, as some broken systems and copy-paste accidents produce).

Words that occur once in each text are matched by stem. Two measures over them: the Kendall tau of their positions
(the order of the sentence) and the share of the MT's adjacent word pairs that the reference also has side by side
(the local order). A paraphrase that moves a clause keeps the word pairs inside it; a scrambled sentence keeps
neither. Language-blind: it needs a reference and at least MIN_MATCHED matched words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from ..types import Category, Finding, Severity, Span
from ._text import stem, tokens
from .base import Check, CheckContext, Needs, register

MIN_MATCHED = 6  # matched words needed to judge the order
MAX_TAU = 0.4  # DEMETR train: word salad 90% below both lines, unperturbed translations 0 of 640
MAX_PAIR_SHARE = 0.2


def order_agreement(ref: str, mt: str) -> tuple[float, float] | None:
    """(Kendall tau of the matched words' positions, share of MT word pairs that are reference word pairs), or None
    when fewer than MIN_MATCHED words occur once in each text."""
    ref_stems = [stem(t.lower) for t in tokens(ref)]
    mt_stems = [stem(t.lower) for t in tokens(mt)]
    ref_count, mt_count = Counter(ref_stems), Counter(mt_stems)
    ref_pos = {w: i for i, w in enumerate(ref_stems) if ref_count[w] == 1}
    positions = [ref_pos[w] for w in mt_stems if mt_count[w] == 1 and w in ref_pos]
    if len(positions) < MIN_MATCHED:
        return None
    ref_pairs = set(pairwise(ref_stems))
    shared = sum(1 for w in mt_stems if w in ref_count)
    pairs = sum(1 for p in pairwise(mt_stems) if p in ref_pairs)
    return kendall_tau(positions), pairs / max(1, shared - 1)


def kendall_tau(values: list[int]) -> float:
    """Kendall tau of distinct values against their order (1: increasing, -1: decreasing), in O(n log n)."""
    n = len(values)
    pairs = n * (n - 1) // 2
    return (pairs - 2 * _inversions(values)) / pairs if pairs else 1.0


def _inversions(values: list[int]) -> int:
    """Pairs i < j with values[i] > values[j] (merge sort)."""
    if len(values) < 2:
        return 0
    mid = len(values) // 2
    left, right = sorted(values[:mid]), sorted(values[mid:])
    count = _inversions(values[:mid]) + _inversions(values[mid:])
    j = 0
    for x in left:  # for each left value, the right values below it
        while j < len(right) and right[j] < x:
            j += 1
        count += j
    return count


@register
class ScrambledOrder(Check):
    """The MT's words in an order unrelated to the reference's: neither the sentence order nor the word pairs kept.
    Example: reference "The Great Pyramid of Giza is the only one of the Seven Wonders still standing.", MT
    "Seven standing Giza of still Wonders Pyramid the is one Great only the of." -> finding on the whole MT
    (Fluency/Grammar, critical); "Of the Seven Wonders, only the Great Pyramid of Giza is still standing." gets
    none (a clause moved, its word pairs kept).
    """

    name = "scrambled-order"
    category = Category.GRAMMAR
    severity = Severity.CRITICAL
    needs = Needs.REFERENCE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        if not seg.ref or not seg.mt.strip():
            return []
        agreement = order_agreement(seg.ref, seg.mt)  # (tau, pair share)
        if agreement is None or agreement[0] >= MAX_TAU or agreement[1] >= MAX_PAIR_SHARE:
            return []
        tau, share = agreement
        start = len(seg.mt) - len(seg.mt.lstrip())
        return [
            self.finding(
                span=Span.of(seg.mt, start, len(seg.mt.rstrip())),
                message=f"the words are in scrambled order: {share:.0%} of the word pairs and little of the order "
                f"(Kendall tau {tau:.2f}) match the reference",
                evidence=seg.ref,
                confidence=0.8,
            )
        ]
