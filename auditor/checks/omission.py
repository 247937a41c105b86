"""Omissions and additions: unaligned sentences, missing/extra content words, length outliers, truncation, loops."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

import numpy as np

from ..embeddings import USE_LANGUAGES, get_encoder
from ..langid import base_lang
from ..types import Category, Finding, Segment, Severity, Side, Span
from ..vocab import zipf
from ._text import Token, ends_sentence, load_data, stem, tokens, word_set
from .base import Check, CheckContext, Needs, by_target_language, register
from .spelling import affix_flags, hunspell_dictionary

MODULE = "omission"
ENCODER = "use-m3"
WORD_SIMILARITY = 0.62  # cosine above which two words count as paraphrases (tuned on DEMETR good translations)
NO_SUBJECT = "sentence has no subject"
NO_NOUN = "adjective with no noun"
MIN_RUN = 3  # contiguous unmatched content words reported as one omission/addition
# MT/source length, relative to the expected ratio, inside which the source vouches for the MT's length against
# a reference that is far shorter or longer (condensed subtitles, a free rendering)
SOURCE_LENGTH_BAND = (0.7, 1.45)
# a runaway source (a whole article in one line) gets no word-vector look-ups: they grow with source words times MT
# words (28,000 characters of Chinese took 35 s in `named-entities`, 2.9 s in `added-word`)
MAX_LOOKUP_CHARS = 5_000
MIN_LENGTH_BASIS = 25  # characters: a shorter reference/source says too little about the expected length
# a source content word this close to a run's word is its counterpart; an MT word this close to it renders it
# (DEMETR train ids, `missing-content` findings with a source the encoder reads: 7 of the 8 on unperturbed
# translations are sided with, against none of the 288 on other sentences' translations, 3 of 13 on added words,
# 13 of 70 on removed phrases and 6 of 41 on removed subjects)
SOURCE_COUNTERPART = 0.5
SOURCE_FUNCTION_ZIPF = 6.0  # source words this frequent are function words: "der" 7.5, "gli" 6.5; "città" 5.8
DELETION_GAIN = 0.03  # a run is reported only if cutting it out brings the texts closer (cosine gain above this)


def _side_exists(seg: Segment, document: Sequence[Segment], attr: str) -> bool:
    """A side is present for the document when any segment has text on it (an empty string marks a 1-0 bead)."""
    value = getattr(seg, attr)
    return value is not None and (value != "" or any(getattr(s, attr) for s in document))


@register
class UnalignedSentence(Check):
    """A reference/source sentence with no translation (0-1), or a translated sentence with no counterpart (1-0).
    Example: empty MT for the reference "The minister resigned on Monday." -> omission finding on the whole
    reference sentence (side ref, major); MT "The minister resigned." with an empty reference in a document that
    has references -> addition finding on the MT sentence.
    """

    name = "unaligned-sentence"
    category = Category.OMISSION
    severity = Severity.MAJOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        if not seg.mt.strip():
            for text, side in ((seg.ref, Side.REF), (seg.src, Side.SRC)):
                if text and text.strip():
                    start = len(text) - len(text.lstrip())
                    return [
                        self.finding(
                            side=side,
                            span=Span.of(text, start, len(text.rstrip())),
                            message=f"this {side.name.lower()} sentence has no translation",
                            evidence=text.strip(),
                        )
                    ]
            return []
        for attr in ("ref", "src"):
            if _side_exists(seg, ctx.document, attr) and not (getattr(seg, attr) or "").strip():
                start = len(seg.mt) - len(seg.mt.lstrip())
                return [
                    self.finding(
                        category=Category.ADDITION,
                        span=Span.of(seg.mt, start, len(seg.mt.rstrip())),
                        message=f"this sentence has no counterpart in the {'reference' if attr == 'ref' else 'source'}",
                    )
                ]
        return []


def has_stopwords(lang: str) -> bool:
    """Whether the language has the function-word list that tells content words apart (cached: no file read)."""
    return bool(word_set(MODULE, lang, "stopwords"))


def is_content(tok: Token, stop: frozenset[str]) -> bool:
    """Whether a word carries content: not a stopword, not a number, at least two letters."""
    return tok.lower not in stop and not tok.text[:1].isdigit() and len(tok.text) > 1


def content_tokens(text: str, lang: str) -> list[Token]:
    """The words of a text that carry content (`is_content`)."""
    stop = word_set(MODULE, lang, "stopwords")
    return [t for t in tokens(text) if is_content(t, stop)]


def _lexical_match(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b or stem(a) == stem(b):
        return True
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 5 or (n >= 4 and n >= min(len(a), len(b)) - 1)


@lru_cache(maxsize=100_000)
def words_match(a: str, b: str) -> bool:
    """Whether two words count as the same word: equal, same stem, or a long shared prefix (cached)."""
    return _lexical_match(a, b)


def unmatched(side: list[Token], other: list[Token], min_run: int = MIN_RUN) -> list[bool]:
    """For each word of `side`, whether nothing in `other` matches it (lexically, then by word embedding).

    Embeddings are only computed for words inside lexical runs of `min_run` or more (cached by the encoder).
    """
    others = [o.lower for o in other]
    missing = _lexically_missing(side, others)
    candidates = {i for a, b in _runs(missing, min_run) for i in range(a, b)}
    todo = sorted({side[i].lower for i in candidates})
    if todo and others:
        best = closest_similarity(todo, others)
        missing = [i in candidates and best[side[i].lower] < WORD_SIMILARITY for i in range(len(side))]
    return missing


def prefetch_word_similarities(pairs: Sequence[tuple[list[Token], list[Token]]]) -> None:
    """Encode, in one call, the words `unmatched(side, other, min_run=1)` compares for every (side, other) pair."""
    words: list[str] = []
    for side, other in pairs:
        others = [o.lower for o in other]
        lost = [t.lower for t, missing in zip(side, _lexically_missing(side, others), strict=True) if missing]
        if lost and others:
            words += lost + others
    if words:
        get_encoder(ENCODER).prefetch(list(dict.fromkeys(words)))


def _lexically_missing(side: list[Token], others: list[str]) -> list[bool]:
    """For each word of `side`, whether no word of `others` (lower case) matches it lexically (`words_match`)."""
    index = _lexical_index(tuple(others))
    return [not index.matches(t.lower) for t in side]


class _LexicalIndex:
    """`words_match` against every word of a list at once: set look-ups of the words, their stems and the
    prefixes `_lexical_match` compares, instead of one comparison per pair (the same answers)."""

    def __init__(self, others: Sequence[str]) -> None:
        lowered = [o.lower() for o in others]
        self.words = frozenset(lowered)
        self.stems = frozenset(stem(o) for o in lowered)
        self.prefix5 = frozenset(o[:5] for o in lowered if len(o) >= 5)
        self.prefix4 = frozenset(o[:4] for o in lowered if len(o) >= 4)
        self.prefix4_short = frozenset(o[:4] for o in lowered if 4 <= len(o) <= 5)

    def matches(self, word: str) -> bool:
        """Whether some word of the list matches `word`: equal, same stem, five letters in common at the start,
        or four when the shorter word has at most five."""
        a = word.lower()
        if a in self.words or stem(a) in self.stems:
            return True
        if len(a) >= 5 and a[:5] in self.prefix5:
            return True
        return len(a) >= 4 and ((len(a) <= 5 and a[:4] in self.prefix4) or a[:4] in self.prefix4_short)


@lru_cache(maxsize=1024)
def _lexical_index(others: tuple[str, ...]) -> _LexicalIndex:
    return _LexicalIndex(others)


def closest_similarity(words: list[str], others: list[str]) -> dict[str, float]:
    """Each of `words` -> its highest word-embedding cosine with any of `others` (both non-empty)."""
    return {word: sim for word, (_, sim) in closest_words(words, others).items()}


def closest_words(words: list[str], others: list[str]) -> dict[str, tuple[str, float]]:
    """Each of `words` -> the closest of `others` by word-embedding cosine, and that cosine (both non-empty)."""
    vocab = sorted(set(others))
    vectors = get_encoder(ENCODER).encode([*words, *vocab])
    sims = vectors[: len(words)] @ vectors[len(words) :].T
    best = np.argmax(sims, axis=1)
    return {w: (vocab[j], float(sims[i, j])) for i, (w, j) in enumerate(zip(words, best.tolist(), strict=True))}


@lru_cache(maxsize=1024)
def source_words(src: str | None, lang: str | None) -> tuple[str, ...]:
    """The source's words as wordfreq cuts them (jieba, MeCab or its regex), for sources the encoder reads and
    that are not runaways (`MAX_LOOKUP_CHARS`)."""
    if not src or lang not in USE_LANGUAGES or len(src) > MAX_LOOKUP_CHARS:
        return ()
    from wordfreq import tokenize

    return tuple(w for w in tokenize(src, lang) if not w.isdigit())


@lru_cache(maxsize=1024)
def source_content_words(src: str | None, lang: str | None) -> tuple[str, ...]:
    """`source_words` without the language's most frequent words (Zipf SOURCE_FUNCTION_ZIPF and up: "der", "gli",
    "の", "się"), whose vectors sit near many words and would stand in for any of them."""
    return tuple(w for w in source_words(src, lang) if zipf(w, lang) < SOURCE_FUNCTION_ZIPF)


def _enclosing_lexical_run(side: list[Token], other: list[Token], a: int, b: int) -> tuple[int, int]:
    """The lexical run (before embedding matching) that contains the run [a, b)."""
    flags = _lexically_missing(side, [o.lower for o in other])
    return next(((x, y) for x, y in _runs(flags, MIN_RUN) if x <= a and b <= y), (a, b))


def _runs(flags: list[bool], min_run: int) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, f in enumerate([*flags, False]):
        if f and start is None:
            start = i
        elif not f and start is not None:
            if i - start >= min_run:
                runs.append((start, i))
            start = None
    return runs


@register
class MissingContent(Check):
    """Runs of reference content words with no counterpart in the MT (omission), or MT runs with none in the reference.
    Example: reference "The mayor, who was re-elected last year with a large majority, resigned", MT "The mayor
    resigned" -> omission finding on "re-elected last year with a large majority" (side ref, major). Words match
    by stem/prefix, then by word-embedding similarity (paraphrases); only runs of 3+ content words are reported.
    With a source the default encoder reads, a run the source sides with is minor: an MT run whose every word has
    a source content word within SOURCE_COUNTERPART ("new coronary pneumonia" for 新冠肺炎 where the reference says
    "COVID-19"), or a reference run none of whose source counterparts the MT leaves out (the reference's own
    wording: "features an array of").
    """

    name = "missing-content"
    category = Category.OMISSION
    severity = Severity.MAJOR
    needs = Needs.REFERENCE
    beside_features = True  # the content words it encodes are those of the coverage features

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Encode the words and cut-down texts of the whole batch in one call per language."""
        for lang, group in by_target_language(
            segments, lambda s, lang: bool(s.ref and s.mt.strip()) and has_stopwords(lang)
        ).items():
            _prefetch(group, lang)

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        if not seg.ref or not seg.mt.strip() or not has_stopwords(lang):
            return []
        ref_c, mt_c = content_tokens(seg.ref, lang), content_tokens(seg.mt, lang)
        src_lang = base_lang(seg.src_lang)  # the source is read only for the runs found
        findings = []
        for a, b in _runs(unmatched(ref_c, mt_c), MIN_RUN):
            outer = _enclosing_lexical_run(ref_c, mt_c, a, b)  # its cut-down text is already encoded
            if not _deletion_helps(seg.ref, ref_c[outer[0]].start, ref_c[outer[1] - 1].end, seg.mt):
                continue
            span = Span.of(seg.ref, ref_c[a].start, ref_c[b - 1].end)
            why = _source_renders_run([t.lower for t in ref_c[a:b]], [t.lower for t in mt_c], seg.src, src_lang)
            findings.append(
                self.finding(
                    side=Side.REF,
                    span=span,
                    message=f"'{span.text}' of the reference has no counterpart in the translation" + why,
                    evidence=span.text,
                    confidence=0.4 if why else 0.6,
                    severity=Severity.MINOR if why else self.effective_severity,
                )
            )
        for a, b in _runs(unmatched(mt_c, ref_c), MIN_RUN):
            outer = _enclosing_lexical_run(mt_c, ref_c, a, b)  # its cut-down text is already encoded
            if not _deletion_helps(seg.mt, mt_c[outer[0]].start, mt_c[outer[1] - 1].end, seg.ref):
                continue
            span = Span.of(seg.mt, mt_c[a].start, mt_c[b - 1].end)
            why = _source_has_run([t.lower for t in mt_c[a:b]], seg.src, src_lang)
            findings.append(
                self.finding(
                    category=Category.ADDITION,
                    span=span,
                    message=f"'{span.text}' has no counterpart in the reference" + why,
                    evidence=seg.ref,
                    confidence=0.4 if why else 0.6,
                    severity=Severity.MINOR if why else self.effective_severity,
                )
            )
        return findings


