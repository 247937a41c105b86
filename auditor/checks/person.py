"""Spurious first/second person in running news text (outside quotations) that the reference and source lack."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..langid import base_lang
from ..parsing import has_parser, tags
from ..types import Category, Finding, Severity, Span
from ._text import Token, inside, load_data, quoted_regions, tokens, word_set
from .base import Check, CheckContext, Needs, register

MODULE = "person"
PERSONS = ("first", "second")


@lru_cache(maxsize=64)
def _patterns(lang: str, person: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in load_data(MODULE, lang).get(f"{person}_patterns", ()))


def _is_marker(tok: Token, lang: str, person: str) -> bool:
    data = load_data(MODULE, lang)
    case_sensitive = data.get("case_sensitive", ())
    if tok.lower not in word_set(MODULE, lang, person):
        return False
    if tok.text in case_sensitive:
        return True
    if tok.lower in {w.lower() for w in case_sensitive}:
        return False
    return not (tok.lower in word_set(MODULE, lang, "lowercase_only") and tok.text != tok.lower)


def has_person(text: str, lang: str, person: str) -> bool:
    """Whether a text (any language with a data file) has an explicit first/second-person marker."""
    data = load_data(MODULE, lang)
    if not data:
        return False
    if any(s in text for s in data.get(f"substrings_{person}", ())):
        return True
    words = word_set(MODULE, lang, person)
    toks = tokens(text)
    for i, tok in enumerate(toks):
        if tok.text == "I" and not _pronoun_i(text, toks, i):
            continue
        if _is_marker(tok, lang, person) or any(p.fullmatch(tok.text) for p in _patterns(lang, person)):
            return True
        head = re.split("['’]", tok.lower)[0]
        if head != tok.lower and (head + "'" in words or head + "’" in words):
            return True  # French elisions: j'ai, m'a
    capitalised = set(data.get(f"{person}_capitalised_midsentence", ()))
    return any(tok.text in capitalised for tok in toks)  # sentence-initial "Sie" may be you: benefit of the doubt


@lru_cache(maxsize=64)
def _impersonal(lang: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in load_data(MODULE, lang).get("impersonal", ()))


def is_impersonal(text: str, lang: str) -> bool:
    """Whether a text speaks of a generic person ("if one crosses", German "man", French "on"), which a
    translation may render with a generic "you" or "we"."""
    return any(p.search(text) for p in _impersonal(lang))


@lru_cache(maxsize=64)
def _generic_you(lang: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in load_data(MODULE, lang).get("generic_second_person", ()))


def is_generic_you(mt: str, lang: str) -> bool:
    """Whether an MT speaks to a generic "you" in a condition ("if you cross", "once you get out")."""
    return any(p.search(mt) for p in _generic_you(lang))


def gives_instructions(text: str, lang: str) -> bool:
    """Whether a text speaks to the reader with an imperative outside quotations: a base-form verb that opens a
    sentence, or a clause with no finite verb before it in its sentence ("Check the cabin", "If crossing in
    winter, check ..."; not "residents are told to stay indoors, turn off ..."). From the tagger's tags (False
    without a parser or data)."""
    data = load_data(MODULE, lang)
    verb_tags, after = frozenset(data.get("imperative_tags", ())), frozenset(data.get("imperative_after", ()))
    clause_tags = verb_tags | frozenset(data.get("imperative_tags_in_clause", ()))
    auxiliaries = word_set(MODULE, lang, "not_imperative")
    finite, ends = frozenset(data.get("finite_tags", ())), frozenset(data.get("sentence_ends", ()))
    doc = tags(text, lang) if verb_tags and has_parser(lang) else None
    if doc is None:
        return False
    regions = quoted_regions(text)
    finite_before = False
    for t in doc:
        previous = doc[t.i - 1].text if t.i else ""
        if previous in ends:
            finite_before = False
        opens_sentence = not t.i or previous in ends
        opens_clause = previous in after and not finite_before
        imperative = t.lower_ not in auxiliaries and (
            (opens_sentence and t.tag_ in verb_tags) or (opens_clause and t.tag_ in clause_tags)
        )
        if imperative and not inside(regions, t.idx, t.idx + len(t.text)):
            return True
        finite_before = finite_before or t.tag_ in finite
    return False


def _pronoun_i(text: str, toks: list[Token], i: int) -> bool:
    """English "I" is the pronoun when a lower-case word follows it straight away ("World War I." and "World War I,
    the nations" are numerals)."""
    return i + 1 < len(toks) and toks[i + 1].text[:1].islower() and not text[toks[i].end : toks[i + 1].start].strip()


def mt_markers(text: str, lang: str) -> list[tuple[str, int, int]]:
    """First/second-person pronouns of the MT outside quotations: (person, start, end), with a joined verb."""
    data = load_data(MODULE, lang)
    if not data:
        return []
    regions = quoted_regions(text)
    joined = word_set(MODULE, lang, "joined_verbs")
    toks = tokens(text)
    out: list[tuple[str, int, int]] = []
    for i, tok in enumerate(toks):
        if inside(regions, tok.start, tok.end):
            continue
        for person in PERSONS:
            if not _is_marker(tok, lang, person):
                continue
            if tok.text == "I" and not _pronoun_i(text, toks, i):
                continue
            end = tok.end
            if i + 1 < len(toks) and toks[i + 1].lower in joined and text[tok.end : toks[i + 1].start].strip() == "":
                end = toks[i + 1].end
            out.append((person, tok.start, end))
    return out


def _singular_first(marker: str, person: str, lang: str) -> bool:
    """'I', "I'm", 'my', 'me' (`first_singular` in the target's data file): the first person singular, which a
    source that leaves subjects out does not imply."""
    head = re.split("['’]", marker.split()[0])[0].lower()
    return person == "first" and head in word_set(MODULE, lang, "first_singular")


@register
class SpuriousPersonCheck(Check):
    """First or second person ("I am", "my", "we", "you") in news narration, outside quotes, unsupported.
    Example: MT "in south-eastern Iran, where I am at least seven people died" with the reference "where at least
    seven people died" and the Italian source "dove sono morte almeno sette persone" -> finding on "I am".
    The reference supports it when it has a pronoun of the same person anywhere; the source when it has an explicit
    pronoun or an unambiguous verb form (data files per language; Italian "sono" is not one). A generic person in
    the reference or source ("if one crosses", German "man") supports a generic "you" or "we"; without a
    reference, so does an MT that speaks to a generic "you" in a condition ("if you cross the border, ..."); with
    one, a reference that gives instructions ("If crossing in winter, check the cabin") supports a second person.
    A source language that leaves subjects out (Japanese: `implicit_subjects` in its data file) supports a "we"
    or "you" without a reference, and makes one that the reference lacks minor; an "I" or "my" is still judged.
    """

    name = "spurious-person"
    category = Category.MISTRANSLATION
    severity = Severity.MAJOR
    needs = Needs.EITHER

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        tgt = base_lang(seg.tgt_lang) or "en"
        markers = mt_markers(seg.mt, tgt)
        if not markers:
            return []
        findings = []
        src_lang = base_lang(seg.src_lang)
        generic = (seg.ref is not None and is_impersonal(seg.ref, tgt)) or (
            seg.src is not None and src_lang is not None and is_impersonal(seg.src, src_lang)
        )
        generic_you = (not seg.ref and is_generic_you(seg.mt, tgt)) or (
            seg.ref is not None
            and any(person == "second" for person, _, _ in markers)
            and gives_instructions(seg.ref, tgt)
        )
        for person, start, end in markers:
            if seg.ref and has_person(seg.ref, tgt, person):
                continue
            if generic_you and person == "second":
                continue  # "if you cross ...", or a reference of instructions: the reader addressed, not a speaker
            if generic and (person == "second" or seg.mt[start:end].lower().startswith(("we", "us", "our"))):
                continue  # a generic person ("one must", German "man") rendered as a generic "you" or "we"
            if seg.src and load_data(MODULE, src_lang) and has_person(seg.src, src_lang, person):
                continue
            if seg.src and not seg.ref and not load_data(MODULE, src_lang):
                continue  # no reference and a source language we know nothing about: cannot judge
            # a Japanese source leaves subjects out: "we", "you" are the translator's reading, which a reference
            # without them makes doubtful, not wrong
            implicit = (
                bool(seg.src)
                and bool(load_data(MODULE, src_lang).get("implicit_subjects"))
                and not _singular_first(seg.mt[start:end], person, tgt)
            )
            if implicit and not seg.ref:
                continue
            basis = "reference" if seg.ref else "source"
            span = Span.of(seg.mt, start, end)
            findings.append(
                self.finding(
                    span=span,
                    message=f"{person}-person '{span.text}' in narration (outside quotes) is not in the {basis}"
                    + (" (the source leaves subjects out)" if implicit else ""),
                    evidence=(seg.ref or seg.src),
                    confidence=0.5 if implicit else 0.9 if seg.ref else 0.7,
                    severity=Severity.MINOR if implicit else self.effective_severity,
                )
            )
        return findings
