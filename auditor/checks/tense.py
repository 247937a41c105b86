"""Tense shifts against the reference: an MT verb in another tense than the same verb where the reference has it.

The MT and the reference are aligned word by word (`word_opcodes`). Three kinds of pairs are compared:
- aligned words with the same stem but different forms: "redistributed" where the reference has "redistributes"
  (regular -ed / -s forms);
- one-for-one swaps of forms of one verb with other stems: "is" for "was", "has" for "had", "says" for "said"
  (auxiliaries and a table of irregular verbs), and a bare verb after a subject for a past ("they prepare" for
  "they prepared");
- a future ("will receive", "will also rise") where the reference has a past or present form of the verb in the
  same place with no future marker or modal before it ("received", not "might receive" or "is going to"), and
  the reverse.
Only forms of one verb are compared, so a paraphrase ("reported" for "has said") is left alone, and a past or
present in a clause reported after a past reporting verb ("said they want" / "said they wanted") is not a shift;
nor is a future made a habit ("will normally last" for "usually lasts"), nor a pair of words that the parse (where
the language has one) reads as no verb on both sides ("clawed toes" beside "claws"). From a source language whose
verbs do not mark tense (Chinese) a shift is only minor: the reference's tense is then a reading too.
Aspect shifts of one verb are reported too (`aspect_shifts`): a progressive for a simple form ("was revealing" for
"revealed") or the reverse, and a perfect for a simple present ("has shown" for "shows").
The forms live in `auditor/data/checks/tense/<lang>.json`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from ..langid import base_lang
from ..parsing import has_parser, tags
from ..types import Category, Finding, Severity, Span
from ._text import Token, load_data, text_opcodes, tokens, word_opcodes, word_set
from .base import Check, CheckContext, Needs, register

MODULE = "tense"
PAST, PRESENT = "past", "present"


FUTURE = "future"
# How many words back a reporting verb may stand in the same sentence ("The head of the company said the start of
# construction of the pipeline marked ..."): 25 flagged 6 of 644 good DEMETR train translations, 10 flagged 7.
REPORTED_WINDOW = 25


class _TenseWords(NamedTuple):
    """Word lists of the future and bare-verb rules."""

    markers: frozenset[str]  # future markers: "will", "'ll"
    modal: frozenset[str]  # after these a bare verb is no present tense: "to", "can"
    subjects: frozenset[str]  # after these a bare verb is a present tense: "they", "still"
    backshift: frozenset[str]  # past reporting verbs after which a present may be kept: "said"
    habitual: frozenset[str]  # after a future marker these make it a habit, said as well in the present: "usually"


@lru_cache(maxsize=8)
def _future_words(lang: str) -> _TenseWords:
    """The language's `_TenseWords` from its data file (empty sets without one)."""
    data = load_data(MODULE, lang)
    return _TenseWords(
        frozenset(data.get("future_markers", ())),
        frozenset(data.get("bare_not_after", ())),
        frozenset(data.get("bare_after", ())),
        frozenset(data.get("backshift_after", ())),
        frozenset(data.get("habitual_after_future", ())),
    )


@lru_cache(maxsize=8)
def _tables(lang: str) -> tuple[dict[str, tuple[str, str]], dict[str, str], frozenset[str], frozenset[str]]:
    """(auxiliary -> (verb, tense), irregular past -> present, the irregular presents, words after which a form is
    not a verb)."""
    data = load_data(MODULE, lang)
    aux = {w: (v[0], v[1]) for w, v in data.get("auxiliaries", {}).items()}
    irregular = dict(data.get("irregular_past", {}))
    return aux, irregular, frozenset(irregular.values()), frozenset(data.get("not_after", ()))


def verb_form(word: str, before: str, lang: str) -> tuple[str, str] | None:
    """(lemma key, tense) of a finite verb form, or None: "said" -> ("says", past), "matches" -> ("match",
    present), "matched" -> ("match", past); an -s/-ed word after a determiner is taken for a noun/adjective."""
    aux, irregular, presents, not_after = _tables(lang)
    w = word.lower()
    if w in aux:
        return aux[w]
    if w in irregular:
        return irregular[w], PAST
    if w in presents:
        return w, PRESENT
    if before in not_after or len(w) < 5:
        return None
    if w.endswith("ied"):
        return w[:-3] + "ies", PAST
    if w.endswith("ed"):
        return w[:-2], PAST  # lemma key without the ending: "matched" -> "match", "moved" -> "mov"
    if w.endswith("ies"):
        return w[:-3] + "ies", PRESENT
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-2] if w.endswith("es") else w[:-1], PRESENT
    return None