def _source_has_run(run: list[str], src: str | None, src_lang: str | None) -> str:
    """Why the source vouches for an MT run that the reference lacks (every word has a source content word within
    SOURCE_COUNTERPART), or "" when it does not or there is no source to ask."""
    src_words = list(source_content_words(src, src_lang))
    if not src_words or not run:
        return ""
    near = closest_words(run, src_words)
    if any(sim < SOURCE_COUNTERPART for _, sim in near.values()):
        return ""
    cited = ", ".join(f"'{w}'" for w in dict.fromkeys(near[w][0] for w in run))
    return f"; the source has it ({cited}), so the reference may paraphrase"


def _source_renders_run(run: list[str], mt_words: list[str], src: str | None, src_lang: str | None) -> str:
    """Why the source sides with an MT that lacks a reference run: no source counterpart of the run's words
    (within SOURCE_COUNTERPART) is missing from the MT (each has an MT word within SOURCE_COUNTERPART), or the run
    has none at all; "" when a counterpart is missing or there is no source to ask."""
    src_words = list(source_content_words(src, src_lang))
    if not src_words or not run or not mt_words:
        return ""
    near = closest_words(run, src_words)
    counterparts = sorted({cp for cp, sim in near.values() if sim >= SOURCE_COUNTERPART})
    if not counterparts:
        return "; the source has no counterpart of it either"
    rendered = closest_words(counterparts, mt_words)
    if any(sim < SOURCE_COUNTERPART for _, sim in rendered.values()):
        return ""
    cited = ", ".join(f"'{c}' ~ '{rendered[c][0]}'" for c in counterparts)
    return f"; the translation renders its source counterparts ({cited})"


