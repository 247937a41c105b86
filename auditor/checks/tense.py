"""Tense shifts against the reference: an MT verb in another tense than the same verb where the reference has it.

The MT and the reference are aligned word by word (`word_opcodes`). Two kinds of pairs are compared:
- aligned words with the same stem but different forms: "redistributed" where the reference has "redistributes"
  (regular -ed / -s forms);
- one-for-one swaps of forms of one verb with other stems: "is" for "was", "has" for "had", "says" for "said"
  (auxiliaries and a table of irregular verbs).
Only forms of one verb are compared, so a paraphrase ("reported" for "has said") is left alone. The forms live in
`auditor/data/checks/tense/<lang>.json`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ..langid import base_lang
from ..types import Category, Finding, Severity, Span
from ._text import Token, load_data, tokens, word_opcodes
from .base import Check, CheckContext, Needs, register

MODULE = "tense"
PAST, PRESENT = "past", "present"


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


def tense_shifts(ref: str, mt: str, lang: str) -> list[tuple[Token, Token, str, str]]:
    """(reference word, MT word, reference tense, MT tense) for each aligned verb whose tense differs."""
    ref_toks, mt_toks = tokens(ref), tokens(mt)
    out = []
    for tag, i1, i2, j1, j2 in word_opcodes(ref_toks, mt_toks):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1 <= 2):
            for k in range(i2 - i1):
                r, m = ref_toks[i1 + k], mt_toks[j1 + k]
                if r.lower == m.lower:
                    continue
                rf = verb_form(r.text, ref_toks[i1 + k - 1].lower if i1 + k else "", lang)
                mf = verb_form(m.text, mt_toks[j1 + k - 1].lower if j1 + k else "", lang)
                if rf and mf and rf[1] != mf[1] and _same_verb(rf[0], mf[0]):
                    out.append((r, m, rf[1], mf[1]))
    return out


@register
class TenseShift(Check):
    """A verb in another tense than the same verb in the reference (past for present or the reverse).
    Example: reference "The city releases its budget every spring.", MT "The city released its budget every
    spring." -> finding on "released" (Accuracy/Mistranslation, major); "The city publishes its budget every
    spring." gets none (another verb).
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
        return [
            self.finding(
                span=Span.of(seg.mt, m.start, m.end),
                message=f"'{m.text}' is in the {mt_tense} tense where the reference has '{r.text}' ({ref_tense})",
                evidence=r.text,
                confidence=0.7,
            )
            for r, m, ref_tense, mt_tense in tense_shifts(seg.ref, seg.mt, lang)
        ]
