"""Shared text helpers for the checks: tokens with offsets, quoted regions, language codes, per-check data files."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

# combining marks, Indic and Thai vowel signs belong to words
_MARKS = "\u0300-\u036f\u0900-\u0963\u0966-\u0dff\u0e00-\u0e7f"
WORD_RE = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}]|['’](?=[^\W_])|[-.](?=[^\W_]))*", re.UNICODE)
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_SENT_END_RE = re.compile(r"[.!?。！？]['\"”’»)]*\s*$")

# Opening mark -> closing marks it may pair with.
QUOTE_PAIRS: dict[str, str] = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "‹": "›",
    "»": "«",
    "‘": "’",
    "‚": "‘’",
    "「": "」",
    "『": "』",
}


@dataclass(frozen=True)
class Token:
    """A word of a text with its character offsets."""

    text: str
    start: int
    end: int

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokens(text: str) -> list[Token]:
    """Words (letters/digits, inner apostrophes, hyphens and dots) with their offsets."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[Token, ...]:
    """Several checks tokenise the same texts: keep the last few thousand."""
    return tuple(Token(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text))


def is_cjk(text: str) -> bool:
    """Whether the text contains Chinese, Japanese or Korean characters."""
    return CJK_RE.search(text) is not None


def ends_sentence(text: str) -> bool:
    """Whether the text ends with sentence-final punctuation (quotes and brackets after it allowed)."""
    return _SENT_END_RE.search(text) is not None


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (curly, straight, guillemets, CJK; nested quotes included)."""
    regions: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for i, ch in enumerate(text):
        if ch == '"':
            if straight_open is None:
                straight_open = i
            else:
                regions.append((straight_open, i + 1))
                straight_open = None
            continue
        if ch in "‘’" and _is_apostrophe(text, i):
            continue
        if not stack and ch in "”»" and not regions and i > 0 and ch not in QUOTE_PAIRS:
            regions.append((0, i + 1))  # a closing mark with no opener: the quote began in an earlier sentence
            continue
        if stack and ch in QUOTE_PAIRS[stack[-1][0]]:
            _, start = stack.pop()
            regions.append((start, i + 1))
            continue
        if ch in QUOTE_PAIRS:
            stack.append((ch, i))
    if straight_open is not None:
        if straight_open > 0 and not text[straight_open - 1].isspace() and text.count('"') % 2:
            regions.append((0, straight_open + 1))  # 'fine", he said': the quote opened in an earlier sentence
        else:  # an unclosed straight quote runs to the end of the text
            regions.append((straight_open, len(text)))
    for _, start in stack:
        if text[start] in "“«„":  # unclosed opening quote (quote continues in the next sentence)
            regions.append((start, len(text)))
    return sorted(regions)


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or (text[i] == "’" and after in " ,.;:"))


def last_nonspace(text: str, pos: int) -> int:
    """Index of the last non-whitespace character before `pos`, or -1 (no copy of the text: cheap per word)."""
    j = pos - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j


def first_nonspace(text: str, pos: int) -> int:
    """Index of the first non-whitespace character at or after `pos`, or len(text)."""
    k = pos
    while k < len(text) and text[k].isspace():
        k += 1
    return k


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"  # what a regex \w matches


def word_before(text: str, pos: int, *, skip_marks: bool = True) -> str:
    r"""The run of word characters (regex \w) that ends before `pos`: the last one before it when `skip_marks`
    (spaces and punctuation in between are passed over), else only one that ends right at `pos` ("" if none)."""
    end = pos
    if skip_marks:
        while end > 0 and not _is_word_char(text[end - 1]):
            end -= 1
    start = end
    while start > 0 and _is_word_char(text[start - 1]):
        start -= 1
    return text[start:end]


def word_after(text: str, pos: int) -> str:
    r"""The first run of word characters (regex \w) at or after `pos`, passing over anything else ("" if none)."""
    start = pos
    while start < len(text) and not _is_word_char(text[start]):
        start += 1
    end = start
    while end < len(text) and _is_word_char(text[end]):
        end += 1
    return text[start:end]


def inside(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies within one of the regions."""
    return any(a <= start and end <= b for a, b in regions)


def sentence_starts(text: str) -> set[int]:
    """Offsets of the first word of each sentence (after start, end punctuation, or an opening quote)."""
    starts = set()
    for m in re.finditer(r"(?:^|[.!?。！？:;]\s+|\s[-–—]\s+|[\"“«„]\s*)([^\W_])", text):
        starts.add(m.start(1))
    return starts


@lru_cache(maxsize=256)
def load_data(module: str, lang: str) -> dict[str, Any]:
    """The JSON data file `auditor/data/checks/<module>/<lang>.json`, or {} when there is none (cached)."""
    if not lang or not re.fullmatch(r"[a-z]{2,3}", lang):
        return {}
    path = resources.files("auditor").joinpath("data", "checks", module, f"{lang}.json")
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def word_set(module: str, lang: str, key: str) -> frozenset[str]:
    """A list from a data file as a lower-cased frozenset (empty when absent)."""
    return _word_set(module, lang, key)


@lru_cache(maxsize=512)
def _word_set(module: str, lang: str, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_data(module, lang).get(key, ()))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, language-blind stem: lower case, common inflection endings cut (keeps at least 4 letters)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suffix in (
        "ations",
        "ation",
        "ings",
        "ing",
        "ies",
        "ied",
        "ers",
        "er",
        "ed",
        "es",
        "ly",
        "s",
        "e",
        "i",
        "o",
        "a",
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def word_opcodes(side: list[Token], other: list[Token]) -> Sequence[tuple[str, int, int, int, int]]:
    """difflib opcodes (tag, i1, i2, j1, j2) aligning two word lists in order, words compared by `stem`."""
    a = [stem(t.lower) for t in side]
    b = [stem(t.lower) for t in other]
    return SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


@lru_cache(maxsize=1024)
def text_opcodes(side: str, other: str) -> tuple[tuple[str, int, int, int, int], ...]:
    """`word_opcodes` of the `tokens` of two texts (cached: several checks align the same reference and MT)."""
    return tuple(word_opcodes(tokens(side), tokens(other)))


def aligned_words(side: list[Token], other: list[Token]) -> dict[int, int]:
    """Index in `side` -> index in `other` of the words `word_opcodes` aligns (same stem, in order)."""
    pairs: dict[int, int] = {}
    for tag, i1, i2, j1, _ in word_opcodes(side, other):
        if tag == "equal":
            pairs.update({i1 + k: j1 + k for k in range(i2 - i1)})
    return pairs


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance, stopping early once it exceeds `limit` (returns limit + 1 then)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            best = min(best, cur[j])
        if best > limit:
            return limit + 1
        prev = cur
    return prev[-1]
