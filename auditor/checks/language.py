"""Language checks: untranslated or wrong-language segments, copied source spans, code-mixing, untranslated names.

Cheap signals first: the writing system of each letter and wordfreq frequencies of each word in the target
language against the source language (and English); lingua, restricted to those few languages, only confirms
a whole-segment verdict when the cheap signals fire. Writing systems per language live in
`auditor/data/checks/language/scripts.json`; the head words of translatable names, per source language, in
`auditor/data/checks/language/<lang>.json`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..langid import base_lang
from ..types import Category, Finding, Segment, Severity, Span
from ..vocab import has_vocabulary, zipf
from ._text import load_data, word_set
from .base import Check, CheckContext, Needs, register

_DATA = "auditor.data.checks.language"


@lru_cache(maxsize=1)
def _scripts() -> dict[str, Any]:
    return dict(json.loads(resources.files(_DATA).joinpath("scripts.json").read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def _script_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(f"[{chars}]")) for name, chars in _scripts()["ranges"].items())


def native_scripts(lang: str | None) -> frozenset[str]:
    """Writing systems the language is normally written in (Latin by default)."""
    data = _scripts()
    return frozenset(data["native"].get(base_lang(lang), data["default_native"]))


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str | None:
    """The writing system of one letter, or None for a letter outside the listed ones."""
    for name, pat in _script_patterns():
        if pat.match(ch):
            return name
    return None


@lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...]) -> Any:
    """A lingua detector restricted to `codes` (ISO 639-1), or None when lingua or a language is missing."""
    try:
        from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

        langs = [Language.from_iso_code_639_1(IsoCode639_1.from_str(c)) for c in codes]
        if len(langs) < 2:
            return None
        return LanguageDetectorBuilder.from_languages(*langs).build()
    except Exception:  # lingua missing or a language it does not know
        return None


def detect(text: str, candidates: tuple[str, ...]) -> tuple[str, float] | None:
    """Most likely language of `text` among `candidates` with its confidence (lingua), or None."""
    det = _detector(tuple(sorted(set(candidates))))
    if det is None:
        return None
    values = det.compute_language_confidence_values(text)
    if not values:
        return None
    top = values[0]
    return top.language.iso_code_639_1.name.lower(), float(top.value)


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


_INITIAL_GAP = re.compile(r"[.!?:\"“«(]\s*$")


def _main_script(word: str) -> str | None:
    """The writing system of most letters of `word`."""
    if word.isascii():
        return "Latin"
    counts: dict[str, int] = {}
    for c in word:
        sc = script_of(c)
        if sc:
            counts[sc] = counts.get(sc, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    text: str
    foreign: str | None  # language (or script) it belongs to instead of the target, if it does
    in_source: bool
    loose: str | None  # the same, judging a capitalised word like a lowercase one (for words copied from the source)


@dataclass(frozen=True)
class _Analysis:
    words: tuple[_Word, ...]
    foreign_share: float  # share of words that belong to another language
    n_scored: int
    verdict: tuple[str, float] | None  # whole segment in another language: (language or script, confidence)
    verdict_is_source: bool


def _other_langs(seg: Segment) -> tuple[str, ...]:
    tgt = base_lang(seg.tgt_lang)
    out = [c for c in (base_lang(seg.src_lang), "en") if c and c != tgt and has_vocabulary(c)]
    return tuple(dict.fromkeys(out))


def _word_foreign(word: str, tgt: str, others: tuple[str, ...], capital: bool, strict: bool = True) -> str | None:
    """The other language `word` belongs to (by wordfreq frequency and alphabet), or None; `strict` leaves
    alone words that are frequent in the target language too."""
    zt = zipf(word, tgt)
    if strict and zt >= 4.0:
        return None
    best, zo = None, 0.0
    for lang in others:
        z = zipf(word, lang)
        if z > zo:
            best, zo = lang, z
    if capital:  # a name unless the other language capitalises its nouns (German), and then not a street's
        nouns = set(_scripts()["capitalised_nouns"])
        endings = _scripts().get("place_name_endings", {}).get(best, ())
        if any(word.lower().endswith(e) and len(word) >= len(e) + 3 for e in endings):  # "Talstraße", not "Straße"
            return None
        if best in nouns and ((zt < 1.0 and zo >= 3.5) or (zo - zt >= 2.5 and zt < 3.0)):
            return best
        return None
    if (zt < 1.0 and zo >= 3.0) or (zo - zt >= 2.5):
        return best
    alphabet = _scripts()["alphabets"].get(tgt)
    if alphabet and zt < 1.0 and any(c not in alphabet for c in word.lower() if c.isalpha()):
        return best or "foreign"
    return None


@lru_cache(maxsize=256)
def _analyse(seg: Segment) -> _Analysis:
    """Per-word language evidence and the whole-segment verdict, shared by the checks of this module."""
    mt, tgt = seg.mt, base_lang(seg.tgt_lang)
    native = native_scripts(tgt)
    src_native = native_scripts(seg.src_lang) if seg.src_lang else frozenset()
    others = _other_langs(seg)
    src_words = {w.lower() for w in _WORD.findall(seg.src)} if seg.src else set()
    ref = seg.ref or ""
    words: list[_Word] = []
    script_counts: dict[str, int] = {}
    n_scored = n_foreign = n_unknown = n_rare = n_other = 0
    scored: list[str] = []
    prev_end = 0
    candidates = tuple(c for c in dict.fromkeys((*others, *_scripts()["fallback_candidates"])) if c != tgt)
    for m in _WORD.finditer(mt):
        w = m.group()
        main = _main_script(w)
        if main:
            script_counts[main] = script_counts.get(main, 0) + len(w)
        foreign: str | None = None
        loose: str | None = None
        in_ref = bool(ref) and w in ref
        if main and main not in native and not in_ref:
            if main != "Latin" or (len(w) > 1 and w.islower()):
                foreign = main
        elif main in native and main == "Latin" and has_vocabulary(tgt) and len(w) > 1 and not in_ref:
            gap = mt[prev_end : m.start()]
            initial = (prev_end == 0 and not gap.strip()) or bool(_INITIAL_GAP.search(gap))
            if w[1:] == w[1:].lower():
                foreign = _word_foreign(w, tgt, others, w[0].isupper())
                if w.lower() in src_words:  # only words copied from the source need the loose reading
                    loose = _word_foreign(w, tgt, others, False, strict=False)
            if w.islower() or initial:
                n_scored += 1
                n_foreign += foreign is not None
                zt = zipf(w, tgt)
                n_unknown += zt < 2.0
                n_rare += zt < 3.0
                scored.append(w)
        words.append(_Word(m.start(), m.end(), w, foreign, w.lower() in src_words, foreign or loose))
        prev_end = m.end()
    verdict: tuple[str, float] | None = None
    verdict_is_source = False
    letters = sum(script_counts.values())
    alien = {s: n for s, n in script_counts.items() if s not in native}
    if letters >= 12 and sum(alien.values()) > 0.6 * letters:
        script = max(alien, key=lambda s: alien[s])
        latin_words = [w for w in words if w.foreign == "Latin"]
        if script != "Latin" or len(latin_words) >= 3:
            verdict = (script, sum(alien.values()) / letters)
            verdict_is_source = script in src_native or (script == "Latin" and not src_native and bool(seg.src))
    elif n_scored >= 4 and max(n_foreign, n_rare) >= 0.4 * n_scored:  # cheap signals fired: look closer
        n_other = sum(max((zipf(w, c) for c in candidates), default=0.0) > zipf(w, tgt) + 1.0 for w in scored)
    if verdict is None and n_scored >= 4 and max(n_foreign, n_unknown, n_other) >= 0.6 * n_scored:
        found = detect(mt, (tgt, *candidates))
        if found and found[0] != tgt and found[1] >= 0.6:
            verdict = found
            verdict_is_source = found[0] == base_lang(seg.src_lang)
    share = n_foreign / n_scored if n_scored else 0.0
    return _Analysis(tuple(words), share, n_scored, verdict, verdict_is_source)


def _whole_span(mt: str) -> Span:
    start = len(mt) - len(mt.lstrip())
    return Span.of(mt, start, len(mt.rstrip()))


@register
class UntranslatedSegment(Check):
    """The whole segment is left in the source language (copied or written in it): a critical error.

    Example: "Il governo ha approvato la legge ieri sera." (Italian source, English target)
    -> finding on "Il governo ha approvato la legge ieri sera.".
    """

    name = "untranslated-segment"
    category = Category.UNTRANSLATED
    severity = Severity.CRITICAL
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        if not seg.tgt_lang or not seg.mt.strip():
            return
        a = _analyse(seg)
        if a.verdict and a.verdict_is_source:
            yield self.finding(
                span=_whole_span(seg.mt),
                message=f"segment not translated: it is in the source language ({a.verdict[0]}), not {seg.tgt_lang}",
                evidence=seg.src,
                confidence=min(1.0, a.verdict[1]),
            )


@register
class WrongLanguage(Check):
    """The whole segment is in a third language, neither the target nor the source: a critical error.

    Example: "Die Regierung hat das Gesetz gestern verabschiedet." (Italian source, English target)
    -> finding on "Die Regierung hat das Gesetz gestern verabschiedet.".
    """

    name = "wrong-language"
    category = Category.NON_TRANSLATION
    severity = Severity.CRITICAL
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        if not seg.tgt_lang or not seg.mt.strip():
            return
        a = _analyse(seg)
        if a.verdict and not a.verdict_is_source:
            yield self.finding(
                span=_whole_span(seg.mt),
                message=f"segment in the wrong language ({a.verdict[0]}), expected {seg.tgt_lang}",
                confidence=min(1.0, a.verdict[1]),
            )


def _copied_runs(seg: Segment, a: _Analysis) -> list[tuple[int, int]]:
    """Index ranges [i, j) of words copied from the source, with at least two words of another language."""
    if not seg.src:
        return []
    src_low = " ".join(w.lower() for w in _WORD.findall(seg.src))
    runs: list[tuple[int, int]] = []
    words = a.words
    i = 0
    while i < len(words):
        if not words[i].in_source:
            i += 1
            continue
        j = i + 1
        while (
            j < len(words)
            and words[j].in_source
            and re.fullmatch(r"[\s,'’-]*", seg.mt[words[j - 1].end : words[j].start])
            and f" {words[j - 1].text.lower()} {words[j].text.lower()} " in f" {src_low} "
        ):
            j += 1
        foreign = [k for k in range(i, j) if words[k].loose]
        if len(foreign) >= 2 and len(foreign) * 2 >= j - i and any(words[k].foreign for k in foreign):
            runs.append((foreign[0], foreign[-1] + 1))
        i = j
    return runs


@register
class CopiedSourceSpan(Check):
    """Two or more consecutive words copied from the source that are source-language words, not names or
    numbers, inside an otherwise translated segment.

    Example: "The minister said that il governo cadrà soon." (Italian source with "il governo cadrà")
    -> finding on "il governo cadrà".
    """

    name = "copied-source-span"
    category = Category.UNTRANSLATED
    severity = Severity.MAJOR
    needs = Needs.SOURCE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        if not seg.tgt_lang or not seg.src:
            return
        a = _analyse(seg)
        if a.verdict:
            return  # the whole segment is reported
        for i, j in _copied_runs(seg, a):
            start, end = a.words[i].start, a.words[j - 1].end
            text = seg.mt[start:end]
            yield self.finding(
                span=Span.of(seg.mt, start, end),
                message=f"untranslated words copied from the source: {text!r}",
                evidence=text if text in seg.src else None,
            )


@register
class CodeMixing(Check):
    """Words of another language or writing system inside a target-language segment (code-mixing), found by
    writing system and by wordfreq frequencies in the target vs the source language and English.

    Example: "The company went into upadłość last year." (Polish source, English target)
    -> finding on "upadłość".
    """

    name = "code-mixing"
    category = Category.UNTRANSLATED
    severity = Severity.MAJOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        if not seg.tgt_lang or not seg.mt.strip():
            return
        a = _analyse(seg)
        if a.verdict:
            return
        copied = {k for i, j in _copied_runs(seg, a) for k in range(i, j)}
        groups: list[list[_Word]] = []
        for k, w in enumerate(a.words):
            if not w.foreign or k in copied:
                continue
            prev = groups[-1][-1] if groups else None
            if prev and prev.foreign == w.foreign and re.fullmatch(r"[\s'’-]*", seg.mt[prev.end : w.start]):
                groups[-1].append(w)
            else:
                groups.append([w])
        for g in groups:
            start, end = g[0].start, g[-1].end
            text = seg.mt[start:end]
            src_pos = seg.src.find(text) if seg.src else -1
            yield self.finding(
                span=Span.of(seg.mt, start, end),
                message=f"{text!r} is not {seg.tgt_lang} ({g[0].foreign})",
                evidence=text if src_pos >= 0 else None,
            )


# Zipf points by which a name's head word must be more common in the source language than in the target: the
# target does not use the word itself ("Council" in German text; "League" is used in German and is left alone).
HEAD_ZIPF_MARGIN = 0.7
MODULE_NAMES = "language"  # auditor/data/checks/language/<source language>.json
_CAPITALISED = r"[A-Z][\w'’.-]*"


@lru_cache(maxsize=16)
def _name_run_pattern(src_lang: str) -> re.Pattern[str] | None:
    data = load_data(MODULE_NAMES, src_lang)
    if not data.get("translatable_name_heads"):
        return None
    join = "|".join(map(re.escape, data.get("name_joiners", ()))) or "(?!)"
    return re.compile(rf"\b{_CAPITALISED}(?:(?:\s+(?:{join}))*\s+{_CAPITALISED})+")


@register
class UntranslatedName(Check):
    """An institution, office, event or award name left in the source language where the target language has a
    name of its own: a run of capitalised words copied from the source whose head word the target does not use.

    Example: source "The Department of Homeland Security said on Monday ...", German MT "Das Department of
    Homeland Security teilte am Montag mit ..." -> finding on "Department of Homeland Security" (minor).
    """

    name = "untranslated-name"
    category = Category.UNTRANSLATED
    severity = Severity.MINOR
    needs = Needs.SOURCE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        src_lang, tgt_lang = base_lang(seg.src_lang), base_lang(seg.tgt_lang)
        if not seg.src or not src_lang or not tgt_lang or src_lang == tgt_lang or not has_vocabulary(tgt_lang):
            return
        pattern = _name_run_pattern(src_lang)
        if pattern is None:
            return
        heads = word_set(MODULE_NAMES, src_lang, "translatable_name_heads")
        for m in pattern.finditer(seg.mt):
            found = _copied_name(seg.mt, m, seg.src, heads)
            if found is None:
                continue
            start, end, head = found
            if zipf(head, src_lang) - zipf(head, tgt_lang) < HEAD_ZIPF_MARGIN:
                continue
            text = seg.mt[start:end]
            yield self.finding(
                span=Span.of(seg.mt, start, end),
                message=f"'{text}' is left in the source language; {tgt_lang} usually translates such names",
                evidence=text,
                confidence=0.6,
            )


def _copied_name(mt: str, run: re.Match[str], src: str, heads: frozenset[str]) -> tuple[int, int, str] | None:
    """The longest part of a capitalised run that starts and ends on capitalised words, ends on a head word, has
    two capitalised words or more and is copied verbatim from the source: (start, end, head), or None.

    Target-language words around it fall away: "Das Department of Homeland Security" -> "Department of ...".
    """
    words = [(w.start() + run.start(), w.end() + run.start()) for w in re.finditer(r"\S+", run.group())]
    best: tuple[int, int, str] | None = None
    for i, (a, _) in enumerate(words):
        if not mt[a].isupper():
            continue
        for b_idx in range(len(words) - 1, i, -1):
            b = words[b_idx][1]
            while b > a and mt[b - 1] in ".,":
                b -= 1
            last = mt[words[b_idx][0] : b]
            head = re.split(r"['’]", last)[0].lower()
            capitals = sum(1 for x, _ in words[i : b_idx + 1] if mt[x].isupper())
            if head in heads and last[:1].isupper() and capitals >= 2 and mt[a:b] in src:
                if best is None or b - a > best[1] - best[0]:
                    best = (a, b, head)
                break
    return best
