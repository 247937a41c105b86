"""Polarity flips: negators counted in the MT against the reference (precise) or the source (counts), and words
turned into their opposites against the reference."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..langid import base_lang
from ..types import Category, Finding, Severity, Side, Span
from ._text import Token, load_data, text_opcodes, tokens, word_set
from .base import Check, CheckContext, Needs, register
from .numbers import zipf

MODULE = "negation"
_SENTENCE_END = re.compile(r"[.!?;]")


@dataclass(frozen=True)
class Polarity:
    """Negators of a text (with offsets) and how many weaker negative words ("failed", "refused") it has."""

    negators: tuple[Token, ...]
    weak: int


def has_data(lang: str) -> bool:
    """Whether the language has a negator list."""
    data = load_data(MODULE, lang)
    return "negators" in data or "substrings" in data


def polarity(text: str, lang: str) -> Polarity:
    """Find the negators of a text: words, n't-style suffixes, or (CJK) substrings minus excluded compounds."""
    data = load_data(MODULE, lang)
    weak_words = word_set(MODULE, lang, "weak")
    if "substrings" in data:
        # unspaced scripts are matched without whitespace, so that tokenised text ("あ り ま せ ん") still counts
        where = [i for i, c in enumerate(text) if not c.isspace()]
        compact = "".join(text[i] for i in where)
        masked = compact
        for ex in data.get("exclude_substrings", ()):
            masked = masked.replace(ex, "\0" * len(ex))
        found = [
            Token(text[where[m.start()] : where[m.end() - 1] + 1], where[m.start()], where[m.end() - 1] + 1)
            for sub in data["substrings"]
            for m in re.finditer(re.escape(sub), masked)
        ]
        weak = sum(compact.count(w) for w in data.get("weak", ()))
        return Polarity(_drop_overlaps(found), weak)
    negators = word_set(MODULE, lang, "negators")
    continuations = word_set(MODULE, lang, "continuations")
    suffixes = tuple(data.get("suffixes", ()))
    verb_prefix = str(data.get("negating_prefix", ""))
    toks = tokens(text)
    skip = _phrase_starts(toks, data.get("not_negation", ())) | _pattern_words(text, toks, lang)
    found = []
    negated = False  # whether the sentence so far has a negator
    prev_end = 0
    for i, tok in enumerate(toks):
        low = tok.lower
        if _SENTENCE_END.search(text, prev_end, tok.start):
            negated = False
        prev_end = tok.end
        if i in skip or (negated and low in continuations):
            continue  # "nor" / "ni" after a negator carries that negation on: "no school, nor a clinic"
        if (
            low in negators
            or (suffixes and low.endswith(suffixes))
            or _elided(low, negators)
            or (verb_prefix and _prefix_negated(low, verb_prefix, lang))
        ):
            found.append(tok)
            negated = True
    prefixes = tuple(data.get("weak_prefixes", ()))
    weak = sum(1 for t in toks if t.lower in weak_words or (prefixes and _negative_prefix(t.lower, prefixes, lang)))
    return Polarity(tuple(found), weak)


@lru_cache(maxsize=65536)
def _negative_prefix(word: str, prefixes: tuple[str, ...], lang: str) -> bool:
    """'non-serious', 'unable', 'impossible': a negative prefix on a known word (wordfreq knows the rest)."""
    for p in prefixes:
        rest = word[len(p) :].lstrip("-")
        if word.startswith(p) and len(rest) >= 4 and zipf(rest, lang) >= 3.0 and zipf(word, lang) < zipf(rest, lang):
            return True
    return False


@lru_cache(maxsize=65536)
def _prefix_negated(word: str, prefix: str, lang: str) -> bool:
    """Czech 'nemůže', 'nebyl': a word that is the negating prefix on a known word (wordfreq knows the rest at
    Zipf 1+; 'nej-' superlatives and the words the data lists are not negations). Generous on purpose: a source
    count too high hides an added negation, one too low would invent it."""
    if not word.startswith(prefix) or word in word_set(MODULE, lang, "prefix_exceptions"):
        return False
    rest = word[len(prefix) :]
    return len(rest) >= 2 and not rest.startswith("j") and zipf(rest, lang) >= 1.0