def _prefetch(document: Sequence[Segment], lang: str) -> None:
    """Encode, in one batch, every word and cut-down text the document's segments may need (fills the cache)."""
    texts: list[str] = []
    for seg in document:
        if not seg.ref or not seg.mt.strip():
            continue
        ref_c, mt_c = content_tokens(seg.ref, lang), content_tokens(seg.mt, lang)
        for side, other, text in ((ref_c, mt_c, seg.ref), (mt_c, ref_c, seg.mt)):
            others = [o.lower for o in other]
            runs = _runs(_lexically_missing(side, others), MIN_RUN)
            if runs:
                texts += [side[i].lower for a, b in runs for i in range(a, b)] + others + [seg.ref, seg.mt]
                texts += [" ".join((text[: side[a].start] + text[side[b - 1].end :]).split()) for a, b in runs]
    if texts:
        get_encoder(ENCODER).prefetch(list(dict.fromkeys(texts)))


def _deletion_helps(text: str, start: int, end: int, other: str) -> bool:
    """Whether `text` without [start, end) is closer in meaning to `other` than `text` is (the run is extra)."""
    cut = " ".join((text[:start] + text[end:]).split())
    vectors = get_encoder(ENCODER).encode([text, cut, other])
    return float(vectors[1] @ vectors[2]) - float(vectors[0] @ vectors[2]) > DELETION_GAIN


