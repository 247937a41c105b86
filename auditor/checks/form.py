"""Form checks: spacing, glued and split words, repeats, brackets and quotes, case, markup, leaked metadata.

All are cheap regular-expression or dictionary checks on the MT alone (a few compare with the source or the
reference to avoid flagging what is really there). Language-specific lists live in
`auditor/data/checks/form/<lang>.json`, merged over `common.json`.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from ..langid import base_lang
from ..types import Category, Finding, Segment, Severity, Span
from ..vocab import zipf
from ._text import word_before
from .base import Check, CheckContext, Needs, register

_DATA = "auditor.data.checks.form"


@lru_cache(maxsize=32)
def form_data(lang: str | None) -> dict[str, Any]:
    """The form lists for `lang`: `common.json` overlaid with `<lang>.json` where there is one."""
    root = resources.files(_DATA)
    data: dict[str, Any] = json.loads(root.joinpath("common.json").read_text(encoding="utf-8"))
    base = base_lang(lang)
    if base and root.joinpath(f"{base}.json").is_file():
        data.update(json.loads(root.joinpath(f"{base}.json").read_text(encoding="utf-8")))
    return data


@lru_cache(maxsize=32)
def _word_set(lang: str | None, key: str) -> frozenset[str]:
    return frozenset(w.lower() for w in form_data(lang).get(key, []))


def _compare_text(seg: Segment) -> str | None:
    """The text to compare with: the reference if there is one, else the source."""
    return seg.ref or seg.src


_LETTERS = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


# ---------------------------------------------------------------- glued and split words


_CAMEL = re.compile(r"\b([a-zà-ÿ]{2,})([A-ZÀ-Ý][a-zà-ÿ]{1,})\b")


INFLECTED_STEM_ZIPF = 1.5  # a stem this frequent plus an inflection ending is a word, not two ("fühlend" 1.98)


def _glued_split(word: str, lang: str, compounding: bool) -> tuple[str, str] | None:
    """Split `word` (absent from the vocabulary) into a frequent word + function word, if it can be."""
    func = _word_set(lang, "function_words")
    prefixes_ok = _word_set(lang, "glue_prefixes_ok")
    low = word.lower()
    endings = form_data(lang).get("inflection_endings", ())
    if any(low.endswith(e) and zipf(low[: -len(e)], lang) >= INFLECTED_STEM_ZIPF for e in endings):
        return None  # an inflected form of a known word: German "fühlend|em"
    best: tuple[float, tuple[str, str]] | None = None
    for i in range(2, len(low) - 1):
        left, right = low[:i], low[i:]
        lf, rf = left in func, right in func
        if not (lf or rf) or (lf and not rf and left in prefixes_ok):
            continue  # German "zu|stürzen" is a verb with its separable prefix
        content = right if lf else left
        if lf and rf:
            content = left if len(left) > len(right) else right
        if len(content) < 3:
            continue
        zc = zipf(content, lang)
        need = 3.5 if compounding else 3.0
        if zc < need:
            continue
        if best is None or zc > best[0]:
            best = (zc, (word[:i], word[i:]))
    return best[1] if best else None


@register
class GluedWords(Check):
    """Two words written together: a lowercase-uppercase junction, or an unknown token that splits into a
    frequent word and a function word.

    Example: "killed in Iranwhere the army" -> finding on "Iranwhere".
    """

    name = "glued-words"
    category = Category.SPELLING
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        mt, lang = seg.mt, seg.tgt_lang or "en"
        others = " ".join(t for t in (seg.src, seg.ref) if t)
        ok_mixed = _word_set(lang, "mixed_case_ok")
        compounding = bool(form_data(lang).get("compounding"))
        for m in _TOKEN.finditer(mt):
            word = m.group()
            if len(word) < 5 or word in others or "'" in word or "’" in word:
                continue
            camel = _CAMEL.fullmatch(word)
            parts: tuple[str, str] | None = None
            if camel:
                if word.lower() not in ok_mixed and min(zipf(camel.group(1), lang), zipf(camel.group(2), lang)) >= 2.5:
                    parts = (camel.group(1), camel.group(2))
            elif word[1:].islower() and zipf(word, lang) == 0:
                parts = _glued_split(word, lang, compounding)
            if parts:
                yield self.finding(
                    span=Span.of(mt, m.start(), m.end()),
                    message=f"words glued together: {word!r} should be {parts[0]!r} + {parts[1]!r}",
                )


@register
class SplitWords(Check):
    """A word broken in two by a space: the joined word is frequent and much more frequent than the rarer piece.

    Example: "the inter national community" -> finding on "inter national".
    """

    name = "split-words"
    category = Category.SPELLING
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        mt, lang = seg.mt, seg.tgt_lang or "en"
        others = " ".join(t for t in (seg.src, seg.ref) if t)
        toks = list(_LETTERS.finditer(mt))
        for a, b in itertools.pairwise(toks):
            if mt[a.end() : b.start()] != " " or b.group()[0].isupper() or not a.group()[-1].islower():
                continue
            wa, wb = a.group(), b.group()
            if len(wa) + len(wb) < 6 or min(len(wa), len(wb)) < 2:
                continue
            za, zb = zipf(wa, lang), zipf(wb, lang)
            joined = wa + wb
            zj = zipf(joined, lang)
            if zj >= 3.5 and zj - min(za, zb) >= 1.0 and f"{wa} {wb}" not in others:
                yield self.finding(
                    span=Span.of(mt, a.start(), b.end()),
                    message=f"word split by a space: {wa + ' ' + wb!r} should be {joined!r}",
                )


# ---------------------------------------------------------------- spacing and tokenisation


def _tokenisation_artifacts(mt: str, lang: str) -> list[tuple[int, int, str]]:
    """Spans of tokeniser leftovers: (start, end, kind) with kind 'space-before', 'clitic' or 'inside'."""
    data = form_data(lang)
    out: list[tuple[int, int, str]] = []
    no_space = "".join(re.escape(p) for p in data["no_space_before"])
    for m in re.finditer(rf"(?<=[\w\"'”’)\]%])( +)([{no_space}]+)(?=\s|$|[\"'“”’)\]])", mt):
        punct = m.group(2)
        if punct.startswith(".") and m.end() < len(mt) and mt[m.end() :].startswith(".."):
            continue
        if punct in {":", "."} and re.match(r"\s*\d", mt[m.end() :]):  # " :30" / " .5" are rare but legal
            continue
        if punct == ")" and "(" not in mt[: m.start()]:
            continue
        word = re.search(r"\S+$", mt[: m.start()])
        out.append((word.start() if word else m.start(), m.end(), "space-before"))
    for suffix in data.get("clitic_suffixes", []):
        if suffix in {"'", "’"}:
            continue
        for m in re.finditer(rf"(?<=\w)( {re.escape(suffix)})\b", mt):
            out.append((m.start(), m.end(), "clitic"))
    for prefix in data.get("clitic_prefixes", []):
        for m in re.finditer(rf"(?<![\w'’])({re.escape(prefix)} )(?=\w)", mt, re.IGNORECASE):
            out.append((m.start(), m.end(), "clitic"))
    for m in re.finditer(r"[(\[] +(?=\S)|(?<=\S) +[)\]]", mt):
        out.append((m.start(), m.end(), "inside"))
    if not data.get("spaced_quotes"):
        for opener, closer in data["quote_pairs"]:
            for m in re.finditer(rf"{re.escape(opener)} +(?=\w)", mt):
                out.append((m.start(), m.end(), "inside"))
            if closer not in {"’", "'"}:
                for m in re.finditer(rf"(?<=[\w.,!?]) +{re.escape(closer)}", mt):
                    out.append((m.start(), m.end(), "inside"))
    for m in re.finditer(r"``|''|@-@|@,@|@\.@| -LRB- | -RRB- ", mt):
        out.append((m.start(), m.end(), "inside"))
    quotes = [m.start() for m in re.finditer(r'"', mt)]
    for q_open, q_close in zip(quotes[::2], quotes[1::2], strict=False):
        if mt[q_open + 1 : q_open + 2] == " " and mt[q_close - 1 : q_close] == " ":
            out.append((q_open, q_open + 2, "inside"))
            out.append((q_close - 1, q_close + 1, "inside"))
    kept: list[tuple[int, int, str]] = []
    for art in sorted(set(out), key=lambda a: (a[0], -a[1])):
        if kept and art[1] <= kept[-1][1]:
            continue  # inside one already kept
        kept.append(art)
    return kept


def _is_tokenised(arts: list[tuple[int, int, str]]) -> bool:
    return len(arts) >= 2 or any(kind != "space-before" for _, _, kind in arts)


@register
class SpaceBeforePunctuation(Check):
    """A space before a punctuation mark that takes none in the target language (French "?" "!" ":" ";" do).

    Example: "the minister said , adding" -> finding on "said ,".
    """

    name = "space-before-punctuation"
    category = Category.PUNCTUATION
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        mt, lang = ctx.segment.mt, ctx.segment.tgt_lang or "en"
        arts = _tokenisation_artifacts(mt, lang)
        if _is_tokenised(arts):
            return  # reported once as tokenised text
        for start, end, _ in arts:
            yield self.finding(span=Span.of(mt, start, end), message=f"space before {mt[end - 1]!r}")


@register
class TokenisedText(Check):
    """Text left in tokenised form: spaces around punctuation, split clitics, spaces inside brackets or quotes.

    Example: "He did n't say ( yet ) ." -> finding on " n't".
    """

    name = "tokenised-text"
    category = Category.PUNCTUATION
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        mt, lang = ctx.segment.mt, ctx.segment.tgt_lang or "en"
        arts = _tokenisation_artifacts(mt, lang)
        if not _is_tokenised(arts):
            return
        for start, end, kind in arts:
            what = {"space-before": "space before punctuation", "clitic": "split clitic"}.get(kind, "stray space")
            yield self.finding(span=Span.of(mt, start, end), message=f"tokenised text: {what} in {mt[start:end]!r}")


_STRAY_SYMBOL = re.compile(r"(?<=[\w%,.;:)\]])([~^@#|\\*_=<>]+)(?=\s|$)|(?<=\s)([~^|\\=<>_]+)(?=\s)")
_DOUBLE_PUNCT = re.compile(
    r"(?<![.,;:!?])[,;:](?=[,;:.!?])|[!?](?=[,;:])|(?<=\w)[,;:]{2,}|(?<![.])\.\.(?![.])"
    r"|(?<=[,;:])[!?-](?=\s)|(?<=\w['’])[!?](?=\s+\w)"
)
_MID_MARK = re.compile(r"(?<=[\w%)\]\"”])([?!;:]|\.(?!\w))(?=\s+[\w(\"“'])")
_WIDE = str.maketrans({"：": ":", "；": ";", "！": "!", "？": "?", "。": ".", "，": ","})
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])-(?=\s+([^\W_]+|\())")
_APOS = re.compile(r"(?<=[\w%,.;:])'(?!\w)")
_NEXT_LOWER_WORD = re.compile(r"\s+([a-z]+)\b")
# after a suspended hyphen and its connector, English needs the hyphenated second part: "pre- and post-war"
_SUSPENDED = re.compile(r"\s+\w+\s+[\w.]+-")


def _mark_run(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole run of punctuation marks around text[start:end] (",!" or "?," or ",,"), not the full stop of an
    abbreviation before it ("e.g.,!" -> ",!")."""
    marks = ",;:.!?'’-"
    while start > 0 and text[start - 1] in marks and text[start - 1] != ".":
        start -= 1
    while end < len(text) and text[end] in marks:
        end += 1
    return start, end