def _same_verb(a: str, b: str) -> bool:
    """Lemma keys of one verb: equal, or one is the other plus a final e ("mov"/"move", "match"/"match")."""
    return a == b or a + "e" == b or b + "e" == a


def _is_base_of(key: str, base: str) -> bool:
    """Whether `base` (a bare verb: "receive", "find", "be") is the verb of lemma key `key` ("receiv", "finds")."""
    return _same_verb(key, base) or key in (base + "s", base + "es", base[:-1] + "ies")


def _bare_present(word: str, before: str, past: tuple[str, str], lang: str) -> tuple[str, str] | None:
    """A bare verb read as a present tense beside the reference's past form of the same verb ("they prepare" for
    "they prepared"): after a subject pronoun, an adverb such as "still" or a plural noun, not after "to", a modal
    or "do" (then it is no tense at all) or a determiner or adjective (then it is a noun: "a strong start")."""
    words = _future_words(lang)
    plural_noun = before.endswith("s") and len(before) > 3 and before not in _tables(lang)[3]
    if past[1] != PAST or before in words.modal or not (before in words.subjects or plural_noun):
        return None
    return (past[0], PRESENT) if _is_base_of(past[0], word.lower()) else None


def _future_shifts(side: list[Token], other: list[Token], lang: str) -> list[tuple[Token, Token, str]]:
    """(future marker of `side`, the finite verb of `other` it replaces, that verb's tense) for each "will V" of
    `side` where `other` has a past or present form of V in the same place and no future marker or modal before it."""
    words = _future_words(lang)
    markers, modal = words.markers, words.modal
    if not any(tok.lower in markers for tok in side):  # most texts: no alignment needed
        return []
    other_at: dict[int, int] = {}  # index in `side` -> nearest aligned index in `other`
    for _, i1, i2, j1, j2 in word_opcodes(side, other):
        for k in range(i1, max(i2, i1 + 1)):
            other_at.setdefault(k, min(j1 + (k - i1), max(j2 - 1, j1)))
    out = []
    habit = False  # "will normally last ... and will include": a habit once said stays one
    for i, tok in enumerate(side):
        habit = habit or (tok.lower in markers and any(t.lower in words.habitual for t in side[i + 1 : i + 3]))
        if tok.lower in markers and not habit:
            match = next(
                (
                    (tok, other[j], form[1])
                    for v in range(i + 1, min(i + 3, len(side)))  # "will rise", "will also rise"
                    for j in range(max(other_at[v] - 2, 0), min(other_at[v] + 3, len(other)))
                    if (form := verb_form(other[j].text, other[j - 1].lower if j else "", lang))
                    and _is_base_of(form[0], side[v].lower)
                    and not any(o.lower in markers or o.lower in modal for o in other[max(j - 3, 0) : j])
                    and not any(o.lower in markers for o in other[j + 1 : j + 3])  # "is going to be"
                ),
                None,
            )
            if match:
                out.append(match)
    return out


def _reported(toks: list[Token], i: int, text: str, lang: str) -> bool:
    """Whether word `i` stands in a clause reported after a past reporting verb of its sentence ("said they want"):
    English may keep the present there or shift it to the past, so neither is a tense error."""
    triggers = _future_words(lang).backshift
    for k in range(i - 1, max(i - REPORTED_WINDOW, -1), -1):
        if re.search(r"[.!?]", text[toks[k].end : toks[k + 1].start]):
            return False
        if toks[k].lower in triggers:
            return True
    return False


class _Aspect(NamedTuple):
    """Words after which a form with one of `endings` (or one of `words`) makes an aspect ("was revealing")."""

    after: frozenset[str]
    endings: tuple[str, ...]
    words: frozenset[str]

    def is_participle(self, word: str) -> bool:
        """Whether lower-case `word` has this aspect's participle form ("revealing", "shown")."""
        return word in self.words or (len(word) > 4 and word.endswith(self.endings))


@lru_cache(maxsize=8)
def _aspects(lang: str) -> dict[str, _Aspect]:
    data = load_data(MODULE, lang).get("aspect", {})
    return {
        name: _Aspect(frozenset(a["after"]), tuple(a["endings"]), frozenset(a.get("words", ())))
        for name, a in data.items()
    }