@register
class LengthOutlier(Check):
    """A translation far shorter or longer than the reference/source (per language pair), or cut off mid-sentence.
    Example: reference "Police arrested two men on Friday after a chase through the city centre.", MT "Police
    arrested two men" -> omission finding on "on Friday after a chase through the city centre." (side ref, major).
    """

    name = "length-outlier"
    category = Category.OMISSION
    severity = Severity.MAJOR
    needs = Needs.EITHER

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        mt = seg.mt.strip()
        if not mt:
            return []
        tgt = base_lang(seg.tgt_lang) or "en"
        to_source = expected_length_ratio(base_lang(seg.src_lang), tgt) if seg.src else None
        if seg.ref:
            if to_source is not None and ends_sentence(mt) and _source_agrees(mt, seg.src or "", to_source):
                return []  # the MT has the source's length: the reference is the condensed (or expanded) one
            other, side, expected, low, high = seg.ref, Side.REF, 1.0, 0.5, 2.0
        else:
            if to_source is None:
                return []
            other, side, expected, low, high = seg.src or "", Side.SRC, to_source, 0.4, 2.5
        ratio = _length_ratio(mt, other, expected)
        if ratio is None:
            return []
        basis = "reference" if side is Side.REF else "source"
        if ratio < low or (side is Side.REF and ratio < 0.8 and ends_sentence(other) and not ends_sentence(mt)):
            cut = min(len(other), max(0, int(len(other) * min(ratio, 1.0))))
            cut = _word_start(other, cut)
            truncated = not ends_sentence(mt)
            return [
                self.finding(
                    side=side,
                    span=Span.of(other, cut, len(other.rstrip())),
                    message=(
                        f"the translation stops mid-sentence; the rest of the {basis} is missing"
                        if truncated
                        else f"the translation is {ratio:.0%} of the expected length: content of the {basis} is missing"
                    ),
                    evidence=other[cut:].strip(),
                    confidence=0.7 if truncated else 0.55,
                )
            ]
        if ratio > high:
            cut = _word_start(seg.mt, min(len(seg.mt), int(len(other) * expected)))
            return [
                self.finding(
                    category=Category.ADDITION,
                    span=Span.of(seg.mt, cut, len(seg.mt.rstrip())),
                    message=f"the translation is {ratio:.1f} times the expected length: likely added content",
                    evidence=other,
                    confidence=0.55,
                )
            ]
        return []