_PUNCT_AFTER = re.compile(r"\b([^\W\d_]+)([,;:.!?'])(?=\s)")


@register
class StrayPunctuation(Check):
    """A punctuation mark where none belongs: a symbol glued to a word, doubled marks, "?" "!" ":" ";" or "."
    inside a sentence before a lowercase word, a mark right after an article, a hanging hyphen or quote, or a
    mark between two words that the reference writes together.

    Example: "the composition^ of these" -> finding on "^".
    """

    name = "stray-punctuation"
    category = Category.PUNCTUATION
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        mt, lang = seg.mt, seg.tgt_lang or "en"
        spans: dict[tuple[int, int], str] = {}
        for m in _STRAY_SYMBOL.finditer(mt):
            spans[m.span(m.lastindex or 0)] = "stray symbol"
        for m in _DOUBLE_PUNCT.finditer(mt):
            spans[_mark_run(mt, m.start(), m.end())] = "doubled punctuation"
        connectors = _word_set(lang, "hyphen_connectors")
        needs_hyphen = bool(form_data(lang).get("suspended_hyphen_needs_hyphen"))
        for m in _HYPHEN_END.finditer(mt):
            nxt = (m.group(1) or "").lower()
            if nxt not in connectors or (needs_hyphen and not _SUSPENDED.match(mt, m.end())):
                spans[m.span()] = "hyphen hanging off a word"
        lone_odd = bool(form_data(lang).get("lone_apostrophe_is_odd"))
        if lone_odd and not re.search(r"(?:^|(?<=[\s(\[]))'(?=\w)", mt):  # no single-quoted passage
            func = _word_set(lang, "function_words")
            for m in _APOS.finditer(mt):
                word = word_before(mt, m.start(), skip_marks=False).lower()
                nxt = _NEXT_LOWER_WORD.match(mt, m.end())
                after = nxt.group(1) if nxt else ""
                possessive = word[-1:] in ("s", "z") and len(word) >= 3 and word not in func  # "players'"
                if not possessive or (after in func and after not in ("and", "or")):  # "cells' can", "tariffs' in"
                    spans[m.span()] = "stray apostrophe"
        no_after = _word_set(lang, "no_punct_after")
        no_strong = _word_set(lang, "no_stop_after") | no_after
        abbrevs = _word_set(lang, "abbreviations")
        for m in _PUNCT_AFTER.finditer(mt):
            word, mark = m.group(1), m.group(2)
            if word == "A" and mark == ".":
                continue
            if word.lower() in no_after or (mark in ".;:!?" and word.lower() in no_strong):
                spans[m.span(2)] = f"punctuation after {word!r}"
        spans.update(self._commas(mt, lang))
        other = _compare_text(seg)
        other_n = other.translate(_WIDE) if other else None
        colon_odd = bool(form_data(lang).get("colon_before_lowercase_is_odd"))
        no_end = _word_set(lang, "no_sentence_end_after")
        for m in _MID_MARK.finditer(mt):
            mark = m.group(1)
            rest = mt[m.end() :].lstrip()
            prev = re.search(r"(\S+)$", mt[: m.start()])
            prev_word = prev.group(1).lower().strip('("“') if prev else ""
            if mark == "." and (prev_word in abbrevs or len(prev_word) <= 1 or not rest[:1].islower()):
                continue
            if mark in "?!" and not (
                rest[:1].islower() or rest[:1].isdigit() or rest[:1] == "(" or prev_word in no_end
            ):
                continue  # a new sentence, unless the mark follows a word that cannot end one ("with! ...")
            if mark in ":;" and (
                not colon_odd
                or not (rest[:1].islower() or rest[:1].isdigit() or rest[:1] == "(")
                or other_n is None
                or other_n.count(mark) >= mt.count(mark)
            ):
                continue  # only where the language rarely has them and the reference/source has fewer
            spans.setdefault(m.span(1), f"{mark!r} inside a sentence")
        if seg.ref:
            spans.update(self._against_reference(mt, seg.ref, lang, ".!?:;" if colon_odd else ".!?"))
        for (start, end), what in sorted(spans.items()):
            yield self.finding(span=Span.of(mt, start, end), message=f"{what}: {mt[start:end]!r}")

    @staticmethod
    def _commas(mt: str, lang: str) -> dict[tuple[int, int], str]:
        """Commas right after a word that cannot end a phrase, right before a complement "that", between a
        preposition and its object ("in, December"), or between the opening subject and its verb ("The voters,
        will decide")."""
        out: dict[tuple[int, int], str] = {}
        after, before = _word_set(lang, "no_comma_after"), _word_set(lang, "no_comma_before")
        for m in re.finditer(r"\b([^\W\d_]+),\s+([^\W\d_]+)", mt):
            w1, w2 = m.group(1), m.group(2)
            following = mt[m.end() :]
            parenthetical = "," in " ".join(following.split()[:8])
            preceding = " ".join(mt[: m.start()].split()[-5:])
            if w1.lower() in after and w2[:1].islower() and not parenthetical and w1 != "A":
                out[(m.start() + len(w1), m.start() + len(w1) + 1)] = f"comma after {w1!r}"
            elif (
                w2.lower() in before
                and w1[:1].islower()
                and "," not in preceding
                and not following.lstrip().startswith(("is ", "was ", "is,"))
            ):
                out[(m.start() + len(w1), m.start() + len(w1) + 1)] = f"comma before {w2!r}"
        prepositions = _word_set(lang, "no_comma_after_preposition")
        for m in re.finditer(r"\b([^\W\d_]+)(,)\s+(\w+)", mt):
            w1, w2 = m.group(1), m.group(3)
            if w1.lower() not in prepositions or "," in " ".join(mt[m.end() :].split()[:8]):
                continue
            if w2.lower() in _word_set(lang, "determiners") or w2[:1].isdigit() or w2[:1].isupper():
                out.setdefault(m.span(2), f"comma between {w1!r} and its object")
        split_verbs = _word_set(lang, "comma_splits_subject_before")
        opening = re.match(r"[^,;:()\"“”?]*\b[^\W\d_]+(,)\s+(\w+)\s+[^\W\d_]", mt)
        if opening and opening.group(2).lower() in split_verbs and "?" not in mt and opening.group(2).islower():
            out.setdefault(opening.span(1), f"comma between the subject and {opening.group(2)!r}")
        return out

    @staticmethod
    def _against_reference(mt: str, ref: str, lang: str, marks: str) -> dict[tuple[int, int], str]:
        """Marks between two words that the reference writes side by side, when the MT has more of that mark.

        Sentence marks (`marks`) count when the reference has the two words in a row at all. Commas, apostrophes
        and full stops before a capital count only when the reference has nothing but a space between the words;
        commas only in languages whose data lists `comma_ok_before`, and not where translations often differ
        (before a conjunction or relative word, after an opening phrase with no verb, "Last month, ...", or
        between a lowercase word and a capitalised one); apostrophes only where a lone one is odd.
        """
        out: dict[tuple[int, int], str] = {}
        ref_low = " " + " ".join(re.findall(r"\w+", ref.lower())) + " "
        tight = {(a.lower(), b.lower()) for a, b in re.findall(r"(?=(?<!\w)(\w+) +(\w+))", ref)}
        abbrevs, ok_before = _word_set(lang, "abbreviations"), _word_set(lang, "comma_ok_before")
        apostrophe_odd = bool(form_data(lang).get("lone_apostrophe_is_odd"))
        for m in re.finditer(r"(?=(?:^|\W)(\w+)([,;:.!?'’])\s+(\w+))", mt):
            left, mark, right = m.group(1), m.group(2), m.group(3)
            if mt.count(mark) <= ref.count(mark):
                continue
            pos = m.start(2)
            if (left.lower(), right.lower()) in tight:
                if mark == "," and (
                    not ok_before or StrayPunctuation._usual_comma(mt, pos, left, right, lang, ok_before)
                ):
                    continue  # commas only where the data says which ones translations commonly add
                if mark in "'’" and not apostrophe_odd:
                    continue
                if mark == "." and (left.lower() in abbrevs or len(left) == 1):
                    continue
                out[(pos, pos + 1)] = f"{mark!r} between two words the reference writes without it"
            elif (
                mark in marks
                and not (mark == "." and right[:1].isupper())
                and f" {left.lower()} {right.lower()} " in ref_low
            ):
                out[(pos, pos + 1)] = f"{mark!r} not in the reference"
        return out

    @staticmethod
    def _usual_comma(mt: str, pos: int, left: str, right: str, lang: str, ok_before: frozenset[str]) -> bool:
        """Whether the comma at `pos` is one translations often add: next to a conjunction or relative word, after
        a short opening phrase with no verb and no other comma, or between a lowercase word and a capitalised one."""
        if right.lower() in ok_before or left.lower() in ok_before:
            return True
        if right[:1].isupper():
            return not left[:1].isupper()
        opening = re.split(r"[.!?;:]\s", mt[:pos])[-1]
        words = {w.lower() for w in opening.split()}
        return "," not in opening and len(words) <= 5 and not words & _word_set(lang, "finite_verbs")


