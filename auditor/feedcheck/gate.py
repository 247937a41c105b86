"""The quality gate: thresholds (or regressions against a baseline) applied to scored feeds.

`evaluate` returns a `CheckRun`, everything the reports show; `CheckRun.passed` is the verdict. Input errors
are kept apart from violations: the command turns them into exit 3 or 4 before looking at the gate.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..types import Finding, Severity
from .baseline import Comparison
from .config import Thresholds
from .feeds import Feed, ItemError
from .runner import ItemResult, ScoreStats


@dataclass(frozen=True)
class Violation:
    """One broken threshold or regression; item-level ones name the feed, the item and its line."""

    rule: str
    message: str
    feed: str | None = None
    item_id: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class FeedSummary:
    """One feed file: format, counts and its document scores (length-weighted means of its items)."""

    path: str
    format: str
    items: int
    errors: int
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def overall(self) -> float | None:
        return self.scores.get("overall")


@dataclass(frozen=True)
class CheckRun:
    """The outcome of `auditor check`, as the reports show it."""

    signature: dict[str, Any]
    thresholds: Thresholds
    feeds: tuple[FeedSummary, ...]
    results: tuple[ItemResult, ...]
    errors: tuple[ItemError, ...]
    violations: tuple[Violation, ...]
    item_failures: dict[str, tuple[str, ...]]  # ItemResult.key -> reasons
    severity_counts: dict[str, int]
    check_counts: dict[str, int]
    category_counts: dict[str, int]
    comparison: Comparison | None = None
    stats: ScoreStats | None = None
    texts: dict[str, str] = field(default_factory=dict, repr=False)  # feed path -> raw text (for locations)

    @property
    def passed(self) -> bool:
        return not self.violations and not self.errors

    @property
    def mode(self) -> str:
        return "baseline" if self.comparison is not None else "thresholds"

    def summary(self) -> dict[str, Any]:
        """The headline numbers, as JSON."""
        out: dict[str, Any] = {
            "passed": self.passed,
            "mode": self.mode,
            "feeds": len(self.feeds),
            "items": len(self.results),
            "input_errors": len(self.errors),
            "failed_items": len(self.item_failures),
            "violations": len(self.violations),
            "findings": dict(self.severity_counts),
        }
        if self.comparison is not None:
            out["baseline"] = self.comparison.to_dict()
        if self.stats is not None:
            out["scored"], out["cached"] = self.stats.scored, self.stats.cached
        return out


def counted(finding: Finding, thresholds: Thresholds) -> bool:
    """Whether a finding counts for the gate (checks with `ignore = true` do not)."""
    limit = thresholds.checks.get(finding.check)
    return not (limit and limit.ignore)


def evaluate(
    feeds: Sequence[Feed],
    results: Sequence[ItemResult],
    errors: Sequence[ItemError],
    documents: Mapping[str, dict[str, float]],
    thresholds: Thresholds,
    *,
    comparison: Comparison | None = None,
    signature: dict[str, Any] | None = None,
    stats: ScoreStats | None = None,
) -> CheckRun:
    """Apply the thresholds (or, with a comparison, only its regressions) to the scored feeds."""
    failures: dict[str, list[str]] = defaultdict(list)
    violations: list[Violation] = []
    severity_counts: Counter[str] = Counter({s.value: 0 for s in Severity})
    check_counts: Counter[str] = Counter()
    category_counts: Counter[str] = Counter()
    by_key = {r.key: r for r in results}
    for r in results:
        for f in r.result.findings:
            category_counts[f.category.value] += 1
            check_counts[f.check] += 1
            if counted(f, thresholds):
                severity_counts[f.severity.value] += 1
    if comparison is not None:
        for reg in comparison.regressions:
            if reg.item_id is None:
                violations.append(Violation(reg.rule, reg.message, reg.feed))
                continue
            key = f"{reg.feed}::{reg.item_id}"
            failures[key].append(reg.message)
    else:
        _absolute(results, documents, thresholds, failures, violations, severity_counts, check_counts)
    for key, reasons in failures.items():
        r = by_key[key]
        rule = "regression" if comparison is not None else "item-threshold"
        violations.append(Violation(rule, "; ".join(reasons), r.feed, r.item.segment.id, r.item.line))
    per_feed_items = Counter(r.feed for r in results)
    summaries = tuple(
        FeedSummary(
            f.path, f.format, per_feed_items[f.path], sum(e.path == f.path for e in errors), documents.get(f.path, {})
        )
        for f in feeds
    )
    return CheckRun(
        signature=signature or {},
        thresholds=thresholds,
        feeds=summaries,
        results=tuple(results),
        errors=tuple(errors),
        violations=tuple(sorted(violations, key=_violation_order)),
        item_failures={k: tuple(v) for k, v in failures.items()},
        severity_counts=dict(severity_counts),
        check_counts=dict(check_counts.most_common()),
        category_counts=dict(category_counts.most_common()),
        comparison=comparison,
        stats=stats,
        texts={f.path: f.text for f in feeds},
    )


def _absolute(
    results: Sequence[ItemResult],
    documents: Mapping[str, dict[str, float]],
    thresholds: Thresholds,
    failures: dict[str, list[str]],
    violations: list[Violation],
    severity_counts: Counter[str],
    check_counts: Counter[str],
) -> None:
    t = thresholds
    for r in results:
        overall = r.result.scores.get("overall", 0.0)
        if t.min_segment_overall is not None and overall < t.min_segment_overall:
            failures[r.key].append(f"overall score {overall:.1f} is below the minimum {t.min_segment_overall:g}")
        if t.fail_on_severity is not None:
            worst = [f for f in r.result.findings if counted(f, t) and f.severity.rank >= t.fail_on_severity.rank]
            for f in worst:
                failures[r.key].append(f"{f.severity.value} finding {f.check}: {f.message}")
    for feed, scores in sorted(documents.items()):
        doc_overall = scores.get("overall")
        if t.min_document_overall is not None and doc_overall is not None and doc_overall < t.min_document_overall:
            violations.append(
                Violation(
                    "min-document-overall",
                    f"feed overall score {doc_overall:.1f} is below the minimum {t.min_document_overall:g}",
                    feed,
                )
            )
    for severity, limit in sorted(t.max_findings.items(), key=lambda kv: -Severity(kv[0]).rank):
        if severity_counts.get(severity, 0) > limit:
            violations.append(
                Violation(
                    "max-findings", f"{severity_counts[severity]} {severity} findings, more than the {limit} allowed"
                )
            )
    for check, cl in sorted(t.checks.items()):
        if cl.max_findings is not None and check_counts.get(check, 0) > cl.max_findings:
            violations.append(
                Violation(
                    "check-max-findings",
                    f"{check_counts[check]} findings of check {check}, more than the {cl.max_findings} allowed",
                )
            )


def _violation_order(v: Violation) -> tuple[int, str, int]:
    return (0 if v.item_id is None else 1, v.feed or "", v.line or 0)
