"""Content-word coverage of the MT against the reference: word-level evidence of omissions.

A reference content word is covered when an MT content word matches it by stem or long shared prefix, or, failing
that, by word-embedding cosine (the `missing-content` check's matching, one word at a time instead of runs of
three). Soft recall falls when the MT drops a word ("noted" dropped where the reference says "stated"), which
exact unigram recall misses whenever the MT used another word than the reference.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..checks.omission import content_tokens, has_stopwords, prefetch_word_similarities, unmatched
from ..langid import base_lang
from ..types import Segment

NAN = float("nan")


def prefetch_coverage(segments: Sequence[Segment]) -> None:
    """Encode, in one call, every word `soft_recall` will compare for these segments (fills the cache)."""
    pairs = [
        (content_tokens(s.ref or "", base_lang(s.tgt_lang)), content_tokens(s.mt, base_lang(s.tgt_lang)))
        for s in segments
        if s.ref and s.mt.strip() and has_stopwords(base_lang(s.tgt_lang))
    ]
    prefetch_word_similarities(pairs)


def soft_recall(mt: str, ref: str, tgt_lang: str | None) -> float:
    """The share of reference content words with a counterpart in the MT; NaN when the language has no stopword
    list, 1.0 for a reference without content words."""
    lang = base_lang(tgt_lang)
    if not has_stopwords(lang):
        return NAN
    ref_c = content_tokens(ref, lang)
    if not ref_c:
        return 1.0
    missing = unmatched(ref_c, content_tokens(mt, lang), min_run=1)
    return 1.0 - sum(missing) / len(missing)