_FINAL = re.compile(r"([.!?。！？…])[\"'”’“‘»«›‹)\]]*\s*$")
_QUESTION = {"?", "？"}


@register
class FinalPunctuation(Check):
    """Sentence-final punctuation missing or of another kind (statement vs question) than in the reference or
    source.

    Example: "Prices rose again" with reference "Prices went up again." -> finding on "again" (minor);
    "Did prices rise again?" with the same reference -> finding on "?" (mistranslation, major: a statement
    became a question).
    """

    name = "final-punctuation"
    category = Category.PUNCTUATION
    severity = Severity.MINOR
    needs = Needs.EITHER

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        other = _compare_text(seg)
        mt = seg.mt.rstrip()
        if not other or not mt:
            return
        want, got = _FINAL.search(other), _FINAL.search(mt)
        last = list(re.finditer(r"\S+", mt))[-1]
        if want and not got:
            yield self.finding(
                span=Span.of(seg.mt, last.start(), last.end()),
                message=f"final punctuation {want.group(1)!r} missing",
                evidence=other[-40:].strip(),
            )
        elif want and got and (want.group(1) in _QUESTION) != (got.group(1) in _QUESTION):
            # a statement made a question (or the reverse) changes what the sentence says
            turned = "a question" if got.group(1) in _QUESTION else "a statement"
            yield self.finding(
                category=Category.MISTRANSLATION,
                severity=Severity.MAJOR,
                span=Span.of(seg.mt, got.start(1), got.end(1)),
                message=f"the sentence is {turned} (final {got.group(1)!r}) where the "
                f"{'reference' if seg.ref else 'source'} has {want.group(1)!r}",
                evidence=other[-40:].strip(),
            )


