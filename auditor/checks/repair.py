"""Single dropped or added words, found by aligning the MT with the reference and confirmed by a language model.

A word-for-word alignment (`aligned_words`: matching blocks of stems, in order) anchors the MT to the reference.
Two kinds of candidates come out of it:
- a reference content word that no MT word matches: the MT may have dropped it. Putting it back in the MT next
  to its aligned neighbour is the test: when the MT reads much more likely to an English language model with the
  word put back ("Police two men" -> "Police arrested two men"), a word is missing;
- an MT content word squeezed between two reference words that are neighbours in the reference: the MT may have
  added it. When the MT reads much more likely without it, it is an addition.
A paraphrase leaves the MT no more likely with the reference's wording, so the language model keeps the false
alarms of a plain word alignment down. Runs with the `lm` fluency model and English targets only.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from ..config import AuditorConfig
from ..langid import base_lang
from ..scoring.lm import get_surprisal_model, supports, uses_language_model
from ..types import Category, Finding, Severity, Side, Span
from ._text import Token, aligned_words, tokens, word_set
from .base import Check, CheckContext, Needs, register
from .omission import MODULE, is_content, words_match

INSERTION_GAIN = 2.0  # nats the MT must gain with a reference word put back (DEMETR train split: 1% of good MT)
DELETION_GAIN = 10.0  # nats the MT must gain without an unaligned word (DEMETR train split: 1.0% of good MT; at 4
# nats 2.4% on train ids but 4.7% on held-out ids, mostly words a loose reference leaves out)
MAX_INSERTIONS = 8  # insertions tried per segment, in one padded forward pass (after `at_a_hole`)
MAX_SPOTS = 4  # word boundaries tried for one reference word (between the MT words aligned to its neighbours)
HOLE_NATS = 4.0  # an insertion is tried only where the MT's next token is above this (DEMETR train, 80 pairs each of
# verb and noun removal: 2.3 variants an MT instead of 4.9; verb removals found 47% -> 45%, noun removals 24% -> 24%)


@dataclass(frozen=True)
class Edit:
    """A variant of the MT: `text`, made by inserting the reference word `word` at character `at` of the MT, or by
    deleting the MT word(s) `word` (then `at` is where they start)."""

    text: str
    word: Token
    at: int


def insertions(ref: str, mt: str, lang: str) -> list[Edit]:
    """The MT with one unmatched reference content word put back at each word boundary between the MT words aligned
    to its reference neighbours (at most MAX_SPOTS boundaries a word), in reference order."""
    ref_toks, mt_toks = tokens(ref), tokens(mt)
    stop = word_set(MODULE, lang, "stopwords")
    pairs = aligned_words(ref_toks, mt_toks)
    aligned = sorted(pairs)  # reference indices with an MT counterpart; their MT indices increase with them
    edits: dict[str, Edit] = {}
    for k, word in enumerate(ref_toks):
        if k in pairs or not is_content(word, stop):
            continue
        if any(words_match(word.lower, o.lower) for o in mt_toks):
            continue
        at_k = bisect_left(aligned, k)
        left = pairs[aligned[at_k - 1]] if at_k else -1  # MT index of the left neighbour
        right = pairs[aligned[at_k]] if at_k < len(aligned) else len(mt_toks)
        if right - left > MAX_SPOTS or (left == -1 and right == len(mt_toks)):
            continue  # no aligned neighbour near: the sentences are worded too differently here
        for gap in range(left + 1, right + 1):  # insert before MT word `gap` (after the last one at the end)
            at = mt_toks[gap].start if gap < len(mt_toks) else mt_toks[-1].end
            text = " ".join(f"{mt[:at]} {word.text} {mt[at:]}".split())
            edits.setdefault(text, Edit(text, word, at))
    return list(edits.values())


def deletions(ref: str, mt: str, lang: str) -> list[Edit]:
    """The MT without one content word that sits between two MT words aligned to neighbouring reference words
    (only function words stand between those in the reference), and that matches no reference word."""
    ref_toks, mt_toks = tokens(ref), tokens(mt)
    stop = word_set(MODULE, lang, "stopwords")
    pairs = sorted(aligned_words(mt_toks, ref_toks).items())
    edits = []
    for (m1, r1), (m2, r2) in pairwise(pairs):
        if not 1 < m2 - m1 <= 3 or any(is_content(t, stop) for t in ref_toks[r1 + 1 : r2]):
            continue  # one or two MT words between words that only function words separate in the reference
        between = mt_toks[m1 + 1 : m2]
        if not any(is_content(t, stop) for t in between):
            continue
        if any(words_match(t.lower, r.lower) for t in between for r in ref_toks):
            continue
        text = " ".join((mt[: between[0].start] + mt[between[-1].end :]).split())
        start, end = between[0].start, between[-1].end
        edits.append(Edit(text, Token(mt[start:end], start, end), start))
    return edits


def at_a_hole(mt: str, edits: list[Edit], min_nats: float = HOLE_NATS) -> list[Edit]:
    """The insertions at a spot where the MT's next token is surprising (above `min_nats`): a dropped word leaves
    the word after it unexpected, and the other spots are not worth a forward pass."""
    surprisal = get_surprisal_model().score([mt])[0].tokens  # cached: the fluency score computed it
    return [e for e in edits if any(t.start in (e.at - 1, e.at) and t.surprisal > min_nats for t in surprisal)]


class _RepairCheck(Check):
    """Shared gating: the `lm` fluency model, an English target and a reference."""

    needs = Needs.REFERENCE

    @classmethod
    def on_by_default(cls, config: AuditorConfig) -> bool:
        return uses_language_model(config.fluency_model)

    @staticmethod
    def _applies(ctx: CheckContext) -> bool:
        seg = ctx.segment
        return supports(seg.tgt_lang) and bool(seg.ref and seg.ref.strip() and seg.mt.strip())

    @staticmethod
    def _confirmed(mt: str, edits: list[Edit], min_gain: float) -> tuple[Edit, float] | None:
        """The edit that makes the MT most likely to the language model, with its gain in nats, if it gains more
        than `min_gain` (all edits scored in one padded pass, next to the MT itself)."""
        if not edits:
            return None
        totals = get_surprisal_model().compare([" ".join(mt.split()), *(e.text for e in edits)])
        gains = [totals[0] - t for t in totals[1:]]
        best = max(range(len(edits)), key=gains.__getitem__)
        return (edits[best], gains[best]) if gains[best] > min_gain else None


@register
class DroppedReferenceWord(_RepairCheck):
    """A reference word the MT leaves out, where putting it back makes the MT read much more likely to an English
    language model. Off unless the `lm` fluency model is in use.

    Example: reference "Police arrested two men after a chase.", MT "Police two men after a chase." -> omission
    finding on "arrested" of the reference (side ref, major); the MT "Police detained two men after a chase." gets
    none (putting "arrested" back does not make it more likely).
    """

    name = "lm-dropped-word"
    category = Category.OMISSION
    severity = Severity.MAJOR

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        if not self._applies(ctx):
            return []
        seg = ctx.segment
        ref = seg.ref or ""
        edits = at_a_hole(seg.mt, insertions(ref, seg.mt, base_lang(seg.tgt_lang) or "en"))
        best = self._confirmed(seg.mt, edits[:MAX_INSERTIONS], INSERTION_GAIN)
        if best is None:
            return []
        edit, gain = best
        return [
            self.finding(
                side=Side.REF,
                span=Span.of(ref, edit.word.start, edit.word.end),
                message=f"'{edit.word.text}' of the reference seems to be missing from the translation: with it put "
                f"back, the translation reads {gain:.1f} nats more likely ('{edit.text}')",
                evidence=edit.word.text,
                confidence=0.6,
            )
        ]


@register
class AddedWord(_RepairCheck):
    """An MT word between two words that are neighbours in the reference, matching nothing there, where the MT reads
    much more likely without it. Off unless the `lm` fluency model is in use.

    Example: reference "The minister resigned on Monday.", MT "The minister secretly resigned on Monday." ->
    addition finding on "secretly" (major).
    """

    name = "lm-added-word"
    category = Category.ADDITION
    severity = Severity.MAJOR

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        if not self._applies(ctx):
            return []
        seg = ctx.segment
        best = self._confirmed(seg.mt, deletions(seg.ref or "", seg.mt, base_lang(seg.tgt_lang) or "en"), DELETION_GAIN)
        if best is None:
            return []
        edit, gain = best
        return [
            self.finding(
                span=Span.of(seg.mt, edit.word.start, edit.word.end),
                message=f"'{edit.word.text}' has no counterpart in the reference, and the translation reads "
                f"{gain:.1f} nats more likely without it",
                evidence=seg.ref,
                confidence=0.6,
            )
        ]