def _elided(word: str, negators: frozenset[str]) -> bool:
    head = re.split("(?<=['’])", word)[0]
    return head != word and head in negators  # French n'a, n’est


def _phrase_starts(toks: list[Token], phrases: Iterable[str]) -> set[int]:
    """Indices of the words of non-negating phrases ("not only", "no matter", "or not"), negators among them."""
    lows = [t.lower for t in toks]
    out: set[int] = set()
    for phrase in phrases:
        words = phrase.lower().split()
        n = len(words)
        for i in range(len(lows) - n + 1):
            if lows[i : i + n] == words:
                out.update(range(i, i + n))
    return out


@lru_cache(maxsize=64)
def _not_negation_patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in load_data(MODULE, lang).get("not_negation_patterns", ()))


def _pattern_words(text: str, toks: list[Token], lang: str) -> set[int]:
    """Indices of the words inside a match of the language's `not_negation_patterns` (Russian "не ... ли": whether)."""
    spans = [m.span() for p in _not_negation_patterns(lang) for m in p.finditer(text)]
    return {i for i, t in enumerate(toks) if any(a <= t.start and t.end <= b for a, b in spans)}


def _drop_overlaps(found: list[Token]) -> tuple[Token, ...]:
    out: list[Token] = []
    for tok in sorted(found, key=lambda t: (t.start, -t.end)):
        if not out or tok.start >= out[-1].end:
            out.append(tok)
    return tuple(out)


@register
class NegationCheck(Check):
    """A negation added to or dropped from the translation (polarity flip), against the reference or source.
    Example: reference "The council approved the plan", MT "The council did not approve the plan" -> finding on
    "not" (critical). Counts negators per language (data files: not/n't/never/without,
    non/mai/senza, nicht/kein/nie, ne/sans, 不/没/未 ...); a difference that weaker negative words ("failed",
    "refused") or the source explain is not reported; "nor" after a negator of its sentence carries that negation
    on and is not counted again ("no school, nor a clinic" = "no school or clinic"). Against a source alone, an MT
    with more negators than the source is reported, a dropped negation only where the source is negated and the
    MT affirmative, and neither where a language's data says its counts are
    unreliable: a Czech translation (verb prefix ne-), a dropped negation from a Czech source (its "ne" on a known
    word is read, "nemůže", but so is "nezávislý", independent), an added negation in a CJK translation or a
    dropped one from a CJK source (negators inside compounds). Unspaced scripts are matched across spaces (tokenised
    "あ り ま せ ん")."""

    name = "negation"
    category = Category.MISTRANSLATION
    severity = Severity.CRITICAL
    needs = Needs.EITHER

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        tgt, src_lang = base_lang(seg.tgt_lang) or "en", base_lang(seg.src_lang)
        if not has_data(tgt):
            return []
        mt = polarity(seg.mt, tgt)
        src = polarity(seg.src, src_lang) if seg.src and has_data(src_lang) else None
        if seg.ref:
            ref = polarity(seg.ref, tgt)
            diff = len(mt.negators) - len(ref.negators)
            if diff == 0 or (src is not None and _source_vouches(src, src_lang, mt)):
                return []
            if (diff > 0 and ref.weak >= diff) or (diff < 0 and mt.weak >= -diff):
                return []
            return self._report(seg.mt, seg.ref, mt, ref, Side.REF, 0.85)
        if src is None:
            return []
        added = len(mt.negators) > len(src.negators)
        if not added and (len(src.negators) == 0) == (len(mt.negators) == 0):
            return []  # cross-lingual counts are rough: a dropped negation only from a negated to an affirmative
        if (mt.negators and src.weak) or (src.negators and mt.weak):
            return []
        src_data, tgt_data = load_data(MODULE, src_lang), load_data(MODULE, tgt)
        src_reliable = src_data.get("cross_lingual_source_reliable", src_data.get("cross_lingual_reliable", True))
        if not src_reliable or not tgt_data.get("cross_lingual_reliable", True):
            return []  # negation is a verb prefix (Czech ne-) that a word list does not read
        if not added and not src_data.get("cross_lingual_missing_reliable", True):
            return []  # CJK negators hide in compounds (非暴力 "nonviolent"): only an added negation is reported
        if added and not tgt_data.get("cross_lingual_missing_reliable", True):
            return []  # ... and in a CJK translation, only a dropped one
        return self._report(seg.mt, seg.src or "", mt, src, Side.SRC, 0.6)

    def _report(
        self, mt_text: str, other_text: str, mt: Polarity, other: Polarity, side: Side, conf: float
    ) -> list[Finding]:
        basis = "reference" if side is Side.REF else "source"
        if len(mt.negators) > len(other.negators):
            extra = _unpaired(mt.negators, other.negators)
            tok = (extra or list(mt.negators))[-1]
            if side is Side.SRC and other.negators:  # counted across languages: which one is extra is a guess
                message = (
                    f"the translation has {len(mt.negators)} negations, the source {len(other.negators)}: "
                    f"'{tok.text}' may flip the statement's polarity"
                )
            else:
                message = f"negation '{tok.text}' is not in the {basis}: the statement's polarity is flipped"
            return [
                self.finding(
                    span=Span.of(mt_text, tok.start, tok.end), message=message, evidence=other_text, confidence=conf
                )
            ]
        gone = _unpaired(other.negators, mt.negators)
        tok = (gone or list(other.negators))[0]
        return [
            self.finding(
                side=side,
                span=Span.of(other_text, tok.start, tok.end),
                message=f"negation '{tok.text}' of the {basis} is missing: the translation states the opposite",
                evidence=tok.text,
                confidence=conf,
            )
        ]