# ---------------------------------------------------------------- repeats


_REPEAT_WORD = re.compile(r"(?<![\w'’/.-])(\w(?:[\w'’/.-]*\w)?)((?: +\1(?![\w'’/-]))+)", re.IGNORECASE)
_REPEAT_PHRASE = re.compile(r"\b((?:[^\W\d_]+[ ,]+){1,4}[^\W\d_]+)\s+\1\b", re.IGNORECASE)


# a short sentence said twice in a row ("Thank you. Thank you.", "No! No!")
_SAID_TWICE = re.compile(r"(?<!\w)(\w+(?:\s+\w+){0,3})\s*[.!?…]+\s*\1(?!\w)", re.IGNORECASE)


@register
class RepeatedWords(Check):
    """A word or phrase written twice in a row, unless the source or reference says a short sentence twice in a row.

    Example: "died after eating the the food" -> finding on " the".
    """

    name = "repeated-words"
    category = Category.GRAMMAR
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        mt, lang = seg.mt, seg.tgt_lang or "en"
        allowed = _word_set(lang, "allowed_doubles")
        others = " ".join(t for t in (seg.src, seg.ref) if t).lower()
        if any(t and _SAID_TWICE.search(t) for t in (seg.src, seg.ref)):
            return  # the source or reference says a sentence twice: "Thank you. Thank you." -> "Danke Danke"
        seen: list[tuple[int, int]] = []
        for m in _REPEAT_WORD.finditer(mt):
            word = m.group(1)
            reps = m.group(2)
            if word.lower() in allowed and len(reps.split()) == 1:
                continue
            if m.group().lower() in others:
                continue
            seen.append(m.span(2))
            yield self.finding(span=Span.of(mt, *m.span(2)), message=f"word repeated: {word!r}")
        for m in _REPEAT_PHRASE.finditer(mt):
            phrase = m.group(1)
            rep_start = m.start() + len(phrase)
            if any(s <= rep_start < e for s, e in seen) or m.group().lower() in others:
                continue
            yield self.finding(span=Span.of(mt, rep_start, m.end()), message=f"phrase repeated: {phrase!r}")


