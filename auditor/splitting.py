"""Language-aware, rule-based sentence splitting with character offsets.

Paragraphs are separated by blank lines. Inside a paragraph a sentence ends at terminal punctuation (. ! ? … and
the CJK 。！？), after any closing quotes or brackets, when whitespace follows (CJK: at once) and the next word does
not start in lower case. A period does not end a sentence after an abbreviation, an initial, a dotted acronym, a
list number at the start of a line, or (in languages such as German) an ordinal number. A line with no final
punctuation (a headline) ends a sentence unless the next line starts in lower case or the paragraph is hard-wrapped.

Abbreviations live in `data/abbreviations/<lang>.txt`, merged over `default.txt` (see that file for the format).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from types import MappingProxyType

from .types import Sentence

_LB = r"(?:\r\n|[\n\r\x85\u2028\u2029])"
_HWS = r"[^\S\n\r\x85\u2028\u2029]"
_PARAGRAPH = re.compile(rf"{_LB}(?:{_HWS}*{_LB})+")
_LINE_BREAK = re.compile(_LB)

_CJK_STOPS = "。！？｡"
_STOPS = ".!?…‽؟।॥" + _CJK_STOPS
_CLOSERS = "\"'”’»›“‘«‹)]}」』）】〉》〕］｝"
_OPENERS = "\"'“‘„‚«‹»›¿¡([{「『（【〈《〔［｛"
_CONTINUATION = ",;:-–—‐/&+(=·"
_CLOSING = f"(?:[{re.escape(_CLOSERS)}]|[ \u00a0\u202f]+[»›](?!\\S))*"  # French: « Oui. »
_CANDIDATE = re.compile(f"[{re.escape(_STOPS)}]+{_CLOSING}")
_LIST_MARKER = re.compile(r"[•·▪◦*\-–—]\s|\d{1,3}[.)]\s|[a-z][)]\s")
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
_ROMAN = re.compile(r"[IVXLCDM]{1,5}|[ivxlcdm]{1,5}")
_WORD = re.compile(r"\w+")
_LANG_KEY = re.compile(r"[a-z]{2,3}")

_PLAIN, _FINAL, _NUMERIC = "plain", "final", "numeric"
_TOKEN_WINDOW = 64
_WRAP_SHORT = 0.6  # in a hard-wrapped paragraph, lines shorter than this share of the width are headlines


@dataclass(frozen=True)
class Abbreviations:
    """Per-language abbreviation classes (entries without the final period) and language options."""

    kinds: Mapping[str, str]
    ordinal_dot: bool = False
    starters: frozenset[str] = frozenset()

    def kind(self, token: str) -> str | None:
        """Class of `token` (plain, final or numeric), also matching a capitalised form of a lowercase entry."""
        found = self.kinds.get(token)
        if found is None and token[:1].isupper():
            found = self.kinds.get(token[0].lower() + token[1:])
        return found


def _lang_key(lang: str | None) -> str | None:
    if not lang:
        return None
    key = lang.strip().lower().replace("_", "-").split("-")[0]
    return key if _LANG_KEY.fullmatch(key) else None


def _read_list(name: str) -> tuple[dict[str, str], bool, set[str]] | None:
    path = resources.files("auditor").joinpath("data", "abbreviations", f"{name}.txt")
    if not path.is_file():
        return None
    kinds: dict[str, str] = {}
    ordinal = False
    starters: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line == "@ordinal-dot":
            ordinal = True
        elif line[0] == "^":
            starters.add(line[1:])
        elif line[0] == "=":
            kinds[line[1:].rstrip(".")] = _FINAL
        elif line[0] == "+":
            kinds[line[1:].rstrip(".")] = _NUMERIC
        else:
            kinds[line.rstrip(".")] = _PLAIN
    return kinds, ordinal, starters


@lru_cache(maxsize=64)
def load_abbreviations(lang: str | None) -> Abbreviations:
    """Abbreviations of `lang` merged over the fallback list (unknown or missing languages get the fallback)."""
    base = _read_list("default")
    kinds = dict(base[0]) if base else {}
    ordinal = False
    starters: set[str] = set()
    key = _lang_key(lang)
    own = _read_list(key) if key and key != "default" else None
    if own:
        kinds.update(own[0])
        ordinal, starters = own[1], own[2]
    return Abbreviations(MappingProxyType(kinds), ordinal, frozenset(starters))


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-blank paragraphs of `text` (paragraphs are separated by blank lines)."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            lead = len(chunk) - len(chunk.lstrip())
            ranges.append((pos + lead, pos + lead + len(stripped)))
        if m:
            pos = m.end()
    return ranges


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Sentences of `text` with offsets into `text`; `Sentence.paragraph` numbers the paragraphs from 0."""
    abbrev = load_abbreviations(lang)
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        cuts = [p_start]
        for c_start, c_end in _chunks(text, p_start, p_end):
            cuts.extend(_boundaries(text, c_start, c_end, abbrev))
            cuts.append(c_end)
        for s0, s1 in pairwise(cuts):
            piece = text[s0:s1]
            stripped = piece.strip()
            if stripped:
                s = s0 + len(piece) - len(piece.lstrip())
                out.append(Sentence(stripped, s, s + len(stripped), p_index))
    return out


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a paragraph at the line breaks that end a sentence without punctuation (headlines)."""
    lines: list[tuple[int, int]] = []
    pos = start
    for m in _LINE_BREAK.finditer(text, start, end):
        lines.append((pos, m.start()))
        pos = m.end()
    lines.append((pos, end))
    if len(lines) == 1:
        return [(start, end)]
    lengths = [len(text[a:b].strip()) for a, b in lines]
    width = max(lengths[:-1])
    wrapped = (
        len(lines) >= 3
        and 30 <= width <= 160
        and sum(n >= _WRAP_SHORT * width for n in lengths[:-1]) >= 0.6 * (len(lines) - 1)
    )
    chunks: list[tuple[int, int]] = []
    c_start = start
    for i, (a, b) in enumerate(lines[:-1]):
        line = text[a:b].rstrip()
        nxt_line = text[lines[i + 1][0] : lines[i + 1][1]].lstrip()
        if line and _LIST_MARKER.match(nxt_line) and line[-1] not in ",;":
            chunks.append((c_start, b))
            c_start = lines[i + 1][0]
            continue
        core = line.rstrip(_CLOSERS)
        if not core or core[-1] in _STOPS or line[-1] in _CONTINUATION:
            continue  # terminal punctuation is handled by `_boundaries`
        if _next_class(text, lines[i + 1][0], end) == "lower":
            continue
        if wrapped and lengths[i] >= _WRAP_SHORT * width:
            continue
        chunks.append((c_start, b))
        c_start = lines[i + 1][0]
    chunks.append((c_start, end))
    return chunks


def _next_class(text: str, pos: int, end: int) -> str:
    """Class of the first character of the next word: lower, upper, digit, other (uncased letter), punct or end."""
    while pos < end and (text[pos].isspace() or text[pos] in _OPENERS):
        pos += 1
    if pos >= end:
        return "end"
    c = text[pos]
    if c.islower():
        return "lower"
    if c.isupper() or c.istitle():
        return "upper"
    if c.isdigit():
        return "digit"
    if c.isalpha():
        return "other"
    return "punct"


def _token_before(text: str, pos: int, start: int) -> tuple[str, bool]:
    """The word ending at `pos` (leading quotes and brackets removed) and whether it starts a line."""
    lo = max(start, pos - _TOKEN_WINDOW)
    i = pos
    while i > lo and not text[i - 1].isspace():
        i -= 1
    token = text[i:pos].lstrip(_OPENERS)
    j = i
    while j > start and text[j - 1] in " \t" + _OPENERS:
        j -= 1
    return token, j == start or text[j - 1] in "\n\r\x85\u2028\u2029"


def _boundaries(text: str, start: int, end: int, abbrev: Abbreviations) -> list[int]:
    """End offsets of the sentences inside one chunk (excluding the chunk end)."""
    cuts: list[int] = []
    for m in _CANDIDATE.finditer(text, start, end):
        stop_end = m.end()
        if stop_end >= end:
            break
        punct = m.group().rstrip(_CLOSERS + " \u00a0\u202f")
        if punct[-1] in _CJK_STOPS:
            cuts.append(stop_end)
            continue
        if not text[stop_end].isspace():
            continue
        nxt = _next_class(text, stop_end, end)
        if nxt == "end":
            continue
        if punct != ".":
            ellipsis = "…" in punct or punct.startswith("..")
            if nxt in (("upper", "other") if ellipsis else ("upper", "other", "digit", "punct")):
                cuts.append(stop_end)
            continue
        if nxt != "lower" and _period_ends(text, m.start(), start, end, nxt, abbrev):
            cuts.append(stop_end)
    return cuts


def _next_word(text: str, pos: int, end: int) -> str:
    m = _WORD.search(text, pos, min(end, pos + _TOKEN_WINDOW))
    return m.group() if m else ""


def _period_ends(text: str, pos: int, start: int, end: int, nxt: str, abbrev: Abbreviations) -> bool:
    """Whether the period at `pos`, followed by a word of class `nxt` (not lower case), ends a sentence."""
    token, at_start = _token_before(text, pos, start)
    if not token:
        return True
    kind = abbrev.kind(token)
    if kind == _PLAIN or (kind is None and _DOTTED.fullmatch(token)):
        # "U.S." and "Dr." go on, except before a word that starts sentences ("in the U.S. The ...")
        return bool(abbrev.starters) and _next_word(text, pos + 1, end) in abbrev.starters
    if kind == _FINAL:  # "etc. The" ends, "Ill. (AP)" does not
        return nxt in ("upper", "other") and text[pos + 1 : end].lstrip()[:1] not in "(["
    if kind == _NUMERIC and nxt == "digit":
        return False
    if len(token) == 1 and token.isalpha() and token.isupper():
        return False  # an initial: "J. R. R. Tolkien"
    if token.isdigit():
        if at_start:
            return False  # a numbered list item
        if abbrev.ordinal_dot and len(token) <= 3 and nxt in ("upper", "other"):
            return False  # "am 3. Oktober"
    return not (at_start and _ROMAN.fullmatch(token))
