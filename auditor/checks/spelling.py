"""Spelling check with wordfreq (and hunspell dictionaries through spylls where installed), and the word
frequency look-ups the other form and language checks share.

Hunspell is optional: `/usr/share/hunspell/<lang>.dic` (Debian `hunspell-en-us` and friends); without it the
check relies on wordfreq alone. Dictionary names and per-language extra words live in
`auditor/data/checks/spelling/`.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from ..langid import base_lang
from ..types import Category, Finding, Severity, Span
from ..vocab import frequencies, has_vocabulary, zipf
from ._text import first_nonspace, last_nonspace, word_after, word_before
from .base import Check, CheckContext, Needs, register

_DATA = "auditor.data.checks.spelling"
_log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _settings() -> dict[str, Any]:
    return dict(json.loads(resources.files(_DATA).joinpath("dictionaries.json").read_text(encoding="utf-8")))


_QUOTES = frozenset("\"'“”‘’«»")


@lru_cache(maxsize=32)
def _short_words(lang: str) -> frozenset[str] | None:
    """The lowercase one- and two-letter words of `lang`, or None where the data has no list for it."""
    data = json.loads(resources.files(_DATA).joinpath("short_words.json").read_text(encoding="utf-8"))
    words = data.get(lang)
    return frozenset(words) if isinstance(words, list) else None


def _short_word_slip(mt: str, start: int, end: int, lang: str) -> bool:
    """Whether the lowercase one- or two-letter token mt[start:end] is no word of `lang` ("i" for "is", "ws" for
    "was"): not a unit after a number ("2 mi"), not a name particle between capitalised words ("Ortega y Gasset")."""
    known = _short_words(lang)
    word = mt[start:end]
    if known is None or not word.islower() or not word.isascii() or word in known:
        return False
    if mt[start - 1 : start] in _QUOTES and mt[end : end + 1] in _QUOTES:
        return False  # a letter quoted as a letter: 'the "i"'
    if mt[start - 1 : start] == "." or mt[end : end + 1] == ".":
        return False  # an abbreviation: "e.g.", "p.m.", "pp."
    j, k = last_nonspace(mt, start), first_nonspace(mt, end)
    if (j >= 0 and (mt[j].isdigit() or mt[j] in "(/&+=*")) or (k < len(mt) and mt[k] in ")/=+"):
        return False  # a unit after a number, a variable in a formula
    return not (word_before(mt, start)[:1].isupper() and word_after(mt, end)[:1].isupper())


@lru_cache(maxsize=32)
def _extra_words(lang: str) -> frozenset[str]:
    path = resources.files(_DATA).joinpath(f"{lang}.txt")
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


class _Dictionary(Protocol):
    def lookup(self, word: str) -> bool: ...

    @property
    def dic(self) -> Any: ...  # spylls' word list: `homonyms(stem)` -> entries with `flags`


@lru_cache(maxsize=16)
def hunspell_dictionary(lang: str | None) -> _Dictionary | None:
    """The hunspell dictionary for `lang` loaded with spylls, or None when spylls or the files are missing."""
    base = base_lang(lang)
    settings = _settings()
    for name in settings["hunspell_names"].get(base, []):
        for folder in settings["hunspell_dirs"]:
            stem = Path(folder) / name
            if stem.with_suffix(".dic").is_file() and stem.with_suffix(".aff").is_file():
                try:
                    from spylls.hunspell import Dictionary

                    return Dictionary.from_files(str(stem))
                except Exception as exc:  # spylls missing or a dictionary it cannot parse: degrade to wordfreq
                    _log.warning("hunspell dictionary %s not usable: %s", stem, exc)
                    return None
    return None


@lru_cache(maxsize=65536)
def is_known_word(lang: str, word: str) -> bool:
    """Whether the hunspell dictionary of `lang` accepts `word` as written (False without a dictionary)."""
    dic = hunspell_dictionary(lang)
    return dic is not None and bool(dic.lookup(word))


@lru_cache(maxsize=65536)
def affix_flags(lang: str, word: str) -> frozenset[str]:
    """Every affix flag the hunspell dictionary of `lang` gives the stem `word` (empty without a dictionary)."""
    dic = hunspell_dictionary(lang)
    if dic is None:
        return frozenset()
    return frozenset(flag for entry in dic.dic.homonyms(word) for flag in entry.flags)


def _edits1(word: str) -> set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz" + "".join(sorted(set(word) - set("abcdefghijklmnopqrstuvwxyz")))
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return (deletes | transposes | replaces | inserts) - {word}


@lru_cache(maxsize=16384)
def best_neighbour(word: str, lang: str, min_zipf: float) -> tuple[str, float] | None:
    """The most frequent word one edit away from `word`, if its zipf frequency is at least `min_zipf`."""
    if not has_vocabulary(lang) or len(word) > 16:
        return None
    found = frequencies(base_lang(lang)).get_many(sorted(_edits1(word.casefold())))
    if not found:
        return None
    best = max(sorted(found), key=found.__getitem__)  # the first in alphabetical order on ties
    z = math.log10(found[best]) + 9.0
    return (best, z) if z >= min_zipf else None


@lru_cache(maxsize=32)
def _variants(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(a), b) for a, b in _settings().get("spelling_variants", {}).get(lang, ()))


def _common_slip(word: str, lang: str, z: float) -> str | None:
    """A lowercase word of middling frequency (wordfreq counts many slips of the web) that the hunspell dictionary
    knows in no spelling variant and that is one letter away from a very frequent word: "wil" for "will"."""
    if lang not in _settings()["common_slip_languages"] or z >= 4.0 or not word.islower():
        return None
    if hunspell_dictionary(lang) is None or is_known_word(lang, word):
        return None
    for pattern, repl in _variants(lang):
        variant = pattern.sub(repl, word)
        if variant != word and is_known_word(lang, variant):
            return None  # a British spelling the American dictionary lacks: "tyre", "learnt"
    near = best_neighbour(word, lang, 5.0)
    return f"possible misspelling {word!r} (did you mean {near[0]!r}?)" if near else None


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SKIP = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|[@#]\w+|\S*\d\S*")
_SENTENCE_END_MARKS = frozenset('.!?:;"“”«»()[]-–—')


def _after_sentence_end(text: str, pos: int) -> bool:
    """Whether the last non-space character before `pos` ends a sentence or a clause (a mark of the set above)."""
    j = last_nonspace(text, pos)
    return j >= 0 and text[j] in _SENTENCE_END_MARKS


def _variant_of(word: str, other: str, lang: str) -> bool:
    """Whether `other` is `word` in another spelling of the language ("harbor" of "harbour", "fetal" of "foetal")."""
    return any(pattern.sub(repl, word) == other for pattern, repl in _variants(lang))


def _letter_dropped(
    mt: str, ref: str, src: str, skip: list[tuple[int, int]], lang: str
) -> list[tuple[tuple[int, int], str]]:
    """MT words the reference lacks that are a reference word with one letter taken out ("ws" for "was", "bon"
    for "born"), where the reference has that word more often than the MT: ((start, end), the reference word).

    Not a dropped plural "s", not a capitalised word inside a sentence (names), not a word of the source, not
    another spelling of the reference word ("harbor" for "harbour")."""
    ref_count = Counter(w.lower() for w in _WORD.findall(ref))
    mt_count = Counter(w.lower() for w in _WORD.findall(mt))
    src_words = {w.lower() for w in _WORD.findall(src)}
    by_length: dict[int, list[str]] = {}
    for w in ref_count:
        if "'" not in w and "’" not in w:
            by_length.setdefault(len(w), []).append(w)
    out = []
    for m in _WORD.finditer(mt):
        word = m.group().lower()
        if len(word) < 2 or ref_count[word] or word in src_words or any(s <= m.start() < e for s, e in skip):
            continue
        if m.group()[0].isupper() and m.start() > 0 and not _after_sentence_end(mt, m.start()):
            continue
        for full in sorted(by_length.get(len(word) + 1, ())):
            if ref_count[full] <= mt_count[full] or (full.endswith("s") and full[:-1] == word):
                continue
            if any(full[:i] + full[i + 1 :] == word for i in range(len(full))) and not _variant_of(full, word, lang):
                out.append((m.span(), full))
                break
    return out


@register
class Misspelling(Check):
    """A word that is not in the target language's vocabulary (wordfreq, and hunspell where installed), or a
    rare word one typing slip away from a very frequent one; names, numbers, URLs, acronyms and words copied
    from the source or reference are left alone. Also a lowercase one- or two-letter token that is no word of the
    language ("i" for "is", `short_words.json`) and, with hunspell, a word of middling web frequency that the
    dictionary knows in no spelling variant and that is one letter from a very frequent word ("wil").

    With a reference (English targets: `letter_dropped_languages` in the data), also a word that is a reference
    word with one letter missing ("ws" where the reference has "was"), which a dictionary cannot catch when the
    result is a word too ("bon", "ears").

    Example: "The samples were foudn in urine." -> finding on "foudn".
    """

    name = "misspelling"
    category = Category.SPELLING
    severity = Severity.MINOR
    needs = Needs.NONE

    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        seg = ctx.segment
        lang = base_lang(seg.tgt_lang or "en")
        if lang in _settings()["unspaced_languages"] or not has_vocabulary(lang):
            return
        mt = seg.mt
        others = {w for t in (seg.src, seg.ref) if t for w in _WORD.findall(t)}
        ref_words = set(_WORD.findall(seg.ref or ""))  # a short source word ("i", "o") is no excuse in the MT
        skip = [m.span() for m in _SKIP.finditer(mt)]
        extra = _extra_words(lang)
        flagged: set[tuple[int, int]] = set()
        for m in _WORD.finditer(mt):
            word = m.group()
            if any(s <= m.start() < e for s, e in skip):
                continue
            if mt[m.start() - 1 : m.start()] in {"-", "'", "’"} or mt[m.end() : m.end() + 1] in {"-"}:
                continue  # parts of compounds and elisions are judged as a whole by other checks
            if len(word) < 3:
                if word not in ref_words and _short_word_slip(mt, m.start(), m.end(), lang):
                    flagged.add(m.span())
                    yield self.finding(span=Span.of(mt, m.start(), m.end()), message=f"{word!r} is not a {lang} word")
                continue
            if any(c.isupper() for c in word[1:]) or word.lower() in extra:
                continue
            initial = last_nonspace(mt, m.start()) < 0 or _after_sentence_end(mt, m.start())
            capital = word[0].isupper()
            if word in others:
                continue
            problem = self._judge(word, lang, capital and not initial)
            if problem:
                flagged.add(m.span())
                yield self.finding(span=Span.of(mt, m.start(), m.end()), message=problem)
        if seg.ref and lang in _settings()["letter_dropped_languages"]:
            for (start, end), full in _letter_dropped(mt, seg.ref, seg.src or "", skip, lang):
                if (start, end) not in flagged:
                    yield self.finding(
                        span=Span.of(mt, start, end),
                        message=f"{mt[start:end]!r} looks like {full!r} with a letter missing (the reference has it)",
                        evidence=seg.ref,
                        confidence=0.6,
                    )

    def _judge(self, word: str, lang: str, name_like: bool) -> str | None:
        z = zipf(word, lang)
        if z >= 3.0:
            return _common_slip(word, lang, z)
        dic = hunspell_dictionary(lang)
        if dic is not None and (is_known_word(lang, word) or is_known_word(lang, word.lower())):
            return None
        if name_like and lang in _settings()["capitalised_nouns"]:
            near = best_neighbour(word, lang, 4.0) if z == 0 else None
            return f"possible misspelling {word!r} (did you mean {near[0]!r}?)" if near else None
        if name_like:
            limit, gap = (2.0, 2.5) if dic is not None else (1.5, 3.0)
            near = best_neighbour(word, lang, max(3.8, z + gap)) if z < limit else None
            return f"possible misspelling {word!r} (did you mean {near[0]!r}?)" if near else None
        if z == 0:
            near = best_neighbour(word, lang, 3.0)
            if near is None and dic is None and lang in _settings()["compounding"]:
                return None  # an unknown compound is more likely than a typo
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            return f"{word!r} is not a {lang} word{hint}"
        near = best_neighbour(word, lang, max(4.0, z + (2.0 if dic is not None else 2.5)))
        limit = 3.0 if dic is not None else 2.0
        if near and z < limit:
            return f"possible misspelling {word!r} (did you mean {near[0]!r}?)"
        return None