# ---------------------------------------------------------------- brackets and quotes


def _unbalanced(text: str, lang: str) -> list[tuple[int, str]]:
    """Positions of brackets and quotes without a partner (straight quotes: the last one when odd)."""
    data = form_data(lang)
    pairs = [tuple(p) for p in data["brackets"]] + [tuple(p) for p in data["quote_pairs"] if p[1] not in "’'"]
    closers = {c: o for o, c in pairs}
    openers = {o for o, _ in pairs}
    stack: list[tuple[int, str]] = []
    bad: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch in openers and ch in closers:  # same char opens and closes (not used) or ambiguous: skip
            continue
        if ch in openers:
            stack.append((i, ch))
        elif ch in closers:
            if stack and stack[-1][1] == closers[ch]:
                stack.pop()
            elif any(o == closers[ch] for _, o in stack):
                while stack and stack[-1][1] != closers[ch]:
                    bad.append(stack.pop())
                stack.pop()
            else:
                bad.append((i, ch))
    bad.extend(stack)
    straight = [i for i, ch in enumerate(text) if ch == '"']
    if len(straight) % 2:
        bad.append((straight[-1], '"'))
    return sorted(bad)


@register
class UnbalancedBrackets(Check):
    """A bracket or quotation mark without its partner (straight and curly quotes, « », „ “), unless the
    reference or source is unbalanced the same way (a quote running over several sentences).

    Example: "He said (in Rome that it was over." -> finding on "(".
    """

    name = "unbalanced-brackets"
    category = Category.PUNCTUATION
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        mt, lang = seg.mt, seg.tgt_lang or "en"
        bad = _unbalanced(mt, lang)
        if not bad:
            return
        other = _compare_text(seg)
        other_lang = (seg.src_lang or lang) if other is seg.src else lang
        other_bad = {ch for _, ch in _unbalanced(other, other_lang)} if other else set()
        quote_like = set('"“”«»„')
        for pos, ch in bad:
            if ch in quote_like and other_bad & quote_like:
                continue
            if ch in other_bad:
                continue
            yield self.finding(span=Span.of(mt, pos, pos + 1), message=f"unbalanced {ch!r}: no matching partner")


