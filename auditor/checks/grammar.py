"""Pronoun case: a pronoun in the wrong form ("it reflects itself back", "wounds to himself arm", "for they").

Three kinds of evidence, all from `auditor/data/checks/grammar/<lang>.json`:
- local patterns on the MT alone (a subject form after a preposition, a possessive with no noun, a reflexive or
  object form as a subject, ...); a pattern that also matches the reference at the same words is not reported;
- where the language has a parser (`auditor/parsing.py`), tags of the parse (`parse_rules`): a possessive as a
  subject, an object form before a finite verb, a subject form before a noun;
- with a reference: a form of a pronoun the reference never uses, while the reference uses another form of the
  same pronoun more often than the MT ("itself" for "it", "his" for "he").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from ..langid import base_lang
from ..parsing import parse
from ..types import Category, Finding, Segment, Severity, Span
from ._text import load_data, tokens, word_after
from .base import Check, CheckContext, Needs, register

MODULE = "grammar"
MIN_NEIGHBOUR_CHARS = 4  # a word this long next to a pronoun identifies its place in the reference
_PLACEHOLDER = re.compile(r"\{([A-Z_]+)\}")


@lru_cache(maxsize=32)
def _patterns(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    data = load_data(MODULE, lang)
    lists = {
        name: "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        for name, words in data.get("lists", {}).items()
    }

    def expand(m: re.Match[str]) -> str:
        return lists[m.group(1)]

    return tuple(
        (re.compile(_PLACEHOLDER.sub(expand, p["regex"]), re.IGNORECASE), str(p["why"]))
        for p in data.get("patterns", ())
    )


@lru_cache(maxsize=32)
def _forms(lang: str) -> dict[str, tuple[str, ...]]:
    """Each pronoun form -> every form of its pronoun."""
    groups = load_data(MODULE, lang).get("pronoun_groups", {})
    return {form: tuple(forms) for forms in groups.values() for form in forms}


def pattern_hits(text: str, lang: str) -> list[tuple[int, int, str, str]]:
    """(start, end, why, matched text) of every wrongly inflected pronoun (group `bad`) a local pattern finds."""
    hits: dict[tuple[int, int], tuple[str, str]] = {}
    for pattern, why in _patterns(lang):
        for m in pattern.finditer(text):
            hits.setdefault((m.start("bad"), m.end("bad")), (why, m.group().strip()))
    return sorted((a, b, why, matched) for (a, b), (why, matched) in hits.items())


def parsed_slips(text: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, why) of pronoun forms the parse shows in the wrong case (`parse_rules` of the data file): a
    possessive as a subject ("that his expects"), an object form before a finite verb ("as him stated"), a subject
    form before a noun ("he obsession"). Empty without a parser for `lang`."""
    rules = load_data(MODULE, lang).get("parse_rules")
    doc = parse(text, lang) if rules else None
    if not rules or doc is None:
        return []
    finite = set(rules["finite_tags"])
    out = []
    toks = list(doc)  # spaCy builds a new token object on every index: once each here
    for tok in toks:
        after = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
        before = toks[tok.i - 1] if tok.i > 0 else None
        if tok.tag_ == rules["possessive_tag"]:
            if tok.dep_ in rules["subject_deps"] or (after is not None and after.tag_ in finite):
                out.append((tok.idx, tok.idx + len(tok.text), "a possessive as the subject"))
        elif after is None or tok.text.isupper():  # "US officials"
            continue
        elif tok.lower_ in rules["object_forms"] and after.tag_ in finite:  # not "one of them is", "X and them met"
            if before is None or (
                before.dep_ not in rules["preposition_deps"] and before.tag_ not in rules["coordinator_tags"]
            ):
                out.append((tok.idx, tok.idx + len(tok.text), "an object form as the subject"))
        elif tok.lower_ in rules["subject_forms_before_noun"] and after.tag_ in rules["noun_tags"]:
            out.append((tok.idx, tok.idx + len(tok.text), "a subject form before a noun"))
    return out


