"""Who said what: doubled speakers, statements credited to someone else, speaker pronouns of the wrong gender."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..langid import base_lang
from ..types import Category, Finding, Segment, Severity, Span
from ._text import Token, load_data, tokens, word_set
from .base import Check, CheckContext, Needs, register
from .numbers import NameUnit, name_units, similar_units, words_match, zipf

MODULE = "attribution"
PROPER_ZIPF = 3.5  # word frequency (Zipf) under which a capitalised word is taken as a proper name
_CLAUSE_END = re.compile(r"[.;:!?\"“”«»]")


@dataclass(frozen=True)
class Speaker:
    """A name credited with a statement, and the reporting verb it hangs on."""

    unit: NameUnit
    verb: Token


def _clause_end(text: str, start: int) -> int:
    m = _CLAUSE_END.search(text, start)
    return m.start() if m else len(text)


def speakers(text: str, lang: str, *, proper_only: bool = False) -> list[Speaker]:
    """Names next to reporting verbs ("X said", "said X", "according to X", "ha detto X", "dem Bericht zufolge",
    "..., so Merkel") in a text.

    With `proper_only`, names made only of common words ("Civil Protection", often translated) are left out.
    """
    data = load_data(MODULE, lang)
    if not data:
        return []
    verbs = word_set(MODULE, lang, "verbs")
    after_comma = word_set(MODULE, lang, "verbs_after_comma")
    not_speakers = set(data.get("not_speakers", ()))
    units = [u for u in name_units(text, lang) if u.text not in not_speakers and (not proper_only or _proper(u, lang))]
    toks = tokens(text)
    out: list[Speaker] = []
    seen: set[NameUnit] = set()
    low = text.lower()
    for tok in toks:
        is_according = _starts_any(low, tok.start, data.get("according_to", ()))
        is_postposed = _starts_any(low, tok.start, data.get("according_to_postposed", ()))
        if tok.lower not in verbs and not is_according and not is_postposed:
            continue
        before = [u for u in units if u.end <= tok.start and re.fullmatch(r"\s+(?:\w+\s+)?", text[u.end : tok.start])]
        if is_postposed:  # "Dem Bericht zufolge": the source stands before the word
            after = []
        elif tok.lower in after_comma:  # "..., so Merkel": only after a comma, right before the name
            if not re.search(r",\s*[\"“”«»']?\s*$", text[: tok.start]):
                continue
            after, before = [u for u in units if re.fullmatch(r"\s+", text[tok.end : u.start])][:1], []
        else:
            # "Heil sagte, für die Fleischbranche ...": after "said," the speaker is the one before the verb
            end = tok.end if re.match(r"\s*,", text[tok.end :]) else _clause_end(text, tok.end)
            after = [u for u in units if tok.end <= u.start < end]
            if is_according and "according_joiners" in data:
                after = _joined_chain(text, after, word_set(MODULE, lang, "according_joiners"))
            before = [] if is_according else before
        out.extend(Speaker(u, tok) for u in after + before if u not in seen)
        seen.update(after + before)
    return out


def _joined_chain(text: str, units: list[NameUnit], joiners: frozenset[str]) -> list[NameUnit]:
    """The first of `units` and those that follow it joined by nothing but `joiners` ("laut Angaben des
    Innenministeriums"): in a language that capitalises nouns, the rest of the clause is no source ("Laut Bericht
    der Polizei wurden zwei Menschen verletzt")."""
    chain = units[:1]
    for unit in units[1:]:
        gap = text[chain[-1].end : unit.start].split()
        if any(w.lower() not in joiners for w in gap):
            break
        chain.append(unit)
    return chain


def _starts_any(low: str, start: int, words: Iterable[str]) -> bool:
    """Whether one of `words` starts at `start` of the lower-cased text `low` and a space follows it."""
    return any(low.startswith(w, start) and low[start + len(w) : start + len(w) + 1] in " \u00a0" for w in words)


def _proper(unit: NameUnit, lang: str) -> bool:
    """A person-like name: some word of it is rare as an ordinary word ("Amir-Abdollahian", not "Civil Protection")."""
    return any(zipf(t.text, lang) < PROPER_ZIPF for t in unit.toks)


def _same_person(a: NameUnit, b: NameUnit, *, variants: bool = False) -> bool:
    """One speaker named twice: a shared word ("President Trump" / "Trump") or an abbreviation ("Rz" for the
    newspaper "Rzeczpospolita", "UN"); with `variants` (two texts in one language) also a spelling variant
    ("Runalls" / "Runnels": across languages the test is too loose, "Marek" / "Matrosen")."""
    if any(words_match(x.text, y.text) for x in a.toks for y in b.toks if len(x.text) > 2 and len(y.text) > 2):
        return True
    return (variants and similar_units(a, b)) or _abbreviates(a, b) or _abbreviates(b, a)


def _abbreviates(short: NameUnit, long: NameUnit) -> bool:
    """Whether a one-word name is a shortening of another: its first letters ("Rz" / "Rzeczpospolita") or the
    initials of its words ("UN" / "United Nations")."""
    if len(short.toks) != 1 or not 2 <= len(word := short.text.strip(".")) <= 5:
        return False
    initials = "".join(t.text[0] for t in long.toks if t.text[:1].isupper())
    first = long.toks[0].text
    return word.upper() == initials.upper() or (len(first) >= len(word) + 3 and first.startswith(word))


@register
class DoubledSpeaker(Check):
    """A pronoun subject inserted before a reporting verb whose real speaker follows it (a doubled subject).
    Example: MT '"We will help the families", he declared for his part Tehran's Foreign Minister, Hossein
    Amir-Abdollahian.' -> finding on "he declared", with "Tehran's Foreign Minister, Hossein Amir-Abdollahian"
    as evidence; the reference has 'said Tehran's Foreign Minister'. Cancelled when the reference has the same shape.
    """

    name = "doubled-speaker"
    category = Category.MISTRANSLATION
    severity = Severity.MAJOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        found = doubled(seg.mt, lang)
        if not found or (seg.ref and doubled(seg.ref, lang)):
            return []
        return [
            self.finding(
                span=Span.of(seg.mt, pron.start, verb.end),
                message=f"'{pron.text}' doubles the speaker named after the verb ('{name}'): wrong subject",
                evidence=name,
                confidence=0.85,
            )
            for pron, verb, name in found
        ]


def doubled(text: str, lang: str) -> list[tuple[Token, Token, str]]:
    """(pronoun, verb, postposed speaker text) for each 'he said <filler> Name' in the text."""
    data = load_data(MODULE, lang)
    pronouns = set(data.get("subject_pronouns", {}))
    verbs = word_set(MODULE, lang, "postposed_verbs")
    blocking = word_set(MODULE, lang, "blocking_before_name")
    not_speakers = set(data.get("not_speakers", ()))
    max_fillers = int(data.get("max_fillers", 4))
    joiners = word_set(MODULE, lang, "name_joiners")
    toks = tokens(text)
    out = []
    for i in range(len(toks) - 2):
        pron, verb = toks[i], toks[i + 1]
        if pron.lower not in pronouns or verb.lower not in verbs or text[pron.end : verb.start].strip():
            continue
        end = _clause_end(text, verb.end)
        prev: Token = verb
        for j in range(i + 2, min(len(toks), i + 3 + max_fillers)):
            tok = toks[j]
            if tok.start >= end or "," in text[prev.end : tok.start]:
                break
            if tok.text[:1].isupper() and tok.text not in not_speakers:
                name = text[tok.start : end].strip().rstrip(",")
                if prev.lower not in blocking and not prev.lower.endswith("ing") and _only_names(name, joiners):
                    out.append((pron, verb, name))
                break
            prev = tok
    return out


def _only_names(text: str, joiners: frozenset[str]) -> bool:
    """Whether a stretch is a name with titles ("Tehran's Foreign Minister, Hossein Amir-Abdollahian")."""
    return all(t.text[:1].isupper() or t.lower in joiners for t in tokens(text)) and not re.search(
        r"[^\w\s,.'’-]", text
    )


@register
class WrongSpeaker(Check):
    """A statement credited to a different person than in the reference (or the source).
    Example: reference '"Talks have failed," said Smith.', MT '"Talks have failed," said Jones.' -> finding on
    "Jones" (critical), with "Smith" as evidence. Speakers are the names next to reporting verbs ("X said",
    "said X", "according to X"; Italian "ha detto X", "secondo X", German "dem Bericht zufolge", "..., so X" via
    data files).
    """

    name = "wrong-speaker"
    category = Category.MISTRANSLATION
    severity = Severity.CRITICAL
    needs = Needs.EITHER

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        tgt = base_lang(seg.tgt_lang) or "en"
        cross = not seg.ref
        mt_sp = speakers(seg.mt, tgt, proper_only=cross)
        if not mt_sp:
            return []
        other, lang = (seg.ref, tgt) if seg.ref else (seg.src or "", base_lang(seg.src_lang))
        other_sp = speakers(other, lang, proper_only=cross)
        if not other_sp:
            return []
        findings = []
        for sp in mt_sp:
            if any(_same_person(sp.unit, o.unit, variants=not cross) for o in other_sp):
                continue
            if any(_same_person(m.unit, o.unit, variants=not cross) for m in mt_sp for o in other_sp):
                continue  # the right speaker is there too (titles, second names)
            evidence = ", ".join(dict.fromkeys(o.unit.text for o in other_sp))
            findings.append(
                self.finding(
                    span=Span.of(seg.mt, sp.unit.start, sp.unit.end),
                    message=f"statement credited to '{sp.unit.text}'; the {'reference' if seg.ref else 'source'} "
                    f"credits {evidence}",
                    evidence=evidence,
                    confidence=0.75 if seg.ref else 0.55,
                )
            )
            break
        return findings


@lru_cache(maxsize=32)
def _gendered_words(lang: str) -> dict[str, frozenset[str]]:
    return {g: frozenset(w.lower() for w in words) for g, words in load_data(MODULE, lang).get("gendered", {}).items()}


def gendered(text: str, lang: str) -> dict[str, list[Token]]:
    """Gendered pronouns of a text by gender ("male"/"female")."""
    toks = tokens(text)
    return {g: [t for t in toks if t.lower in words] for g, words in _gendered_words(lang).items()}


@lru_cache(maxsize=32)
def _source_gender_readers(lang: str) -> tuple[dict[str, frozenset[str]], dict[str, re.Pattern[str]]]:
    data = load_data(MODULE, lang)
    words = {g: frozenset(w.lower() for w in ws) for g, ws in data.get("source_gendered", {}).items()}
    patterns = {g: re.compile(p) for g, p in data.get("source_gendered_patterns", {}).items()}
    return words, patterns


def source_gender_counts(text: str, lang: str) -> dict[str, int] | None:
    """Gendered words of a source by gender ("male", "female", "either": forms of both or of another person,
    German "sie"): third-person pronouns, and verb forms that agree with their subject (Polish "powiedziała",
    Hindi "थी"), from words or, for Chinese and Japanese, patterns (她, 彼女); None for a language without such
    data."""
    words, patterns = _source_gender_readers(lang)
    if not words and not patterns:
        return None
    counts = {g: 0 for g in ("male", "female", "either")}
    for tok in tokens(text) if words else ():
        for gender, forms in words.items():
            counts[gender] += tok.lower in forms
    for gender, pattern in patterns.items():
        counts[gender] += len(pattern.findall(text))
    return counts


@register
class SpeakerGender(Check):
    """A pronoun whose gender contradicts the reference (reference "she said", MT "he said"): the statement is
    put on someone else, or the person is misgendered, so it is critical as a wrong speaker is.
    Example: reference '"We will appeal," she said.', MT '"We will appeal," he said.' -> finding on "he" (critical).
    Pronouns are counted: reported when the MT has more of one gender than the reference and the reference more
    of the other than the MT ("She is in custody ... her image" turned "He is in custody ... her image"). Without
    a reference, the source's gendered pronouns and past-tense verbs are read (data files per source language):
    source "Powiedziała, że ...", MT "He said that ..." -> finding on "He".
    """

    name = "pronoun-gender"
    category = Category.MISTRANSLATION
    severity = Severity.CRITICAL
    needs = Needs.EITHER

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        if not seg.ref:
            return self._against_source(seg, lang)
        mt_g, ref_g = gendered(seg.mt, lang), gendered(seg.ref, lang)
        for gender, other in (("male", "female"), ("female", "male")):
            mine, theirs = mt_g.get(gender, []), ref_g.get(other, [])
            if len(mine) > len(ref_g.get(gender, [])) and len(theirs) > len(mt_g.get(other, [])):
                # the pronoun of this gender nearest (by relative position) to one of the other in the reference
                tok = min(
                    mine,
                    key=lambda t: min(abs(t.start / len(seg.mt) - r.start / len(seg.ref or " ")) for r in theirs),
                )
                return [
                    self.finding(
                        span=Span.of(seg.mt, tok.start, tok.end),
                        message=f"'{tok.text}' is {gender}; the reference refers to this person as {other}",
                        evidence=", ".join(dict.fromkeys(t.text for t in ref_g[other])),
                        confidence=0.75,
                    )
                ]
        return []

    def _against_source(self, seg: Segment, lang: str) -> list[Finding]:
        """Without a reference: an MT pronoun of one gender where everything gendered in the source is of the
        other (its pronouns, and in Polish, Czech, Russian and Hindi the verb forms that agree with the subject:
        "powiedziała" is said by a woman). A source with nothing gendered (pro-drop Spanish or Japanese, often)
        or with a form of either gender (German "sie") says nothing."""
        counts = source_gender_counts(seg.src or "", base_lang(seg.src_lang) or "")
        if counts is None:
            return []
        mt_g = gendered(seg.mt, lang)
        for gender, other in (("male", "female"), ("female", "male")):
            mine = mt_g.get(gender, [])
            if mine and counts[other] and not counts[gender] and not counts["either"]:
                return [
                    self.finding(
                        span=Span.of(seg.mt, mine[0].start, mine[0].end),
                        message=f"'{mine[0].text}' is {gender}; the source's pronouns for this person are {other}",
                        evidence=seg.src,
                        confidence=0.6,
                    )
                ]
        return []