# ---------------------------------------------------------------- case


_SENT_START = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=[.!?][\"”»)]\s))[\"“«„(\[]*([^\W\d_][\w'’-]*)")
_MIXED = re.compile(r"\b[a-zà-ÿ]+[A-ZÀ-Ý][\wÀ-ÿ]*\b|\b[A-ZÀ-Ý]{2,}[a-zà-ÿ]+\b")
_CAPS_WORD = re.compile(r"\b[A-ZÀ-Ý][A-ZÀ-Ý'’-]+\b")


@register
class CaseErrors(Check):
    """Capitalisation errors: a sentence starting lowercase, mixed case inside a word ("tHe"), or a run of
    all-capitals words that are not acronyms.

    Example: "the minister resigned." -> finding on "the".
    """

    name = "case-errors"
    category = Category.SPELLING
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        mt, lang = seg.mt, seg.tgt_lang or "en"
        others = " ".join(t for t in (seg.src, seg.ref) if t)
        yield from self._lower_starts(seg, mt, lang)
        ok = _word_set(lang, "mixed_case_ok")
        for m in _MIXED.finditer(mt):
            w = m.group()
            if w.lower() in ok or w in others or any(w.startswith(x) for x in ("Mc", "Mac")):
                continue
            if zipf(w, lang) >= 3.0 and not _CAMEL.fullmatch(w):
                yield self.finding(span=Span.of(mt, *m.span()), message=f"mixed case inside a word: {w!r}")
        yield from self._caps_runs(mt, lang, others)

    def _lower_starts(self, seg: Segment, mt: str, lang: str) -> Iterator[Finding]:
        abbrevs = _word_set(lang, "abbreviations")
        ok_starts = form_data(lang)["lowercase_ok_starts"]
        other = _compare_text(seg) or ""
        first_other = next((c for c in other if c.isalpha()), "")
        stamp = _metadata_patterns(lang)[1]
        for m in _SENT_START.finditer(mt):
            word = m.group(1)
            if not word[0].islower() or word[0] == word[0].upper() or stamp.match(mt, m.start(1)):
                continue
            if any(c.isupper() for c in word[1:]):  # reported as mixed case
                continue
            if any(word.startswith(x) for x in ok_starts):
                continue
            if m.start() == 0:
                if first_other and first_other.islower():
                    continue
            elif re.search(r"(?:\.\.|…)[\"”“»)]?\s*$", mt[: m.start(1)]):
                continue  # after an ellipsis a sentence may go on in lowercase
            else:
                prev = re.search(r"(\S+)[.!?][\"”»)]?\s$", mt[: m.start(1)])
                if prev and (prev.group(1).lower().strip('("“') in abbrevs or len(prev.group(1)) == 1):
                    continue
            yield self.finding(
                span=Span.of(mt, m.start(1), m.end(1)), message=f"sentence starts with a lowercase letter: {word!r}"
            )

    def _caps_runs(self, mt: str, lang: str, others: str) -> Iterator[Finding]:
        words = [m for m in _CAPS_WORD.finditer(mt) if len(m.group()) >= 2]
        runs: list[list[re.Match[str]]] = []
        for m in words:
            if runs and re.fullmatch(r"[\s,;:-]+", mt[runs[-1][-1].end() : m.start()]):
                runs[-1].append(m)
            else:
                runs.append([m])
        for run in runs:
            long_words = [m for m in run if len(m.group()) >= 5 and zipf(m.group(), lang) >= 3.0]
            start, end = run[0].start(), run[-1].end()
            if mt[start:end] in others:
                continue
            if (len(run) >= 3 and long_words) or (len(run) == 1 and len(run[0].group()) >= 7 and long_words):
                yield self.finding(span=Span.of(mt, start, end), message=f"text in capitals: {mt[start:end]!r}")


