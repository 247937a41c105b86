"""Micro-batching: concurrent /v1/score requests are merged into shared `score_segments` calls.

Requests queue their segments; when a worker slot is free the batcher waits until the oldest request has
waited `max_wait` seconds (or `max_batch` segments are queued), then fills a batch of up to `max_batch`
segments: the oldest request first gets a guaranteed share (a quarter of the batch, so nothing starves), then
requests with the fewest segments left go first (shortest-remaining-first keeps the mean latency low and lets
one-segment requests overtake a 256-segment one). Requests whose client went away are dropped.
The scoring runs in a worker thread; the event loop only moves segments and results.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import anyio
import anyio.to_thread

from auditor.errors import AuditorError
from auditor.types import Segment, SegmentResult

log = logging.getLogger("api")

ScoreFn = Callable[[Sequence[Segment]], list[SegmentResult]]


class QueueFull(Exception):
    """More segments are waiting than the service accepts; the client should retry later."""


@dataclass(eq=False)
class _Job:
    segments: Sequence[Segment]
    future: asyncio.Future[list[SegmentResult]]
    arrived: float
    results: list[SegmentResult | None] = field(default_factory=list)
    taken: int = 0  # segments handed to batches so far
    done: int = 0  # segments with results

    @property
    def waiting(self) -> int:
        return len(self.segments) - self.taken


@dataclass(frozen=True)
class _Part:
    job: _Job
    start: int
    end: int


class MicroBatcher:
    """Merges concurrent scoring requests into batches of at most `max_batch` segments."""

    def __init__(
        self,
        score: ScoreFn,
        *,
        max_batch: int = 64,
        max_wait: float = 0.005,
        threads: int = 1,
        max_queued: int = 4096,
        on_batch: Callable[[int, float], None] | None = None,
    ) -> None:
        self._score = score
        self.max_batch = max_batch
        self.max_wait = max_wait
        self.max_queued = max_queued
        self._on_batch = on_batch
        self._limiter = anyio.CapacityLimiter(threads)
        self._slots = asyncio.Semaphore(threads)
        self._jobs: list[_Job] = []
        self._arrival = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[None]] = set()

    @property
    def queued(self) -> int:
        """Segments submitted and not yet handed to a batch."""
        return sum(j.waiting for j in self._jobs if not j.future.done())

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._loop(), name="micro-batcher")

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self._running:
            await asyncio.gather(*self._running, return_exceptions=True)
        for job in self._jobs:
            if not job.future.done():
                job.future.set_exception(RuntimeError("the service is shutting down"))
        self._jobs.clear()

    async def submit(self, segments: Sequence[Segment]) -> list[SegmentResult]:
        """Score `segments` (in order) as part of whatever batches form; raises `QueueFull` when overloaded."""
        if not segments:
            return []
        if self._task is None:
            raise RuntimeError("the batcher is not started")
        if self.queued + len(segments) > self.max_queued:
            raise QueueFull(f"{self.queued} segments are already waiting (limit {self.max_queued})")
        loop = asyncio.get_running_loop()
        job = _Job(segments, loop.create_future(), time.monotonic(), [None] * len(segments))
        self._jobs.append(job)
        self._arrival.set()
        return await job.future

    # -- the loop ---------------------------------------------------------------------------------------------

    async def _loop(self) -> None:
        while True:
            self._drop_finished()
            if not self._jobs:
                self._arrival.clear()
                await self._arrival.wait()
                continue
            await self._slots.acquire()
            try:
                await self._collect()
                parts = self._take_batch()
            except BaseException:
                self._slots.release()
                raise
            if not parts:
                self._slots.release()
                continue
            task = asyncio.get_running_loop().create_task(self._execute(parts))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _collect(self) -> None:
        """Wait until the oldest request has waited `max_wait` or a full batch is queued."""
        while True:
            self._drop_finished()
            if not self._jobs or self.queued >= self.max_batch:
                return
            remaining = self._jobs[0].arrived + self.max_wait - time.monotonic()
            if remaining <= 0:
                return
            self._arrival.clear()
            try:
                await asyncio.wait_for(self._arrival.wait(), remaining)
            except TimeoutError:
                return

    def _drop_finished(self) -> None:
        """Forget requests fully handed out, or whose client went away (cancelled future)."""
        self._jobs = [j for j in self._jobs if j.waiting > 0 and not j.future.done()]

    def _take_batch(self) -> list[_Part]:
        """Up to `max_batch` segments: a share for the oldest request, then the shortest requests first."""
        counts = {id(j): 0 for j in self._jobs}
        capacity = self.max_batch
        if self._jobs:
            oldest = self._jobs[0]
            counts[id(oldest)] = min(oldest.waiting, max(1, self.max_batch // 4), capacity)
            capacity -= counts[id(oldest)]
        for job in sorted(self._jobs, key=lambda j: j.waiting - counts[id(j)]):
            if capacity <= 0:
                break
            extra = min(job.waiting - counts[id(job)], capacity)
            counts[id(job)] += extra
            capacity -= extra
        parts = []
        for job in self._jobs:
            count = counts[id(job)]
            if count:
                parts.append(_Part(job, job.taken, job.taken + count))
                job.taken += count
        return parts

    async def _execute(self, parts: list[_Part]) -> None:
        try:
            segments = [s for p in parts for s in p.job.segments[p.start : p.end]]
            started = time.perf_counter()
            try:
                results = await anyio.to_thread.run_sync(self._score, segments, limiter=self._limiter)
            except AuditorError:
                if len(parts) == 1:
                    raise
                # a bad request must not fail the others merged with it: score each request's part on its own
                for part in parts:
                    await self._execute_alone(part)
                return
            if self._on_batch:
                self._on_batch(len(segments), time.perf_counter() - started)
            offset = 0
            for part in parts:
                size = part.end - part.start
                self._deliver(part, results[offset : offset + size])
                offset += size
        except Exception as error:
            for part in parts:
                self._fail(part.job, error)
        finally:
            self._slots.release()

    async def _execute_alone(self, part: _Part) -> None:
        if part.job.future.done():
            return
        segments = list(part.job.segments[part.start : part.end])
        try:
            results = await anyio.to_thread.run_sync(self._score, segments, limiter=self._limiter)
        except Exception as error:
            self._fail(part.job, error)
            return
        self._deliver(part, results)

    def _deliver(self, part: _Part, results: Sequence[SegmentResult]) -> None:
        job = part.job
        if job.future.done():
            return
        job.results[part.start : part.end] = results
        job.done += len(results)
        if job.done == len(job.segments):
            job.future.set_result([r for r in job.results if r is not None])

    def _fail(self, job: _Job, error: Exception) -> None:
        if not job.future.done():
            job.future.set_exception(error)
