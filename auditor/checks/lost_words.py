"""Single words of the reference lost in the MT, told apart from paraphrase by part of speech.

A verb, adjective or adverb (or, by the second rule below, a noun) of the reference is reported when the MT has
fewer words of that part of speech than the reference, and no MT content word matches it: not by stem or prefix,
and not by word-embedding cosine above the threshold of its part of speech. A paraphrase keeps the count or leaves
a close word behind ("assessed" for "evaluated"); a dropped word leaves neither. An MT word that spells another
reference word already stands for that word: when the closest MT word is taken so, and no free one comes close, the
word is lost too ("coastal" of "describes coastal trade between the two countries" is closest to MT words that are
the reference's own).
The parts of speech, their thresholds and the parts of speech that count as content come from
`auditor/data/checks/missing_word/<lang>.json`, which also maps the tagger's fine-grained tags to them: the
reference is only tagged (`auditor/parsing.py`, English here), and the MT's parse is read the same way so that both
sides count alike. A language without a data file or a parser gets no findings.

With a source the default encoder reads, a second rule needs no count: a reference word that no MT content word
comes close to, whose closest source word (its counterpart there) has no close MT word either, is lost by both
sides' account (`source_backed` in the data file; minor, one a segment).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..embeddings import get_encoder
from ..langid import base_lang
from ..parsing import parse, parse_batch, tag_batch, tags
from ..types import Category, Finding, Segment, Severity, Side, Span
from ._text import load_data, word_set
from .base import Check, CheckContext, Needs, by_target_language, register
from .omission import ENCODER, closest_similarity, closest_words, source_content_words, source_words, words_match

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

MODULE = "missing_word"
STOPWORDS = "omission"  # the function words of the omission checks are no content here either


@dataclass(frozen=True)
class _Rules:
    max_similarity: dict[str, float]  # part of speech -> cosine at or above which an MT word is a counterpart
    max_free_similarity: dict[str, float]  # the same for the MT words that spell no other reference word
    taken_gate: dict[str, float]  # ... which applies only while the closest MT word of any kind stays below this
    severity: dict[str, Severity]  # part of speech -> severity of its loss
    content_pos: frozenset[str]
    tag_pos: dict[str, str]  # fine-grained tag -> the part of speech it counts as
    auxiliaries: frozenset[str]  # verb forms that count as AUX whatever their tag
    auxiliaries_before_verb: frozenset[str]  # verb forms that count as AUX when a verb follows (past adverbs)
    particles: frozenset[str]  # adverb-tagged words that count as PART

    def pos(self, tok: Token) -> str:
        """The part of speech `tok` counts as (empty for a tag not mapped)."""
        pos = self.tag_pos.get(tok.tag_, "")
        if pos == "VERB" and (
            tok.lower_ in self.auxiliaries or (tok.lower_ in self.auxiliaries_before_verb and self._verb_follows(tok))
        ):
            return "AUX"
        if pos == "ADV" and tok.lower_ in self.particles:
            return "PART"
        return pos

    def _verb_follows(self, tok: Token) -> bool:
        for nxt in tok.doc[tok.i + 1 :]:
            tag = self.tag_pos.get(nxt.tag_, "")
            if tag != "ADV":
                return tag == "VERB"
        return False


@lru_cache(maxsize=16)
def _rules(lang: str) -> _Rules | None:
    data: dict[str, Any] = load_data(MODULE, lang)
    if not data.get("max_similarity"):
        return None
    return _Rules(
        {str(k): float(v) for k, v in data["max_similarity"].items()},
        {str(k): float(v) for k, v in data.get("max_free_similarity", {}).items()},
        {str(k): float(v) for k, v in data.get("taken_gate", {}).items()},
        {str(k): Severity(v) for k, v in data.get("severity", {}).items()},
        frozenset(data["content_pos"]),
        {str(k): str(v) for k, v in data["tag_pos"].items()},
        frozenset(data.get("auxiliaries", [])),
        frozenset(data.get("auxiliaries_before_verb", [])),
        frozenset(data.get("particles", [])),
    )


@dataclass(frozen=True)
class LostWord:
    """A reference word with no counterpart in the MT: offsets into the reference, its part of speech, and the
    highest cosine an MT content word reached (of the free ones when `taken`)."""

    start: int
    end: int
    pos: str
    similarity: float
    taken: bool = False  # the closer MT words spell other reference words; `similarity` is that of the free ones


def lost_words(mt: str, ref: str, lang: str) -> list[LostWord]:
    """The reference words of a checked part of speech that the MT lost (at most one per part of speech: the least
    matched), in reference order."""
    rules = _rules(lang)
    if rules is None:
        return []
    found = []
    for pos, (mt_words, candidates, free_words) in _candidates(mt, ref, lang).items():
        best = closest_similarity(sorted({t.lower_ for t in candidates}), mt_words)
        tok = min(candidates, key=lambda t: best[t.lower_])
        if best[tok.lower_] < rules.max_similarity.get(pos, 0.0):
            found.append(LostWord(tok.idx, tok.idx + len(tok.text), pos, best[tok.lower_]))
            continue
        free_limit = rules.max_free_similarity.get(pos)
        near_taken = [t for t in candidates if best[t.lower_] < rules.taken_gate.get(pos, 0.0)]
        if free_limit is None or not near_taken:
            continue
        free = closest_similarity(sorted({t.lower_ for t in near_taken}), free_words) if free_words else {}
        tok = min(near_taken, key=lambda t: free.get(t.lower_, 0.0))
        if free.get(tok.lower_, 0.0) < free_limit:
            found.append(LostWord(tok.idx, tok.idx + len(tok.text), pos, free.get(tok.lower_, 0.0), taken=True))
    return sorted(found, key=lambda w: w.start)


@lru_cache(maxsize=1024)  # a batch's candidates: `prepare` encodes their words, `check_segment` reads them again
def _candidates(mt: str, ref: str, lang: str) -> dict[str, tuple[list[str], list[Token], list[str]]]:
    """Per checked part of speech that the MT has fewer of than the reference: the MT's content words, the
    reference words of that part of speech that no MT content word matches by stem or prefix, and the MT content
    words that match no reference content word (free to stand for a lost one); callers must not change the lists:
    they are cached."""
    rules = _rules(lang)
    mt_doc, ref_doc = (parse(mt, lang), tags(ref, lang)) if rules else (None, None)
    if rules is None or mt_doc is None or ref_doc is None:
        return {}
    mt_words = [t.lower_ for t in mt_doc if rules.pos(t) in rules.content_pos and t.is_alpha]
    if not mt_words:
        return {}
    stop = word_set(STOPWORDS, lang, "stopwords")
    mt_pos, ref_pos = _pos_counts(mt_doc, rules), _pos_counts(ref_doc, rules)
    out: dict[str, tuple[list[str], list[Token], list[str]]] = {}
    free_words: list[str] | None = None
    for pos in dict.fromkeys([*rules.max_similarity, *rules.max_free_similarity]):
        if ref_pos[pos] <= mt_pos[pos]:
            continue
        candidates = [
            t
            for t in ref_doc
            if rules.pos(t) == pos
            and t.is_alpha
            and t.lower_ not in stop
            and not any(words_match(t.lower_, m) for m in mt_words)
        ]
        if candidates:
            if free_words is None:
                ref_words = {t.lower_ for t in ref_doc if rules.pos(t) in rules.content_pos and t.is_alpha}
                free_words = [m for m in mt_words if not any(words_match(r, m) for r in ref_words)]
            out[pos] = (mt_words, candidates, free_words)
    return out


def _pos_counts(doc: Doc, rules: _Rules) -> Counter[str]:
    return Counter(rules.pos(t) for t in doc if t.is_alpha)


def _closest(word: LostWord) -> str:
    if not word.taken:
        return f"closest word: cosine {word.similarity:.2f}"
    taken = "the MT words close to it stand for other words of the reference"
    return f"{taken}; closest of the others: cosine {word.similarity:.2f}" if word.similarity > 0 else taken


@dataclass(frozen=True)
class BackedLoss:
    """A reference word lost in the MT by the source's account too: offsets into the reference, its part of speech,
    its closest MT word's cosine, and its source counterpart with that word's closest MT cosine."""

    start: int
    end: int
    pos: str
    mt_similarity: float
    source_word: str
    source_mt_similarity: float


def _backed_limits(lang: str) -> dict[str, Any]:
    limits: dict[str, Any] = load_data(MODULE, lang).get("source_backed", {})
    return limits


@lru_cache(maxsize=1024)  # `prepare` collects the words to encode, `check_segment` reads the same candidates
def _backed_candidates(mt: str, ref: str, lang: str) -> tuple[list[tuple[int, int, str, str]], list[str]]:
    """Reference words of the `source_backed` parts of speech that no MT word spells ((start, end, word, part of
    speech)), and the MT's content words; callers must not change the lists: they are cached."""
    rules, limits = _rules(lang), _backed_limits(lang)
    mt_doc, ref_doc = (parse(mt, lang), tags(ref, lang)) if rules and limits else (None, None)
    if rules is None or mt_doc is None or ref_doc is None:
        return [], []
    stop = word_set(STOPWORDS, lang, "stopwords")
    mt_all = [t.lower_ for t in mt_doc if t.is_alpha]
    mt_content = [t.lower_ for t in mt_doc if t.is_alpha and t.lower_ not in stop and rules.pos(t) in rules.content_pos]
    wanted = frozenset(limits["pos"])
    candidates = [
        (t.idx, t.idx + len(t.text), t.lower_, rules.pos(t))
        for t in ref_doc
        if t.is_alpha
        and t.lower_ not in stop
        and rules.pos(t) in wanted
        and not any(words_match(t.lower_, m) for m in mt_all)
    ]
    return candidates, mt_content


