"""Single MT words with no counterpart in the reference or the source: a modifier the translation added.

An adjective, adverb or noun of the MT that modifies another word ("wild pets", "joyfully call", "asteroid
discovery": a dependency label in `added.modifier_deps` of `auditor/data/checks/missing_word/<lang>.json`) is
reported when no word of the reference or source spells it (stem, prefix, or the same sounds: "automatically" /
"automatycznie"), no reference content word comes within `added.max_ref_similarity` in word vectors, and no
source word within `added.max_src_similarity` (sources the default encoder reads; others do not vouch). Without a
reference the source alone decides, by `added.max_src_only_similarity`. A paraphrase keeps a close word on one
side or the other; an inserted modifier has none. Capitalised words are names (`named-entities`), digits numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..embeddings import get_encoder
from ..langid import base_lang
from ..parsing import parse, parse_batch, tag_batch, tags
from ..types import Category, Finding, Segment, Severity, Span
from ._text import load_data, tokens, word_set
from .base import Check, CheckContext, Needs, by_target_language, register
from .lost_words import MODULE, STOPWORDS, _rules
from .numbers import cognates
from .omission import ENCODER, closest_words, source_words, words_match


@dataclass(frozen=True)
class _AddedRules:
    pos: frozenset[str]  # parts of speech (of `lost_words` tag mapping) an added word may have
    modifier_deps: frozenset[str]  # dependency labels of a word that modifies another
    max_ref_similarity: float  # a reference content word this close (cosine) is a counterpart
    max_src_similarity: float  # ... and so is a source word this close, with a reference
    max_src_only_similarity: float  # ... and without one


@lru_cache(maxsize=16)
def _added_rules(lang: str) -> _AddedRules | None:
    data: dict[str, Any] = load_data(MODULE, lang).get("added", {})
    if not data or _rules(lang) is None:
        return None
    return _AddedRules(
        frozenset(data["pos"]),
        frozenset(data["modifier_deps"]),
        float(data["max_ref_similarity"]),
        float(data["max_src_similarity"]),
        float(data["max_src_only_similarity"]),
    )


@dataclass(frozen=True)
class AddedWord:
    """An MT word with no counterpart: offsets into the MT, and the closest reference and source words with their
    cosines (None for a side not compared)."""

    start: int
    end: int
    closest_ref: tuple[str, float] | None
    closest_src: tuple[str, float] | None

    @property
    def support(self) -> float:
        """The higher of the two cosines: how close the better side comes."""
        return max(side[1] for side in (self.closest_ref, self.closest_src) if side is not None)


@lru_cache(maxsize=1024)  # `prepare` collects the words to encode, `check_segment` reads the same candidates
def _candidates(mt: str, ref: str, src: str, tgt: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """The MT modifiers that no reference or source word spells ((start, end, lower-case word)), and the reference's
    content words; callers must not change the lists: they are cached."""
    rules, added = _rules(tgt), _added_rules(tgt)
    doc = parse(mt, tgt) if rules and added else None
    ref_doc = tags(ref, tgt) if ref and rules else None
    if rules is None or added is None or doc is None or (ref and ref_doc is None):
        return [], []
    stop = word_set(STOPWORDS, tgt, "stopwords")
    ref_words = [t.lower_ for t in ref_doc or () if t.is_alpha]
    ref_content = [
        t.lower_ for t in ref_doc or () if t.is_alpha and t.lower_ not in stop and rules.pos(t) in rules.content_pos
    ]
    src_toks = [t.lower for t in tokens(src)] if src else []
    out = []
    for tok in doc:
        if (
            not tok.is_alpha
            or tok.lower_ in stop
            or rules.pos(tok) not in added.pos
            or tok.dep_ not in added.modifier_deps
            or (tok.text[:1].isupper() and not tok.is_sent_start)
            or any(words_match(tok.lower_, r) for r in ref_words)
            or any(cognates(tok.lower_, s) for s in src_toks)
        ):
            continue
        out.append((tok.idx, tok.idx + len(tok.text), tok.lower_))
    return out, ref_content


def _unmatched_in_reference(seg: Segment, tgt: str) -> list[tuple[int, int, str, tuple[str, float] | None]]:
    """The candidates (`_candidates`) that no reference content word comes close to, each with its closest one
    (None without a reference): those the source must vouch for."""
    added = _added_rules(tgt)
    candidates, ref_content = _candidates(seg.mt, seg.ref or "", seg.src or "", tgt)
    if added is None or not candidates or (seg.ref and not ref_content):
        return []
    if not seg.ref:
        return [(a, b, w, None) for a, b, w in candidates]
    near = closest_words(sorted({w for _, _, w in candidates}), ref_content)
    return [(a, b, w, near[w]) for a, b, w in candidates if near[w][1] < added.max_ref_similarity]


def added_words(seg: Segment) -> list[AddedWord]:
    """The MT's added modifiers (none without a parser, data file, or a side to compare with), in MT order."""
    tgt, src_lang = base_lang(seg.tgt_lang) or "en", base_lang(seg.src_lang) or ""
    added = _added_rules(tgt)
    src_words = list(source_words(seg.src, src_lang))
    if added is None or not (seg.ref or src_words):
        return []
    left = _unmatched_in_reference(seg, tgt)
    if not left or not src_words:
        return [AddedWord(a, b, r, None) for a, b, _, r in left]
    near = closest_words(sorted({w for _, _, w, _ in left}), src_words)
    line = added.max_src_similarity if seg.ref else added.max_src_only_similarity
    return [AddedWord(a, b, r, near[w]) for a, b, w, r in left if near[w][1] < line]