def swapped_forms(mt: str, ref: str, lang: str) -> list[tuple[int, int, str]]:
    """(start, end, form) of MT pronoun forms the reference lacks while using another form of that pronoun more, or
    that the reference replaces with another form of the same pronoun next to the same word."""
    forms = _forms(lang)
    if not forms:
        return []
    mt_words = tokens(mt)
    mt_toks = [t for t in mt_words if t.lower in forms]
    mt_count = Counter(t.lower for t in mt_toks)
    ref_words = [t.lower for t in tokens(ref)]
    ref_count = Counter(w for w in ref_words if w in forms)
    out = []
    for i, tok in enumerate(mt_words):
        form = tok.lower
        if form not in forms or (form == "i" and tok.text != "I"):
            continue
        if ref_count[form] == 0 and any(ref_count[o] > mt_count[o] for o in forms[form] if o != form):
            out.append((tok.start, tok.end, form))
            continue
        # the shared neighbour must say something: "as their own" and "as they mature" share only "as"
        before = mt_words[i - 1].lower if i > 0 and len(mt_words[i - 1].text) >= MIN_NEIGHBOUR_CHARS else None
        after = (
            mt_words[i + 1].lower
            if i + 1 < len(mt_words) and len(mt_words[i + 1].text) >= MIN_NEIGHBOUR_CHARS
            else None
        )
        if _same_neighbour_swap(form, before, after, ref_words, forms[form]):
            out.append((tok.start, tok.end, form))
    return out


def _same_neighbour_swap(
    form: str, before: str | None, after: str | None, ref_words: list[str], group: tuple[str, ...]
) -> bool:
    """Whether the reference has another form of the pronoun next to the same word, and never this form there
    ("fold them wings" against "fold their wings", "reflects itself back" against "reflects it back")."""

    def next_to(word: str) -> bool:
        return any(
            w == word
            and ((before and j > 0 and ref_words[j - 1] == before) or (after and ref_words[j + 1 : j + 2] == [after]))
            for j, w in enumerate(ref_words)
        )

    return not next_to(form) and any(next_to(o) for o in group if o != form)


@register
class PronounCase(Check):
    """A pronoun in the wrong case or form: reflexive for personal, subject for object, possessive with no noun.
    Example: MT "The van hit itself barrier at speed." -> finding on "itself" (a reflexive where a possessive
    belongs; Fluency/Grammar, minor). With the reference "The firm said it would appeal.", the MT "The firm said
    itself would appeal." -> finding on "itself" (a form of "it" that the reference does not use).
    """

    name = "pronoun-case"
    category = Category.GRAMMAR
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang) or "en"
        if not seg.mt.strip() or not load_data(MODULE, lang):
            return []
        ref = seg.ref or ""
        found: dict[tuple[int, int], Finding] = {}
        for start, end, why, matched in pattern_hits(seg.mt, lang):
            if matched.lower() in ref.lower():  # the reference says the same words: not an error of the MT
                continue
            if seg.mt[start:end].isupper() and end - start > 1:  # an acronym: "US officials"
                continue
            found[(start, end)] = self._wrong_form(seg, start, end, why, confidence=0.7)
        for start, end, why in parsed_slips(seg.mt, lang):  # "that his expects", "as him stated", "he obsession"
            pair = f"{seg.mt[start:end]} {word_after(seg.mt, end)}".strip().lower()
            if (start, end) in found or pair in ref.lower():
                continue
            found[(start, end)] = self._wrong_form(seg, start, end, why, confidence=0.6)
        if ref:
            ref_words = {t.lower for t in tokens(ref)}
            for start, end, form in swapped_forms(seg.mt, ref, lang):
                if (start, end) in found:
                    continue
                others = [o for o in _forms(lang)[form] if o != form and o in ref_words]
                found[(start, end)] = self.finding(
                    span=Span.of(seg.mt, start, end),
                    message=f"'{seg.mt[start:end]}': the reference uses {' / '.join(others) or 'another form'} here",
                    evidence=ref,
                    confidence=0.5,
                )
        return [found[k] for k in sorted(found)]

    def _wrong_form(self, seg: Segment, start: int, end: int, why: str, confidence: float) -> Finding:
        return self.finding(
            span=Span.of(seg.mt, start, end),
            message=f"'{seg.mt[start:end]}' looks like the wrong form of the pronoun ({why})",
            evidence=seg.ref or seg.src,
            confidence=confidence,
        )
