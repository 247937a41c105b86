"""A small thread-safe Prometheus registry (counters, gauges, histograms) rendered in the text exposition format."""

from __future__ import annotations

import bisect
import threading
from collections.abc import Sequence

LabelValues = tuple[str, ...]

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(names: Sequence[str], values: LabelValues, extra: str = "") -> str:
    parts = [f'{n}="{_escape(v)}"' for n, v in zip(names, values, strict=True)]
    if extra:
        parts.append(extra)
    return "{" + ",".join(parts) + "}" if parts else ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class _Metric:
    kind = "untyped"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        self.name = name
        self.help = help_text
        self.label_names = tuple(labels)
        self._lock = threading.Lock()

    def header(self) -> list[str]:
        return [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]

    def render(self) -> list[str]:
        raise NotImplementedError


class Counter(_Metric):
    """A monotonically increasing count per label set."""

    kind = "counter"

    def __init__(self, name: str, help_text: str, labels: Sequence[str] = ()) -> None:
        super().__init__(name, help_text, labels)
        self._values: dict[LabelValues, float] = {}

    def inc(self, *labels: str, amount: float = 1.0) -> None:
        with self._lock:
            self._values[labels] = self._values.get(labels, 0.0) + amount

    def value(self, *labels: str) -> float:
        with self._lock:
            return self._values.get(labels, 0.0)

    def render(self) -> list[str]:
        with self._lock:
            items = sorted(self._values.items())
        if not items and not self.label_names:
            items = [((), 0.0)]
        return [*self.header(), *(f"{self.name}{_labels(self.label_names, k)} {_number(v)}" for k, v in items)]


class Gauge(Counter):
    """A value that goes up and down."""

    kind = "gauge"

    def set(self, value: float, *labels: str) -> None:
        with self._lock:
            self._values[labels] = value

    def dec(self, *labels: str, amount: float = 1.0) -> None:
        self.inc(*labels, amount=-amount)


class Histogram(_Metric):
    """Observations counted in cumulative buckets, with their sum and count."""

    kind = "histogram"

    def __init__(
        self, name: str, help_text: str, labels: Sequence[str] = (), buckets: Sequence[float] = LATENCY_BUCKETS
    ) -> None:
        super().__init__(name, help_text, labels)
        self.buckets = tuple(sorted(buckets))
        self._counts: dict[LabelValues, list[int]] = {}
        self._sums: dict[LabelValues, float] = {}

    def observe(self, value: float, *labels: str) -> None:
        index = bisect.bisect_left(self.buckets, value)
        with self._lock:
            counts = self._counts.setdefault(labels, [0] * (len(self.buckets) + 1))
            counts[index] += 1
            self._sums[labels] = self._sums.get(labels, 0.0) + value

    def render(self) -> list[str]:
        lines = self.header()
        with self._lock:
            items = sorted((k, list(v), self._sums[k]) for k, v in self._counts.items())
        for key, counts, total in items:
            running = 0
            for bound, count in zip([*self.buckets, float("inf")], counts, strict=True):
                running += count
                le = "+Inf" if bound == float("inf") else _number(bound)
                bucket_labels = _labels(self.label_names, key, f'le="{le}"')
                lines.append(f"{self.name}_bucket{bucket_labels} {running}")
            lines.append(f"{self.name}_sum{_labels(self.label_names, key)} {_number(total)}")
            lines.append(f"{self.name}_count{_labels(self.label_names, key)} {running}")
        return lines


class ServiceMetrics:
    """The metrics the service exports on /metrics."""

    def __init__(self) -> None:
        self.requests = Counter(
            "auditor_http_requests_total", "HTTP requests by method, route and status.", ("method", "route", "status")
        )
        self.latency = Histogram(
            "auditor_http_request_duration_seconds", "HTTP request latency by route.", ("method", "route")
        )
        self.errors = Counter("auditor_http_errors_total", "Error responses by error code.", ("code",))
        self.segments = Counter("auditor_segments_scored_total", "Segments scored by POST /v1/score.")
        self.documents = Counter("auditor_documents_audited_total", "Documents audited by POST /v1/audit.")
        self.batch_size = Histogram(
            "auditor_score_batch_segments", "Segments per micro-batch sent to the scorer.", buckets=SIZE_BUCKETS
        )
        self.batch_seconds = Histogram("auditor_score_batch_duration_seconds", "Time to score one micro-batch.")
        self.queued = Gauge("auditor_score_queue_segments", "Segments waiting to be scored.")
        self.ready = Gauge("auditor_ready", "1 once the models are loaded and warm, else 0.")
        self.ready.set(0.0)

    def render(self) -> str:
        metrics: list[_Metric] = [
            self.requests,
            self.latency,
            self.errors,
            self.segments,
            self.documents,
            self.batch_size,
            self.batch_seconds,
            self.queued,
            self.ready,
        ]
        return "\n".join(line for m in metrics for line in m.render()) + "\n"