def source_backed_losses(mt: str, ref: str, src: str, lang: str, src_lang: str) -> list[BackedLoss]:
    """Reference words with no MT counterpart (cosine below `max_mt_similarity`) whose closest source word, at least
    `min_source_similarity` away, has none either (below `max_source_mt_similarity`), in reference order; none
    without a data entry, a parser or a source the encoder reads."""
    limits = _backed_limits(lang)
    src_words = list(source_words(src, src_lang))
    if not limits or not src_words:
        return []
    candidates, mt_content = _backed_candidates(mt, ref, lang)
    if not candidates or not mt_content:
        return []
    words = sorted({w for _, _, w, _ in candidates})
    near_mt = closest_words(words, mt_content)
    far = [c for c in candidates if near_mt[c[2]][1] < float(limits["max_mt_similarity"])]
    if not far:
        return []
    near_src = closest_words(sorted({w for _, _, w, _ in far}), src_words)
    counterparts = sorted({near_src[w][0] for _, _, w, _ in far})
    src_near_mt = closest_words(counterparts, mt_content)
    out = []
    for start, end, word, pos in far:
        counterpart, similarity = near_src[word]
        if similarity >= float(limits["min_source_similarity"]):
            left = src_near_mt[counterpart][1]
            if left < float(limits["max_source_mt_similarity"]):
                out.append(BackedLoss(start, end, pos, near_mt[word][1], counterpart, left))
    return out