def _closest(word: AddedWord) -> str:
    parts = [
        f"closest {side} word '{near[0]}', cosine {near[1]:.2f}"
        for side, near in (("reference", word.closest_ref), ("source", word.closest_src))
        if near is not None
    ]
    return "; ".join(parts)


@register
class AddedWordCheck(Check):
    """A modifier (adjective, adverb or noun before a noun) of the MT that neither the reference nor the source has:
    no word there spells it and none comes close in word vectors. Minor: an added shade of meaning ("wild",
    "automatically") is worth a look, and a paraphrase can still fool the vectors. English targets, one finding
    (the least supported word) per segment. Example: reference "Melamine was found in urine samples of pets.",
    MT "Melamine was found in urine samples of wild pets." -> finding on "wild"; MT "Melamine was found in urine
    samples of animals." -> none ("animals" is close to "pets").
    """

    name = "added-word"
    category = Category.ADDITION
    severity = Severity.MINOR
    needs = Needs.EITHER

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Parse the batch's MTs, tag its references, and encode the words they compare, one call per language for
        the reference side and one for the source words of the candidates the reference leaves unmatched."""
        for lang, group in by_target_language(
            segments, lambda s, lang: bool(s.mt.strip()) and _added_rules(lang) is not None
        ).items():
            parse_batch([seg.mt for seg in group], lang)
            tag_batch([seg.ref for seg in group if seg.ref], lang)
            words: set[str] = set()
            for seg in group:
                candidates, ref_content = _candidates(seg.mt, seg.ref or "", seg.src or "", lang)
                if candidates and seg.ref:
                    words |= {w for _, _, w in candidates} | set(ref_content)
            if words:
                get_encoder(ENCODER).prefetch(sorted(words))
            words = set()
            for seg in group:
                src_words = source_words(seg.src, base_lang(seg.src_lang) or "")
                left = _unmatched_in_reference(seg, lang) if src_words else []
                if left:
                    words |= {w for _, _, w, _ in left} | set(src_words)
            if words:
                get_encoder(ENCODER).prefetch(sorted(words))

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        if not seg.mt.strip():
            return []
        found = added_words(seg)
        if not found:
            return []
        word = min(found, key=lambda w: w.support)
        sides = [side for side, near in (("reference", word.closest_ref), ("source", word.closest_src)) if near]
        text = seg.mt[word.start : word.end]
        return [
            self.finding(
                span=Span.of(seg.mt, word.start, word.end),
                message=f"'{text}' has no counterpart in the {' or the '.join(sides)} ({_closest(word)})",
                evidence=(word.closest_ref or word.closest_src or ("", 0.0))[0] or None,
                confidence=0.4,
            )
        ]