# ---------------------------------------------------------------- markup and metadata


_MARKUP = re.compile(
    r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"  # tags
    r"|&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});"  # entities
    r"|\\[ntr](?![a-z])|\\u[0-9a-fA-F]{4}"  # escaped control characters
    r"|\{\{[^{}]*\}\}|\{\d+\}|\{[a-z_]+\}|%[sd]\b|%\(\w+\)s|\$\{\w+\}"  # placeholders
    r"|\[\[[^\]]*\]\]|\[/?(?:b|i|u|url|img|quote)\]"  # wiki and BB code
)


@register
class LeftoverMarkup(Check):
    """Markup left in the text: HTML tags and entities, literal "\\n", placeholders such as {0}, wiki links,
    unless the source has the same markup (placeholders must then be kept).

    Example: "Prices rose &amp; fell" -> finding on "&amp;".
    """

    name = "leftover-markup"
    category = Category.MARKUP
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        src = seg.src or ""
        for m in _MARKUP.finditer(seg.mt):
            if m.group() in src:
                continue
            yield self.finding(span=Span.of(seg.mt, *m.span()), message=f"leftover markup {m.group()!r}")


@lru_cache(maxsize=32)
def _metadata_patterns(lang: str | None) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = form_data(lang)
    agencies = "|".join(re.escape(a) for a in sorted(data["agencies"], key=len, reverse=True))
    city_date = r"(?:\w+\.?\s+\d{1,2}|\d{1,2}\.?\s+\w+\.?)(?:,?\s*\d{4})?"
    dateline = re.compile(
        rf"(?:[A-ZÀ-Ý][\wÀ-ÿ'’. -]{{1,30}},\s*(?:{city_date}\s*)?)?\((?:{agencies})(?:/[\w ]+)?\)\s*[-–—]+"
        rf"|[A-ZÀ-Ý]{{2,}}[A-ZÀ-Ý'’. -]*,\s*{city_date}\s*(?:\([^()]{{2,40}}\)\s*)?[-–—]+"
    )
    labels = "|".join(re.escape(x) for x in sorted(data["date_labels"], key=len, reverse=True))
    date = re.compile(
        rf"\b(?:{labels})\s*:?\s*(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}})"
        rf"(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?",
        re.IGNORECASE,
    )
    prefixes = "|".join(re.escape(p) for p in sorted(data["byline_prefixes"], key=len, reverse=True))
    name = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+[A-ZÀ-Ý]\.)?(?:\s+[A-ZÀ-Ý][a-zà-ÿ'’-]+){1,2}"
    byline = re.compile(rf"(?:^|\n)\s*(?:{prefixes})\s+{name}\s*(?=$|\n|[-–—|]\s)|\s(?:{prefixes})\s+{name}\s*$")
    phrases = [p for ps in data["boilerplate"].values() for p in ps]
    boiler = re.compile(
        "(?:©\\s*)?(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ")",
        re.IGNORECASE,
    )
    return dateline, date, byline, boiler


@lru_cache(maxsize=32)
def _boilerplate_lang(lang: str | None) -> dict[str, str]:
    return {p.lower(): code for code, ps in form_data(lang)["boilerplate"].items() for p in ps}


@register
class LeakedMetadata(Check):
    """News metadata leaked into the text: an agency dateline at the start ("ROME, Jan 18 (ANSA) -") that the
    reference/source lacks, a "date 2024-01-18" stamp, a byline ("By John Smith"), or boilerplate such as
    "Riproduzione riservata" / "Leggi anche".

    Example: "ROME, Jan 18 (ANSA) - Prices rose." with reference "Prices rose." -> finding on "ROME, Jan 18 (ANSA) - ".
    """

    name = "leaked-metadata"
    category = Category.MARKUP
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        mt, lang = seg.mt, seg.tgt_lang or "en"
        other = _compare_text(seg)
        dateline, date, byline, boiler = _metadata_patterns(lang)
        lead_stamp = date.match(mt.lstrip())
        lead = len(mt) - len(mt.lstrip()) + (lead_stamp.end() if lead_stamp else 0)
        lead += len(mt[lead:]) - len(mt[lead:].lstrip())
        m = dateline.match(mt, lead)
        if m and not (other and dateline.search(other.lstrip()[:80])):
            yield self.finding(
                span=Span.of(mt, m.start(), m.end()), message=f"agency dateline {m.group()!r} at the start of the text"
            )
        for m in date.finditer(mt):
            if not (other and date.search(other)):
                yield self.finding(span=Span.of(mt, *m.span()), message=f"date stamp {m.group()!r}")
        for m in byline.finditer(mt):
            if not (other and byline.search(other)):
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
                yield self.finding(
                    span=Span.of(mt, start, m.end() - (len(m.group()) - len(m.group().rstrip()))),
                    message=f"byline {m.group().strip()!r}",
                )
        phrase_lang = _boilerplate_lang(lang)
        for m in boiler.finditer(mt):
            key = m.group().lower().lstrip("© ").strip()
            plang = phrase_lang.get(key, lang)
            in_other = bool(other and boiler.search(other))
            if plang.split("-")[0] != lang.split("-")[0]:
                yield self.finding(
                    span=Span.of(mt, *m.span()),
                    message=f"untranslated {plang} boilerplate {m.group()!r}",
                    evidence=other if other and m.group().lower() in other.lower() else None,
                )
            elif not in_other:
                yield self.finding(span=Span.of(mt, *m.span()), message=f"boilerplate {m.group()!r} not in the text")
