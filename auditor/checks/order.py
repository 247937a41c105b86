"""Word salad: words in an order that no sentence of the language has, as some broken systems and copy-paste
accidents produce.

With a reference (`scrambled-order`): the MT's words are the reference's, but in an order that keeps neither the
sentence's order nor its word pairs. Words that occur once in each text are matched by stem. Two measures over them:
the Kendall tau of their positions (the order of the sentence) and the share of the MT's adjacent word pairs that the
reference also has side by side (the local order). A paraphrase that moves a clause keeps the word pairs inside it;
a scrambled sentence keeps neither. Language-blind: it needs a reference and at least MIN_MATCHED matched words.

Without one (`unlikely-word-order`): the part-of-speech tags of each MT sentence, read pair by pair against the
tag-pair counts of fluent sentences of the language (data/checks/order/<lang>.json, fitted by
bench/train_tag_bigrams.py); a sentence whose average tag pair is far less likely than in real sentences is
reported.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..langid import base_lang
from ..parsing import tag_batch, tags
from ..splitting import split_sentences
from ..types import Category, Finding, Segment, Severity, Span
from ._text import ends_sentence, load_data, stem, tokens
from .base import Check, CheckContext, Needs, by_target_language, register

MIN_MATCHED = 6  # matched words needed to judge the order
MAX_TAU = 0.4  # DEMETR train: word salad 90% below both lines, unperturbed translations 0 of 640
MAX_PAIR_SHARE = 0.2

MODULE = "order"  # data/checks/order/<lang>.json: tag and tag-pair counts
SENTENCE_START, SENTENCE_END = "<s>", "</s>"
SMOOTHING = 0.1  # added to every tag-pair count (add-k), so that an unseen pair is unlikely, not impossible
# A sentence is reported when its average tag-pair log-probability is below this (DEMETR train ids, counts fitted
# on half of them and read on the other half: 55% of shuffled sentences below it, 0 of 320 unperturbed ones; at
# -3.1, 66% and 0: the lower line keeps a margin for news lines such as "Berlin, 12 May (dpa) - ...", at -3.02).
# With the unedited MLQE-PE translations added to the fitted half (ad-hoc, `bench/train_tag_bigrams.py`'s data):
# 58% of shuffled sentences below it, 0 of 640 unperturbed good translations and references, and 9 of the 959
# unedited MLQE-PE dev translations into English (26 with the DEMETR counts alone; questions most of them).
UNLIKELY_ORDER_LINE = -3.2
MIN_SENTENCE_WORDS = 6  # fewer words say too little
# headlines, credits, tags and "Read more:" lines are no prose: only sentences that end like one, open on no
# label ("Photo:", "Weather:") and are not in capitals are read
_LABEL_RE = re.compile(r"^\W*\w+(?:\s\w+)?\s?:\s")


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


def tag_sequence(text: str, lang: str) -> list[str] | None:
    """The fine part-of-speech tags of `text` between the sentence marks, or None without a tagger."""
    doc = tags(text, lang)
    if doc is None:
        return None
    return [SENTENCE_START, *(t.tag_ for t in doc if not t.is_space), SENTENCE_END]


@dataclass(frozen=True)
class TagPairModel:
    """Tag-pair probabilities of a language, from the counts of its data file (add-k smoothed)."""

    tag_counts: dict[str, int]
    pair_counts: dict[str, int]

    def log_prob(self, first: str, second: str) -> float:
        """log P(second | first)."""
        kinds = len(self.tag_counts) + 1  # the sentence end follows, it never precedes
        pair = self.pair_counts.get(f"{first} {second}", 0)
        return math.log((pair + SMOOTHING) / (self.tag_counts.get(first, 0) + SMOOTHING * kinds))

    def mean_log_prob(self, seq: Sequence[str]) -> float:
        """Average log-probability of the sequence's tag pairs."""
        logs = [self.log_prob(a, b) for a, b in pairwise(seq)]
        return sum(logs) / len(logs)


@lru_cache(maxsize=16)
def tag_pair_model(lang: str) -> TagPairModel | None:
    """The language's tag-pair model, or None where it has no counts."""
    data = load_data(MODULE, lang)
    if not data.get("tag_pair_counts"):
        return None
    return TagPairModel(dict(data["tag_counts"]), dict(data["tag_pair_counts"]))


def unlikely_sentences(text: str, lang: str) -> list[tuple[int, int, float]]:
    """(start, end, average tag-pair log-probability) of each prose sentence of `text` below UNLIKELY_ORDER_LINE."""
    model = tag_pair_model(lang)
    doc = tags(text, lang) if model is not None else None
    if model is None or doc is None:
        return []
    out = []
    for sent in split_sentences(text, lang):
        if not ends_sentence(sent.text) or _LABEL_RE.match(sent.text) or sent.text.isupper():
            continue
        words = [t for t in doc if sent.start <= t.idx < sent.end and not t.is_space]
        if sum(t.is_alpha for t in words) < MIN_SENTENCE_WORDS:
            continue
        score = model.mean_log_prob([SENTENCE_START, *(t.tag_ for t in words), SENTENCE_END])
        if score < UNLIKELY_ORDER_LINE:
            out.append((sent.start, sent.end, score))
    return out


@register
class UnlikelyWordOrder(Check):
    """A sentence whose words stand in an order the language does not have, read from part-of-speech tag pairs
    (no reference needed; languages with tag-pair counts: English).
    Example: MT "Minister the on resigned Monday after the a scandal weeks of." -> finding on the sentence
    (Fluency/Grammar, critical); "The minister resigned on Monday after weeks of a growing scandal." gets none, and
    neither do headlines, credits and lines that open on a label ("Photo: Getty Images / AFP").
    """

    name = "unlikely-word-order"
    category = Category.GRAMMAR
    severity = Severity.CRITICAL  # as `scrambled-order`: a sentence in no order is unusable
    needs = Needs.NONE

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Tag the batch's MTs in one call per language (those another check parsed already are not tagged again)."""
        for lang, group in by_target_language(segments, lambda seg, lang: tag_pair_model(lang) is not None).items():
            tag_batch([seg.mt for seg in group], lang)

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        return [
            self.finding(
                span=Span.of(seg.mt, start, end),
                message=f"the words of this sentence are in an unlikely order (average tag-pair log-probability "
                f"{score:.2f}, below {UNLIKELY_ORDER_LINE})",
                confidence=0.6,
            )
            for start, end, score in unlikely_sentences(seg.mt, lang)
        ]