@lru_cache(maxsize=1)
def _length_ratios() -> dict[str, float]:
    path = resources.files("auditor").joinpath("data", "checks", MODULE, "length_ratios.json")
    table = json.loads(path.read_text(encoding="utf-8"))["expected_length_ratio"]
    return {str(k): float(v) for k, v in table.items()}


def expected_length_ratio(src_lang: str | None, tgt_lang: str) -> float | None:
    """Expected characters of a `tgt_lang` translation per character of `src_lang` text (None if unknown)."""
    ratios = _length_ratios()
    if src_lang not in ratios or tgt_lang not in ratios:
        return None
    return ratios[src_lang] / ratios[tgt_lang]


def _length_ratio(mt: str, other: str, expected: float) -> float | None:
    """The MT's length over the length `expected` from `other`; None when `other` is too short to tell."""
    if len(other.strip()) < MIN_LENGTH_BASIS:
        return None
    return len(mt) / (len(other.strip()) * expected)


def _source_agrees(mt: str, src: str, expected: float) -> bool:
    """Whether the MT is about as long as the source leads one to expect (SOURCE_LENGTH_BAND)."""
    ratio = _length_ratio(mt, src, expected)
    low, high = SOURCE_LENGTH_BAND
    return ratio is not None and low <= ratio <= high


def _word_start(text: str, i: int) -> int:
    while 0 < i < len(text) and not text[i - 1].isspace():
        i -= 1
    return i


_LOOP_RE = re.compile(r"\b((?:\w+\W+){2,12}?)\1{2,}", re.UNICODE)


@register
class RepeatedLoop(Check):
    """A phrase repeated in a loop (a hallucinated continuation) that the reference/source does not repeat.
    Example: MT "The talks will resume next week, next week, next week." -> finding on the repeated
    "next week, next week," (addition, major).
    """

    name = "hallucinated-loop"
    category = Category.ADDITION
    severity = Severity.MAJOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        findings = []
        for m in _LOOP_RE.finditer(seg.mt + " "):
            unit = m.group(1)
            if any(other and unit * 2 in other + " " for other in (seg.ref, seg.src)):
                continue
            start = m.start() + len(unit)
            end = min(len(seg.mt), m.end())
            findings.append(
                self.finding(
                    span=Span.of(seg.mt, start, len(seg.mt[:end].rstrip())),
                    message=f"'{unit.strip()}' repeats in a loop",
                    evidence=(seg.ref or seg.src),
                    confidence=0.8,
                )
            )
        return findings


@register
class DroppedWord(Check):
    """A hole left by a dropped word: an article or preposition with nothing after it, an orphan "'s" / "()", or a
    sentence that has lost its subject ("Would also reopen the port", "Told reporters that ...").
    Example: MT "Aid was sent by the ." with the reference "Aid was sent by the UN." -> finding on "the ."
    (omission, major); the reference having the same pattern cancels it.
    """

    name = "dropped-word"
    category = Category.OMISSION
    severity = Severity.MAJOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        findings = []
        for start, end, why in holes(seg.mt, lang):
            context = seg.mt[max(0, start - 1) : end]
            if why == NO_NOUN:  # the reference cancels it with the same adjective before the same word or mark
                follower = re.match(r"\s*(?:\w+|\W)", seg.mt[end:])
                context += follower.group() if follower else ""
            at_start = why == NO_SUBJECT or not seg.mt[:start].strip()  # ", 53, took office": compare openings
            if seg.ref and (
                seg.ref.lstrip().lower().startswith(context.strip().lower())
                if at_start
                else context.lower() in seg.ref.lower()
            ):
                continue
            findings.append(
                self.finding(
                    span=Span.of(seg.mt, start, end),
                    message=f"a word seems to be missing here ({why})",
                    evidence=seg.ref or seg.src,
                    confidence=0.6,
                )
            )
        return findings


