"""Language-aware sentence splitting with character offsets (first version: punctuation + paragraph breaks)."""

from __future__ import annotations

import re

from .types import Sentence

_PARAGRAPH = re.compile(r"\n\s*\n")
_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[\"“«A-ZÀ-Ý])")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-blank paragraphs of `text` (paragraphs are separated by blank lines)."""
    ranges: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            ranges.append((pos + lead, pos + len(chunk.rstrip())))
        if m:
            pos = m.end()
    return ranges


def split_sentences(text: str, lang: str | None = None) -> list[Sentence]:
    """Sentences of `text` with offsets into `text`; `Sentence.paragraph` numbers the paragraphs from 0."""
    out: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        pos = p_start
        for m in [*_BOUNDARY.finditer(text, p_start, p_end), None]:
            end = m.start() if m else p_end
            piece = text[pos:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                s, e = pos + lead, pos + len(piece.rstrip())
                out.append(Sentence(text[s:e], s, e, p_index))
            if m:
                pos = m.end()
    return out