def _source_vouches(src: Polarity, src_lang: str, mt: Polarity) -> bool:
    """Whether the source has as many negators as the MT, where its count can be read: never for a Czech source
    (its "ne" prefix is read generously, adjectives too), and for a CJK source only when it has none (its negators
    also hide inside compounds such as 无症状 "asymptomatic", so a count above zero may be one)."""
    data = load_data(MODULE, src_lang)
    if len(src.negators) != len(mt.negators) or not data.get("cross_lingual_reliable", True):
        return False
    return bool(data.get("cross_lingual_missing_reliable", True)) or not src.negators


def _unpaired(side: Iterable[Token], other: Iterable[Token]) -> list[Token]:
    """Tokens of `side` whose form has no partner left in `other` (multiset difference, in order)."""
    left = [t.lower for t in other]
    out = []
    for tok in side:
        if tok.lower in left:
            left.remove(tok.lower)
        else:
            out.append(tok)
    return out


ANTONYMS = "antonym"  # data module: auditor/data/checks/antonym/<lang>.json


@lru_cache(maxsize=8)
def opposites(lang: str) -> dict[str, frozenset[str]]:
    """Each word of the language's antonym lists (the hand-written "pairs" and the "derived" ones) -> its opposites."""
    data = load_data(ANTONYMS, lang)
    out: dict[str, set[str]] = {}
    for a, b in [*data.get("pairs", ()), *data.get("derived", ())]:
        out.setdefault(a.lower(), set()).add(b.lower())
        out.setdefault(b.lower(), set()).add(a.lower())
    return {w: frozenset(o) for w, o in out.items()}


def _negated(toks: list[Token], i: int, negators: Iterable[Token]) -> bool:
    """Whether a negator stands among the three words before word `i` ("not possible" for "impossible")."""
    starts = {t.start for t in negators}
    return any(t.start in starts for t in toks[max(0, i - 3) : i])


