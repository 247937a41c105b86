"""Where a finding lies in the feed file: line, column and character offset of its span.

The span is found by looking for the item's text (or, failing that, the span text) verbatim in the raw file,
from the line where the item starts; text that the reader decoded (XML entities, JSON escapes) may not be found,
and then only the item's line is known.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ...types import Finding, Segment
from ..feeds import FeedItem

# How far past the item's first line a span may lie (characters per character of item text, plus slack).
_WINDOW_FACTOR, _WINDOW_SLACK = 4, 4096


@dataclass(frozen=True)
class Region:
    """A 1-based line/column range and the 0-based character offset and length in the file."""

    start_line: int
    start_column: int
    end_line: int | None = None
    end_column: int | None = None
    char_offset: int | None = None
    char_length: int | None = None


class Locator:
    """Locates items and finding spans in the feeds' raw texts."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = texts
        self._starts: dict[str, list[int]] = {}

    def _line_starts(self, feed: str) -> list[int]:
        if feed not in self._starts:
            text = self.texts.get(feed, "")
            self._starts[feed] = [0, *(m.end() for m in re.finditer("\n", text))]
        return self._starts[feed]

    def item(self, item: FeedItem) -> Region:
        return Region(max(1, item.line), max(1, item.column))

    def finding(self, feed: str, item: FeedItem, segment: Segment, finding: Finding) -> Region:
        """The span's region when it can be found in the file, else the item's line."""
        text = self.texts.get(feed, "")
        starts = self._line_starts(feed)
        base = starts[min(max(item.line, 1), len(starts)) - 1]
        side_text = getattr(segment, finding.side.value) or ""
        end = min(len(text), base + _WINDOW_FACTOR * max(len(side_text), 1) + _WINDOW_SLACK)
        span = finding.span
        offset = -1
        if side_text:
            pos = text.find(side_text, base, end)
            if pos >= 0:
                offset = pos + span.start
        if offset < 0 and span.text:
            offset = text.find(span.text, base, end)
        if offset < 0:
            return self.item(item)
        length = span.end - span.start
        line, col = self._line_col(starts, offset)
        end_line, end_col = self._line_col(starts, offset + length)
        return Region(line, col, end_line, end_col, offset, length)

    @staticmethod
    def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1
