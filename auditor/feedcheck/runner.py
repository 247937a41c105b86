"""Scores the items of feeds with an `Auditor`, taking unchanged items from the cache.

An item the pipeline rejects (bad language code, missing text) becomes an `ItemError`; the other items of its
batch are still scored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..errors import InputError, LanguageError, ValidationError
from ..pipeline import Auditor
from ..types import SegmentResult
from .cache import ResultCache, item_key, result_from_json, result_to_json, signature_hash
from .feeds import Feed, FeedItem, ItemError

# Errors that belong to one item; configuration and model errors stop the run.
_ITEM_ERRORS = (InputError, ValidationError, LanguageError)


@dataclass(frozen=True)
class ItemResult:
    """A scored item: the feed it came from, the item (with its line) and the pipeline's result."""

    feed: str
    item: FeedItem
    result: SegmentResult

    @property
    def key(self) -> str:
        """Identity across runs (baselines): feed path and item id."""
        return f"{self.feed}::{self.item.segment.id}"


@dataclass(frozen=True)
class ScoreStats:
    """How much work a run did."""

    items: int
    scored: int
    cached: int
    seconds: float


def score_feeds(
    auditor: Auditor,
    feeds: Sequence[Feed],
    *,
    cache: ResultCache | None = None,
    batch_size: int = 64,
    allowed_pairs: Sequence[str] = (),
    signature_digest: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[ItemResult], list[ItemError], ScoreStats]:
    """Results in feed and item order, item errors (pipeline rejections, language pairs) and statistics.

    The cache key uses `signature_digest` (default: the hash of `auditor.signature()`, taken before scoring).
    """
    started = time.perf_counter()
    work = [(feed.path, item) for feed in feeds for item in feed.items]
    digest = signature_digest or signature_hash(auditor.signature())
    keys = [item_key(item.segment, digest) for _, item in work]
    hits = cache.get_many(keys) if cache is not None else {}
    results: dict[int, SegmentResult] = {}
    errors: list[ItemError] = []
    todo: list[int] = []
    for index, ((_, item), key) in enumerate(zip(work, keys, strict=True)):
        if key in hits:
            results[index] = result_from_json(hits[key], item.segment)
        else:
            todo.append(index)
    if progress is not None and len(work) > len(todo):
        progress(len(work) - len(todo))  # cached items count as done
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        scored = _score_batch(auditor, [work[i] for i in batch], errors)
        fresh = {i: r for i, r in zip(batch, scored, strict=True) if r is not None}
        results.update(fresh)
        if cache is not None:
            cache.put_many((keys[i], result_to_json(r)) for i, r in fresh.items())
        if progress is not None:
            progress(len(batch))
    out: list[ItemResult] = []
    for index, (feed, item) in enumerate(work):
        result = results.get(index)
        if result is None:
            continue
        seg = result.segment
        pair = f"{seg.src_lang or '?'}-{seg.tgt_lang or '?'}"
        if allowed_pairs and pair not in allowed_pairs:
            errors.append(
                ItemError(
                    feed, f"language pair {pair} is not one of {', '.join(allowed_pairs)}", "invalid", seg.id, item.line
                )
            )
            continue
        out.append(ItemResult(feed, item, result))
    stats = ScoreStats(len(work), len(todo), len(work) - len(todo), time.perf_counter() - started)
    return out, errors, stats


def _score_batch(
    auditor: Auditor, batch: Sequence[tuple[str, FeedItem]], errors: list[ItemError]
) -> list[SegmentResult | None]:
    """Score a batch; when the pipeline rejects an item, score item by item to find the culprits."""
    try:
        return list(auditor.score_segments([item.segment for _, item in batch]))
    except _ITEM_ERRORS:
        pass
    out: list[SegmentResult | None] = []
    for feed, item in batch:
        try:
            out.append(auditor.score_segments([item.segment])[0])
        except _ITEM_ERRORS as err:
            kind = "unreadable" if isinstance(err, InputError) else "invalid"
            errors.append(ItemError(feed, err.problem, kind, item.segment.id, item.line, item.column))
            out.append(None)
    return out


def document_scores(auditor: Auditor, results: Sequence[ItemResult]) -> dict[str, dict[str, float]]:
    """Per feed: the scorer's document scores, items weighted by MT length."""
    by_feed: dict[str, list[ItemResult]] = {}
    for r in results:
        by_feed.setdefault(r.feed, []).append(r)
    return {
        feed: auditor.scorer.document_scores(
            [r.result.scores for r in rs], [max(1, len(r.result.segment.mt)) for r in rs]
        )
        for feed, rs in by_feed.items()
    }