POS_NAMES = {"VERB": "verb", "ADJ": "adjective", "ADV": "adverb", "NOUN": "noun"}


@register
class MissingWord(Check):
    """A verb, noun, adjective or adverb of the reference that the MT dropped: the MT has fewer of them and none of
    its words matches this one (stem, prefix or word-embedding cosine; an MT word that spells another reference
    word counts only while it is close, and nouns are judged by that rule alone). Needs the reference (English
    targets). A lost verb or noun is major, a lost adjective or adverb minor (the severities are in the data file).
    Example: reference "Police in the port city photographed the suspects on Monday night.", MT "Police in the
    port city the suspects on Monday night." -> omission finding on "photographed" in the reference (side ref,
    major); MT "Police in the port city detained the suspects on Monday night." -> none (the verb count is kept).
    With a source the default encoder reads, a reference word far from every MT word whose source counterpart is
    far from every MT word too is reported minor, whatever the counts (one a segment, the farthest).
    """

    name = "missing-word"
    category = Category.OMISSION
    severity = Severity.MAJOR
    needs = Needs.REFERENCE

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Parse the batch's MTs, tag its references, and encode the words they compare in one call per language."""
        for lang, group in by_target_language(
            segments, lambda s, lang: bool(s.ref and s.mt.strip()) and _rules(lang) is not None
        ).items():
            parse_batch([seg.mt for seg in group], lang)
            tag_batch([seg.ref or "" for seg in group], lang)
            words: set[str] = set()
            for seg in group:
                for mt_words, candidates, _ in _candidates(seg.mt, seg.ref or "", lang).values():
                    words |= set(mt_words) | {t.lower_ for t in candidates}
            if words:
                get_encoder(ENCODER).prefetch(sorted(words))
            words = set()
            for seg in group:
                if source_words(seg.src, base_lang(seg.src_lang)) and _backed_limits(lang):
                    backed, mt_content = _backed_candidates(seg.mt, seg.ref or "", lang)
                    if backed:
                        words |= {w for _, _, w, _ in backed} | set(mt_content)
            if words:
                get_encoder(ENCODER).prefetch(sorted(words))

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        if not seg.ref or not seg.mt.strip():
            return []
        lang = base_lang(seg.tgt_lang) or "en"
        rules = _rules(lang)
        lost = lost_words(seg.mt, seg.ref, lang)
        src_words = list(source_content_words(seg.src, base_lang(seg.src_lang))) if lost else []
        return self._lost(seg.ref, lost, rules, src_words, lang) + self._backed(seg, lang, {w.start for w in lost})

    def _backed(self, seg: Segment, lang: str, reported: set[int]) -> list[Finding]:
        """The source-backed loss farthest from the MT, unless the count rule reported that word already."""
        if not seg.src or not seg.ref:
            return []
        losses = [
            w
            for w in source_backed_losses(seg.mt, seg.ref, seg.src, lang, base_lang(seg.src_lang) or "")
            if w.start not in reported
        ]
        if not losses:
            return []
        word = min(losses, key=lambda w: w.mt_similarity + w.source_mt_similarity)
        text = seg.ref[word.start : word.end]
        return [
            self.finding(
                severity=Severity.MINOR,
                side=Side.REF,
                span=Span.of(seg.ref, word.start, word.end),
                message=f"the {POS_NAMES.get(word.pos, word.pos.lower())} '{text}' of the reference has no "
                f"counterpart in the translation, nor has its source counterpart '{word.source_word}' (closest MT "
                f"words: cosine {word.mt_similarity:.2f} and {word.source_mt_similarity:.2f})",
                evidence=text,
                confidence=0.35,
            )
        ]

    def _lost(
        self, ref: str, lost: list[LostWord], rules: _Rules | None, src_words: list[str], lang: str
    ) -> list[Finding]:
        """Findings for the words the count rule lost, at their part of speech's severity; minor where the source
        (one the encoder reads) has no content word within `unsourced` of it: the reference's own wording, perhaps."""
        line = load_data(MODULE, lang).get("unsourced", {}).get("max_source_similarity")
        near = (
            closest_words(sorted({ref[w.start : w.end].lower() for w in lost}), src_words)
            if lost and src_words and line is not None
            else {}
        )
        findings = []
        for word in lost:
            text = ref[word.start : word.end]
            severity = rules.severity.get(word.pos, self.effective_severity) if rules else self.effective_severity
            unsourced = ""
            closest = near.get(text.lower())
            if closest is not None and closest[1] < float(line):
                severity = Severity.MINOR
                unsourced = f"; no source word comes close to it either ('{closest[0]}', cosine {closest[1]:.2f})"
            findings.append(
                self.finding(
                    severity=severity,
                    side=Side.REF,
                    span=Span.of(ref, word.start, word.end),
                    message=f"the {POS_NAMES.get(word.pos, word.pos.lower())} '{text}' of the reference has no "
                    f"counterpart in the translation ({_closest(word)}){unsourced}",
                    evidence=text,
                    confidence=0.35 if unsourced else 0.5,
                )
            )
        return findings
