"""The service's shared state: one `Auditor` (models loaded once, warm), its batcher, limits and metrics."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

import anyio
import anyio.to_thread

from auditor.pipeline import Auditor
from auditor.types import DocumentInput, Report, Segment, SegmentResult

from .batching import MicroBatcher
from .metrics import ServiceMetrics
from .settings import Settings

log = logging.getLogger("api")

AuditorFactory = Callable[[Settings], Auditor]


def default_auditor(settings: Settings) -> Auditor:
    return Auditor(settings.auditor_config())


class Service:
    """Loads the auditor (in a worker thread), warms it, and runs scoring and audits off the event loop."""

    def __init__(self, settings: Settings, metrics: ServiceMetrics, factory: AuditorFactory = default_auditor) -> None:
        self.settings = settings
        self.metrics = metrics
        self.factory = factory
        self.auditor: Auditor | None = None
        self.signature: dict[str, Any] | None = None
        self.load_error: str | None = None
        self.batcher: MicroBatcher | None = None
        self._audit_limiter = anyio.CapacityLimiter(settings.audit_threads)
        self._loader: asyncio.Task[None] | None = None

    @property
    def ready(self) -> bool:
        return self.auditor is not None and self.batcher is not None and self.signature is not None

    async def start(self) -> None:
        """Start loading; wait for it unless `load_in_background` (then /readyz answers 503 until done)."""
        self._loader = asyncio.get_running_loop().create_task(self._load(), name="load-models")
        if not self.settings.load_in_background:
            await self._loader

    async def wait_ready(self) -> None:
        if self._loader is not None:
            await asyncio.shield(self._loader)

    async def _load(self) -> None:
        try:
            auditor = await anyio.to_thread.run_sync(self._build)
        except Exception as error:
            self.load_error = f"{type(error).__name__}: {error}"
            log.exception("loading the models failed")
            if not self.settings.load_in_background:
                raise
            return
        batcher = MicroBatcher(
            auditor.score_segments,
            max_batch=self.settings.batch_max_segments,
            max_wait=self.settings.batch_wait_ms / 1000,
            threads=self.settings.score_threads,
            max_queued=self.settings.max_queued_segments,
            on_batch=self._observe_batch,
        )
        batcher.start()
        self.batcher = batcher
        self.auditor = auditor
        self.metrics.ready.set(1.0)
        log.info("models loaded and warm: ready")

    def _build(self) -> Auditor:
        auditor = self.factory(self.settings)
        auditor.warm_up(self.settings.warm_up_langs)
        self.signature = auditor.signature()
        return auditor

    def _observe_batch(self, size: int, seconds: float) -> None:
        self.metrics.batch_size.observe(size)
        self.metrics.batch_seconds.observe(seconds)

    async def stop(self) -> None:
        if self._loader is not None and not self._loader.done():
            self._loader.cancel()
            await asyncio.gather(self._loader, return_exceptions=True)
        if self.batcher is not None:
            await self.batcher.aclose()
        self.metrics.ready.set(0.0)

    async def score(self, segments: Sequence[Segment]) -> list[SegmentResult]:
        """Score through the micro-batcher (shared with concurrent requests)."""
        assert self.batcher is not None
        return await self.batcher.submit(segments)

    def render_metrics(self) -> str:
        """The Prometheus text, with the queue length read now."""
        self.metrics.queued.set(float(self.batcher.queued) if self.batcher is not None else 0.0)
        return self.metrics.render()

    async def audit(self, documents: Sequence[DocumentInput]) -> Report:
        """Audit documents in a worker thread (at most `audit_threads` at a time)."""
        assert self.auditor is not None
        return await anyio.to_thread.run_sync(self.auditor.audit, list(documents), limiter=self._audit_limiter)