def verb_form_profile(text: str, lang: str) -> Counter[str]:
    """How many verb forms of each tense (past, present, future) and aspect (progressive, perfect) a text has, by
    the forms of the language's data file (no parse; empty without one): "has been revealing" counts a present,
    a perfect and a progressive."""
    toks = tokens(text)
    if not toks or not load_data(MODULE, lang):
        return Counter()
    markers = _future_words(lang).markers
    aspects = _aspects(lang)
    out: Counter[str] = Counter()
    for i, tok in enumerate(toks):
        word = tok.lower
        if word in markers:
            out[FUTURE] += 1
            continue
        form = verb_form(tok.text, toks[i - 1].lower if i else "", lang)
        if form:
            out[form[1]] += 1
        for name, aspect in aspects.items():
            if aspect.is_participle(word) and any(t.lower in aspect.after for t in toks[max(0, i - 2) : i]):
                out[name] += 1
    return out


def tense_shifts(ref: str, mt: str, lang: str) -> list[tuple[Token, Token, str, str]]:
    """(reference word, MT word, reference tense, MT tense) for each aligned verb whose tense differs, a "will"
    of the MT where the reference has the verb in the past or present ("will receive" for "received"), and the
    reverse."""
    ref_toks, mt_toks = tokens(ref), tokens(mt)
    out = []
    for tag, i1, i2, j1, j2 in text_opcodes(ref, mt):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1 <= 2):
            for k in range(i2 - i1):
                r, m = ref_toks[i1 + k], mt_toks[j1 + k]
                if r.lower == m.lower:
                    continue
                rf = verb_form(r.text, ref_toks[i1 + k - 1].lower if i1 + k else "", lang)
                before = mt_toks[j1 + k - 1].lower if j1 + k else ""
                mf = verb_form(m.text, before, lang) or (rf and _bare_present(m.text, before, rf, lang))
                if (
                    rf
                    and mf
                    and rf[1] != mf[1]
                    and _same_verb(rf[0], mf[0])
                    and not (_reported(ref_toks, i1 + k, ref, lang) or _reported(mt_toks, j1 + k, mt, lang))
                ):
                    out.append((r, m, rf[1], mf[1]))
    out += [(r, will, tense, FUTURE) for will, r, tense in _future_shifts(mt_toks, ref_toks, lang)]
    out += [(will, m, FUTURE, tense) for will, m, tense in _future_shifts(ref_toks, mt_toks, lang)]
    return out


SIMPLE, PERFECT = "simple", "perfect"  # the aspects; "perfect" and "progressive" are keys of the data's `aspect`


def _aspect_at(toks: list[Token], i: int, lang: str) -> str | None:
    """The aspect of word `i` when it is the participle of a progressive or perfect form: right after the auxiliary
    or after one adverb ("was revealing", "has also shown"), else None."""
    word = toks[i].lower
    adverbs = word_set(MODULE, lang, "aspect_adverbs")
    for name, aspect in _aspects(lang).items():
        if not aspect.is_participle(word):
            continue
        for k in (i - 1, i - 2):
            if k < 0 or (k == i - 2 and not (toks[i - 1].lower in adverbs or toks[i - 1].lower.endswith("ly"))):
                break
            if toks[k].lower in aspect.after:
                return name
    return None


def aspect_shifts(ref: str, mt: str, lang: str) -> list[tuple[Token, Token, str, str]]:
    """(reference word, MT word, reference aspect, MT aspect) for each aligned verb that is progressive on one side
    and a simple finite form on the other ("was revealing" where the reference has "revealed"), or perfect on one
    side and a simple present on the other ("have shown" / "shows"; a perfect beside a simple past is as often a
    choice of style). Words of one verb only ("revealing" / "revealed"); a passive ("were domesticated") is no
    simple form."""
    ref_toks, mt_toks = tokens(ref), tokens(mt)
    auxiliaries = frozenset().union(*(a.after for a in _aspects(lang).values())) | {"to"}
    out = []
    for tag, i1, i2, j1, j2 in text_opcodes(ref, mt):
        if tag == "equal":
            pairs = [(i1 + k, j1 + k) for k in range(i2 - i1)]
        elif tag == "replace" and max(i2 - i1, j2 - j1) <= 3:  # "said that" / "was saying": any two of one verb
            pairs = [(ri, mi) for ri in range(i1, i2) for mi in range(j1, j2)]
        else:
            continue
        for ri, mi in pairs:
            ra, ma = _aspect_at(ref_toks, ri, lang), _aspect_at(mt_toks, mi, lang)
            if (ra is None) == (ma is None):
                continue
            if ra:  # the reference has the aspect, the MT a simple form
                simple_toks, at, participle = mt_toks, mi, ref_toks[ri]
            else:
                simple_toks, at, participle = ref_toks, ri, mt_toks[mi]
            form = verb_form(simple_toks[at].text, simple_toks[at - 1].lower if at else "", lang)
            if form is None or not any(_is_base_of(form[0], b) for b in _bases(participle.lower)):
                continue  # a simple finite form of the same verb ("revealed", not "revelation" or "showed")
            if any(t.lower in auxiliaries for t in simple_toks[max(0, at - 2) : at]):
                continue  # a passive or another auxiliary form ("were domesticated"), not a simple one
            if PERFECT in (ra, ma) and form[1] != PRESENT:
                continue  # "had started" / "started", "have watched" / "watched": a choice of style as often as not
            if _reported(ref_toks, ri, ref, lang) or _reported(mt_toks, mi, mt, lang):
                continue
            out.append((ref_toks[ri], mt_toks[mi], ra or SIMPLE, ma or SIMPLE))
    return out


