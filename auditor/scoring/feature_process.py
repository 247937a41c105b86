"""Feature extraction in a second process, so that it does not share one interpreter lock with the checks.

Encoding (the USE tokenizer is pure Python) and sacrebleu's metrics are Python-heavy, as are the checks; in one
process they take turns on the interpreter lock, so two cores do the work of little more than one. A
`FeatureProcess` runs `Scorer.features` in a child process (started with `spawn`, which is safe next to threads)
that loads its own models once; the checks keep the parent's core. The feature rows are the same as in-process.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..config import AuditorConfig
from ..types import Segment
from .scorer import Scorer

_log = logging.getLogger(__name__)
_CHILD_SCORER: Scorer | None = None


def _start_child(config: AuditorConfig) -> None:
    global _CHILD_SCORER
    _CHILD_SCORER = Scorer(config)


def _child_features(segments: Sequence[Segment]) -> list[dict[str, float]]:
    if _CHILD_SCORER is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("the feature process was not initialised")
    return _CHILD_SCORER.features(segments)


class FeatureProcess:
    """`Scorer.features` in one child process; falls back to the in-process scorer if the child dies."""

    def __init__(self, config: AuditorConfig, fallback: Scorer) -> None:
        self._config = config
        self._fallback = fallback
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_child,
                    initargs=(self._config,),
                )
            return self._pool

    def submit(self, segments: Sequence[Segment]) -> Future[list[dict[str, float]]]:
        """Start computing the feature rows of `segments` in the child; `features` collects them."""
        try:
            return self._executor().submit(_child_features, list(segments))
        except BrokenProcessPool:  # the child died since the last batch: start a new one
            self.close()
            return self._executor().submit(_child_features, list(segments))

    def features(self, segments: Sequence[Segment], job: Future[list[dict[str, float]]]) -> list[dict[str, float]]:
        """The rows of a submitted job; computed here instead if the child process has died."""
        try:
            return job.result()
        except BrokenProcessPool:
            _log.warning("the feature process stopped; computing the features in this process")
            self.close()
            return self._fallback.features(segments)

    def close(self) -> None:
        """Stop the child process (a later `submit` starts a new one)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