def antonym_swaps(ref: str, mt: str, lang: str) -> list[tuple[Token, str]]:
    """(MT word, the opposite the reference has) for each MT word that the MT uses more often than the reference
    while the reference uses one of its opposites more often than the MT; a negation just before either word
    cancels it, and so does an opposite that the MT also uses more often than the reference (a contrast in other
    words: "refused ..., but accepted" for "declined ..., but took up").
    Word order is not compared: a reordered paraphrase ("A came after B" for "B came before A") is reported too
    (2 of 644 unperturbed DEMETR train translations get a finding). An opposite in the place of the reference's
    word, between aligned words, is reported whatever the counts ("less than 280,000 inspectors to inspect more
    than 90,000 bridges" for "more than 280,000 inspectors, over 90,000 bridges"); where the MT negates the
    reference's word elsewhere, it says both ("after the strike, not before it"), and nothing is reported."""
    table = opposites(lang)
    if not table:
        return []
    ref_toks, mt_toks = tokens(ref), tokens(mt)
    ref_words = {t.lower: i for i, t in enumerate(ref_toks)}
    ref_count = Counter(t.lower for t in ref_toks)
    mt_count = Counter(t.lower for t in mt_toks)
    candidates = []
    for i, tok in enumerate(mt_toks):
        opp = table.get(tok.lower)
        if not opp or mt_count[tok.lower] <= ref_count[tok.lower]:
            continue
        found = sorted(o for o in opp if ref_count[o] > mt_count[o])
        contrast = any(mt_count[o] > ref_count[o] for o in opp)  # "refused ..., but accepted": both sides extra
        if found and not contrast:
            candidates.append((i, tok, found[0], ref_words[found[0]]))
    counted = {i for i, *_ in candidates}
    if any(table.get(t.lower, frozenset()) & ref_count.keys() for t in mt_toks):  # most texts: no alignment needed
        candidates += [
            (i, mt_toks[i], ref_toks[j].lower, j) for j, i in _aligned_opposites(ref, mt, table) if i not in counted
        ]
    if not candidates:
        return []
    ref_neg, mt_neg = polarity(ref, lang).negators, polarity(mt, lang).negators
    return [
        (tok, opposite)
        for i, tok, opposite, j in sorted(candidates, key=lambda c: c[0])
        if not _negated(mt_toks, i, mt_neg)
        and not _negated(ref_toks, j, ref_neg)
        and not any(t.lower == opposite and _negated(mt_toks, k, mt_neg) for k, t in enumerate(mt_toks))
    ]


def _aligned_opposites(ref: str, mt: str, table: dict[str, frozenset[str]]) -> list[tuple[int, int]]:
    """(reference index, MT index) of each one-word replacement, between words the two texts share, of a reference
    word by one of its opposites ("more than 280,000" / "less than 280,000"); indices into their `tokens`."""
    ref_toks, mt_toks = tokens(ref), tokens(mt)
    out = []
    for tag, i1, i2, j1, j2 in text_opcodes(ref, mt):
        one_word = tag == "replace" and i2 - i1 == j2 - j1 == 1 and i1 > 0 and i2 < len(ref_toks)
        if one_word and mt_toks[j1].lower in table.get(ref_toks[i1].lower, ()):
            out.append((i1, j1))
    return out


@register
class AntonymCheck(Check):
    """A word turned into its opposite: the MT says "less", "before", "rejected" where the reference says "more",
    "after", "approved" (per language, a hand-written list of common opposites plus, for English, 4,836 inflected
    pairs derived from WordNet by bench/build_antonyms.py; a negation next to either word cancels it; words are
    counted, so one "more" of two turned "less" is found).
    Example: reference "Prices rose more than expected.", MT "Prices rose less than expected." -> finding on "less"
    (Accuracy/Mistranslation, critical).
    """

    name = "antonym"
    category = Category.MISTRANSLATION
    severity = Severity.CRITICAL
    needs = Needs.REFERENCE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        if not seg.ref or not seg.mt.strip():
            return []
        return [
            self.finding(
                span=Span.of(seg.mt, tok.start, tok.end),
                message=f"'{tok.text}' is the opposite of '{opposite}' in the reference",
                evidence=opposite,
                confidence=0.7,
            )
            for tok, opposite in antonym_swaps(seg.ref, seg.mt, lang)
        ]
