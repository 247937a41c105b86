"""Content-word coverage of the MT against the reference: word-level evidence of omissions.

A reference content word is covered when an MT content word matches it by stem or long shared prefix, or, failing
that, by word-embedding cosine (the `missing-content` check's matching, one word at a time instead of runs of
three). Soft recall falls when the MT drops a word ("noted" dropped where the reference says "stated"), which
exact unigram recall misses whenever the MT used another word than the reference.

A covered-or-not count cannot tell a paraphrase the matcher misses from a deletion. The MT around an uncovered
word can: where the MT holds a content word near it in meaning between the counterparts of the word's matched
neighbours, that word stands in for it; where it holds none, the word was dropped. `Coverage.gap_rate` is the
share of reference content words dropped that way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..checks._text import Token
from ..checks.omission import (
    closest_similarity,
    content_tokens,
    has_stopwords,
    prefetch_word_similarities,
    unmatched,
    words_match,
)
from ..langid import base_lang
from ..types import Segment

NAN = float("nan")
# word-embedding cosine from which an MT word can stand in for an uncovered reference word (below the match line);
# of 0.25, 0.35 and 0.45 the one whose gap rate best told perturbed from good DEMETR train-id translations
SUBSTITUTE_SIMILARITY = 0.45


@dataclass(frozen=True)
class Coverage:
    """How the MT covers the reference's content words (`recall` and `gap_rate` are NaN without a word list)."""

    recall: float  # share of reference content words with a counterpart in the MT
    gap_rate: float  # share of reference content words dropped with nothing in their place
    dropped: tuple[Token, ...] = ()  # those dropped words, tokens of the reference


UNKNOWN = Coverage(NAN, NAN)


def prefetch_coverage(segments: Sequence[Segment]) -> None:
    """Encode, in one call, every word `coverage` will compare for these segments (fills the cache)."""
    pairs = [
        (content_tokens(s.ref or "", base_lang(s.tgt_lang)), content_tokens(s.mt, base_lang(s.tgt_lang)))
        for s in segments
        if s.ref and s.mt.strip() and has_stopwords(base_lang(s.tgt_lang))
    ]
    prefetch_word_similarities(pairs)


def coverage(mt: str, ref: str, tgt_lang: str | None) -> Coverage:
    """Soft recall and dropped words of the reference's content words in the MT (`UNKNOWN` when the language has
    no stopword list; full coverage for a reference without content words)."""
    lang = base_lang(tgt_lang)
    if not has_stopwords(lang):
        return UNKNOWN
    ref_c = content_tokens(ref, lang)
    if not ref_c:
        return Coverage(1.0, 0.0)
    mt_c = content_tokens(mt, lang)
    missing = unmatched(ref_c, mt_c, min_run=1)
    dropped = tuple(ref_c[i] for i in _dropped(ref_c, mt_c, missing))
    return Coverage(1.0 - sum(missing) / len(missing), len(dropped) / len(ref_c), dropped)


def soft_recall(mt: str, ref: str, tgt_lang: str | None) -> float:
    """The share of reference content words with a counterpart in the MT (`coverage(...).recall`)."""
    return coverage(mt, ref, tgt_lang).recall


def _dropped(ref_c: list[Token], mt_c: list[Token], missing: list[bool]) -> list[int]:
    """Indices of the missing reference words with nothing in their place: no MT content word between the MT
    counterparts of their nearest lexically matched neighbours (or the text's ends) comes near them in meaning
    (word-embedding cosine below SUBSTITUTE_SIMILARITY), so a word slipped in elsewhere does not count. Function
    words are no stand-ins: as single words their vectors sit close to most words (cosine 0.5-0.65 in USE)."""
    anchor: list[int | None] = []  # MT position of each reference word, matched in order (greedy, left to right)
    last = -1
    for tok in ref_c:
        pos = next((j for j in range(last + 1, len(mt_c)) if words_match(tok.lower, mt_c[j].lower)), None)
        anchor.append(pos)
        if pos is not None:
            last = pos
    out = []
    for i, lost in enumerate(missing):
        if not lost:
            continue
        left = next((anchor[k] for k in range(i - 1, -1, -1) if anchor[k] is not None), -1)
        right = next((anchor[k] for k in range(i + 1, len(ref_c)) if anchor[k] is not None), len(mt_c))
        if left is None or right is None:
            continue
        word, between = ref_c[i].lower, [t.lower for t in mt_c[left + 1 : right]]
        if not between or closest_similarity([word], between)[word] < SUBSTITUTE_SIMILARITY:
            out.append(i)
    return out