@lru_cache(maxsize=32)
def _hole_patterns(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    data = load_data(MODULE, lang).get("dangling", {})
    if not data:
        return ()
    articles = "|".join(map(re.escape, data["article_before"]))
    followers = "|".join(map(re.escape, data["followers_impossible_after_article"]))
    preps = "|".join(map(re.escape, data["prepositions"]))
    pats = [
        (
            # "the the" is a doubled word (repeated-words), not a hole
            re.compile(rf"\b(?P<art>{articles})\s+(?!(?P=art)\b)(?:{followers})(?![\w'’-])", re.IGNORECASE),
            "article followed by a function word",
        ),
        (re.compile(rf"\b(?:{preps})\s*[,.;:!?)](?!\w)", re.IGNORECASE), "preposition or article before punctuation"),
    ]
    pats += [(re.compile(p, re.IGNORECASE), "empty slot") for p in data.get("hole_patterns", ())]
    pats += [(re.compile(p), "empty slot") for p in data.get("cased_hole_patterns", ())]
    initial = "|".join(map(re.escape, data.get("impossible_initial", ())))
    # phrases that may start a sentence although their first word may not ("Of course", "And yet")
    exceptions = [r"\s+".join(map(re.escape, p.split())) for p in data.get("initial_exceptions", ())]
    allowed = "|".join(exceptions + list(data.get("initial_exception_patterns", ()))) or "(?!)"
    if initial:  # "Would also take over custody...", '"Can take its toll' (its subject is gone); not questions
        pats.append(
            (
                re.compile(rf"^\s*[\"“]?(?!(?:{allowed})\b)(?P<hole>{initial})\b(?![\w'’-])(?![^?]*\?)", re.IGNORECASE),
                "sentence has no subject",
            )
        )
    # case-sensitive: a sentence opening on a finite verb ("Told the reporter that ..."); group `hole` is the span
    pats += [(re.compile(p), NO_SUBJECT) for p in data.get("initial_verb_patterns", ())]
    return tuple(pats)


def holes(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Spans where a word looks dropped (dangling article/preposition, orphan possessive, empty brackets, an
    adjective with no noun)."""
    out = []
    for pat, why in _hole_patterns(lang):
        group = "hole" if "hole" in pat.groupindex else 0
        out += [(m.start(group), m.end(group), why) for m in pat.finditer(text)]
    return out + _adjectives_without_noun(text, lang)


@lru_cache(maxsize=32)
def _adjective_pattern(lang: str) -> re.Pattern[str] | None:
    data = load_data(MODULE, lang).get("dangling", {}).get("adjective_without_noun")
    if not data:
        return None
    dets = "|".join(map(re.escape, data["determiners"]))
    marks = "".join(re.escape(f) for f in data["followers"] if not f.isalpha())
    words = "|".join(re.escape(f) for f in data["followers"] if f.isalpha())
    return re.compile(rf"(?<![\w'’-])(?:{dets}|\d[\d,.]*%?)\s+(?P<adj>[a-z]{{3,}})(?=[{marks}]|\s+(?:{words})\b)")


def _adjectives_without_noun(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Attributive adjectives with no noun after them ("the severe in"), by the hunspell dictionary's affix flags."""
    pattern = _adjective_pattern(lang)
    if pattern is None or hunspell_dictionary(lang) is None:
        return []
    out = []
    for m in pattern.finditer(text):
        if _adjective_only(m.group("adj"), lang):
            out.append((m.start("adj"), m.end("adj"), NO_NOUN))
    return out


@lru_cache(maxsize=16384)
def _adjective_only(word: str, lang: str) -> bool:
    """Whether the dictionary knows `word` only as an adjective (adjective affixes, no noun or verb ones)."""
    data = load_data(MODULE, lang)["dangling"]["adjective_without_noun"]
    if word in data["nominal_adjectives"] or word.endswith(tuple(data["not_before_noun_suffixes"])):
        return False
    flags = affix_flags(lang, word)
    return (
        bool(flags & set(data["adjective_flags"]))
        and not flags & set(data["noun_flags"] + data["verb_flags"])
        and zipf(word, lang) >= float(data["min_zipf"])
    )