def _bases(participle: str) -> set[str]:
    """Bare forms a participle may come from: "revealing" -> reveal(e), "running" -> run, "verified" -> verify,
    "shown" -> show."""
    if participle.endswith("ing"):
        base = participle[:-3]
        return {base, base + "e"} | ({base[:-1]} if len(base) > 2 and base[-1] == base[-2] else set())
    if participle.endswith("ied"):
        return {participle[:-3] + "y"}
    if participle.endswith("ed"):
        return {participle[:-2], participle[:-1]}
    if participle.endswith("n"):  # "shown" -> show, "given" -> give
        return {participle[:-1], participle[:-2]}
    return {participle}


@register
class TenseShift(Check):
    """A verb in another tense or aspect than the same verb in the reference (past, present or future for another;
    progressive or perfect for a simple form).
    Example: reference "The city releases its budget every spring.", MT "The city released its budget every
    spring." -> finding on "released" (Accuracy/Mistranslation, major); "The city will release its budget every
    spring." -> finding on "will"; "The city publishes its budget every spring." gets none (another verb).
    """

    name = "tense-shift"
    category = Category.MISTRANSLATION
    severity = Severity.MAJOR
    needs = Needs.REFERENCE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        if not seg.ref or not seg.mt.strip() or not load_data(MODULE, lang):
            return []
        shifts = tense_shifts(seg.ref, seg.mt, lang)
        aspects = aspect_shifts(seg.ref, seg.mt, lang)
        if not shifts and not aspects:  # most segments: no parse needed
            return []
        ref_tags, mt_tags = _verb_offsets(seg.ref, lang), _verb_offsets(seg.mt, lang)
        tenseless = base_lang(seg.src_lang) in word_set(MODULE, lang, "sources_without_tense")
        why = " (the source language does not mark tense)" if tenseless else ""
        messages = [
            (r, m, f"'{m.text}' is in the {mt_tense} tense where the reference has '{r.text}' ({ref_tense}){why}")
            for r, m, ref_tense, mt_tense in shifts
        ] + [
            (r, m, f"'{m.text}' is {mt_aspect} where the reference has '{r.text}' ({ref_aspect}){why}")
            for r, m, ref_aspect, mt_aspect in aspects
        ]
        return [
            self.finding(
                span=Span.of(seg.mt, m.start, m.end),
                message=message,
                evidence=r.text,
                confidence=0.4 if tenseless else 0.7,
                severity=Severity.MINOR if tenseless else self.effective_severity,
            )
            for r, m, message in messages
            if _may_be_verb(r, ref_tags) or _may_be_verb(m, mt_tags)  # the tagger misses some verbs: one will do
        ]


def _verb_offsets(text: str, lang: str) -> dict[int, bool] | None:
    """Start offset -> whether the tagger tags the word there as a verb (or modal), or None without a parser (the
    tags alone: a parse already made for another check is reused)."""
    doc = tags(text, lang) if has_parser(lang) else None
    if doc is None:
        return None
    return {t.idx: t.tag_.startswith("VB") or t.tag_ == "MD" for t in doc}


def _may_be_verb(tok: Token, verbs: dict[int, bool] | None) -> bool:
    """Whether a word the forms read as a verb is one in the parse too ("clawed legs", "the claws" are not); without
    a parse, or where the parse split the text elsewhere, the forms stand."""
    return verbs is None or verbs.get(tok.start, True)
