"""Feature extraction in a second process, so that it does not share one interpreter lock with the checks.

Encoding (the USE tokenizer is pure Python) and sacrebleu's metrics are Python-heavy, as are the checks; in one
process they take turns on the interpreter lock, so two cores do the work of little more than one. A
`FeatureProcess` runs `Scorer.features` in a child process (started with `spawn`, which is safe next to threads)
that loads its own models once; the checks keep the parent's core. The checks marked `beside_features` run in the
child too, after the features (they need no parse, and encode what the features encode): that moves work off the
parent, which parses. Feature rows and findings are the same as in-process.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from ..checks.runner import CheckRunner
from ..config import AuditorConfig
from ..types import Finding, Segment
from .scorer import Scorer

_log = logging.getLogger(__name__)
_CHILD: tuple[Scorer, CheckRunner] | None = None

Rows = list[dict[str, float]]
Findings = list[list[Finding]]


def split_beside_features(runner: CheckRunner) -> tuple[CheckRunner, CheckRunner]:
    """The checks of `runner` that run in the main process, and those that run in the feature process."""
    return runner.subset(lambda check: not check.beside_features), runner.subset(lambda check: check.beside_features)


def _start_child(config: AuditorConfig) -> None:
    global _CHILD
    _CHILD = (Scorer(config), split_beside_features(CheckRunner(config))[1])


def _child_work(segments: Sequence[Segment], as_document: bool) -> tuple[Rows, Findings]:
    if _CHILD is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("the feature process was not initialised")
    scorer, checks = _CHILD
    return scorer.features(segments), checks.run(segments, as_document=as_document)


class FeatureProcess:
    """`Scorer.features` and the checks beside them in one child process; falls back to the in-process scorer
    and checks (`fallback`, `fallback_checks`: the second runner of `split_beside_features`) if the child dies."""

    def __init__(self, config: AuditorConfig, fallback: Scorer, fallback_checks: CheckRunner) -> None:
        self._config = config
        self._fallback = fallback
        self._fallback_checks = fallback_checks
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

    def submit(self, segments: Sequence[Segment], as_document: bool = False) -> Future[tuple[Rows, Findings]]:
        """Start computing the feature rows and the findings of the checks beside them (document-level ones too
        with `as_document`) in the child; `results` collects them."""
        try:
            return self._executor().submit(_child_work, list(segments), as_document)
        except BrokenProcessPool:  # the child died since the last batch: start a new one
            self.close()
            return self._executor().submit(_child_work, list(segments), as_document)

    def results(
        self, segments: Sequence[Segment], job: Future[tuple[Rows, Findings]], as_document: bool = False
    ) -> tuple[Rows, Findings]:
        """The rows and findings of a submitted job; computed here instead if the child process has died."""
        try:
            return job.result()
        except BrokenProcessPool:
            _log.warning("the feature process stopped; computing the features in this process")
            self.close()
            return self._fallback.features(segments), self._fallback_checks.run(segments, as_document=as_document)

    def close(self) -> None:
        """Stop the child process (a later `submit` starts a new one)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
