"""Proper names of a source written in a script without a Latin alphabet's cues: Chinese (jieba's part-of-speech
tags), Japanese (MeCab's proper nouns, with their katakana readings) and cased scripts such as Cyrillic
(capitalised words inside a sentence). Each name comes with its romanisation, so that an MT that spells it
("Masuda" for 増田, "Kumamoto" for 熊本) can be matched letter by letter.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from anyascii import anyascii

from ._text import load_data, sentence_starts, tokens

MODULE = "numbers"  # names data lives with the other name knowledge: data/checks/numbers/<lang>.json
# jieba tags of proper names: person (nr, nrfg, nrt), place (ns), organisation (nt), other proper noun (nz)
_JIEBA_NAME_TAGS = ("nr", "ns", "nt", "nz")
_TAGGER_LOCK = threading.Lock()  # the service checks in worker threads: one MeCab or jieba call at a time


@dataclass(frozen=True)
class SourceName:
    """A name of the source: its offsets, text and a romanisation (pinyin, the katakana reading, or the letters)."""

    start: int
    end: int
    text: str
    romanised: str


def source_names(text: str, lang: str) -> list[SourceName]:
    """The proper names of a Chinese, Japanese or cased non-Latin source (Cyrillic, Greek), in order; none for other
    languages (a Latin-script source's names are read by `numbers.name_units`)."""
    if lang == "zh":
        names = _chinese_names(text)
    elif lang == "ja":
        names = _japanese_names(text)
    elif lang and any(c.isupper() and not c.isascii() for c in text):
        names = _capitalised_names(text)
    else:
        return []
    skip = frozenset(load_data(MODULE, lang).get("source_not_names", ()))  # Japanese era names: 明治, 昭和 ...
    return [n for n in names if n.text not in skip]


def _chinese_names(text: str) -> list[SourceName]:
    out, pos = [], 0
    for word, flag in _jieba_pairs(text):
        start = text.find(word, pos)
        if start < 0:
            continue
        pos = start + len(word)
        # one character is too often a mis-tagged function word (暨 "and") to stand for a name
        if len(word) > 1 and flag.startswith(_JIEBA_NAME_TAGS):
            out.append(SourceName(start, pos, word, anyascii(word)))
    return out


def _jieba_pairs(text: str) -> list[tuple[str, str]]:
    import jieba.posseg

    with _TAGGER_LOCK:
        return [(pair.word, pair.flag) for pair in jieba.posseg.cut(text)]


def _japanese_names(text: str) -> list[SourceName]:
    out: list[SourceName] = []
    pos, run_start, run_text, run_reading = 0, -1, "", ""
    for surface, features in _mecab_nodes(text):
        start = text.find(surface, pos)
        if start < 0:
            continue
        pos = start + len(surface)
        if features[:2] == ["名詞", "固有名詞"]:
            if run_start < 0 or start != run_start + len(run_text):
                _close_run(out, run_start, run_text, run_reading)
                run_start, run_text, run_reading = start, "", ""
            run_text += surface
            run_reading += features[7] if len(features) > 7 and features[7] != "*" else surface
        else:
            _close_run(out, run_start, run_text, run_reading)
            run_start, run_text, run_reading = -1, "", ""
    _close_run(out, run_start, run_text, run_reading)
    return out


def _close_run(out: list[SourceName], start: int, text: str, reading: str) -> None:
    if start >= 0 and text:
        out.append(SourceName(start, start + len(text), text, anyascii(reading)))


def _mecab_nodes(text: str) -> list[tuple[str, list[str]]]:
    nodes = []
    with _TAGGER_LOCK:
        parsed = _mecab_tagger().parse(text)
    for line in parsed.splitlines():
        if "\t" not in line:
            continue
        surface, features = line.split("\t", 1)
        nodes.append((surface, features.split(",")))
    return nodes


@lru_cache(maxsize=1)
def _mecab_tagger() -> Any:
    import ipadic
    import MeCab

    return MeCab.Tagger(ipadic.MECAB_ARGS)


def _capitalised_names(text: str) -> list[SourceName]:
    """Capitalised words inside a sentence of a cased script; Latin-script words are left to the Latin reader."""
    starts = sentence_starts(text)
    return [
        SourceName(t.start, t.end, t.text, anyascii(t.text))
        for t in tokens(text)
        if t.text[:1].isupper() and t.start not in starts and not t.text.isascii() and len(t.text) > 1
    ]
