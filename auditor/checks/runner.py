"""Runs the enabled checks over segments, applying the configured severities.

Check weights (`AuditorConfig.check_weights`) are applied where findings turn into scores.
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
from collections.abc import Callable, Sequence

from ..config import AuditorConfig
from ..errors import ConfigError
from ..types import Finding, Segment
from .base import CHECKS, Check, CheckContext


def load_all_checks() -> dict[str, type[Check]]:
    """Import every module of `auditor.checks` so that their checks register; return the registry."""
    package = importlib.import_module("auditor.checks")
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_") and info.name not in {"base", "runner"}:
            importlib.import_module(f"auditor.checks.{info.name}")
    return CHECKS


class CheckRunner:
    """Instantiates the checks chosen by the configuration and runs them segment by segment."""

    def __init__(self, config: AuditorConfig) -> None:
        registry = load_all_checks()
        names = (
            list(config.checks_enabled)
            if config.checks_enabled is not None
            else [n for n in sorted(registry) if registry[n].on_by_default(config)]
        )
        unknown = [n for n in [*names, *config.checks_disabled, *config.severity_overrides] if n not in registry]
        if unknown:
            raise ConfigError(
                f"unknown check(s): {', '.join(sorted(set(unknown)))}",
                fix="run `auditor checks list` to see the check names",
            )
        self.checks: list[Check] = [
            registry[n](severity=config.severity_overrides.get(n), weight=config.check_weights.get(n, 1.0))
            for n in names
            if n not in config.checks_disabled
        ]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.checks]

    def subset(self, keep: Callable[[Check], bool]) -> CheckRunner:
        """A runner of this one's checks for which `keep` holds (the same check objects)."""
        runner = copy.copy(self)
        runner.checks = [c for c in self.checks if keep(c)]
        return runner

    def run(self, segments: Sequence[Segment], *, as_document: bool = False) -> list[list[Finding]]:
        """Findings per segment, sorted by position; `as_document` also runs document-level checks."""
        results: list[list[Finding]] = [[] for _ in segments]
        for check in self.checks:
            check.prepare(segments)
        for index, segment in enumerate(segments):
            ctx = CheckContext(segment, segments if as_document else (segment,), index if as_document else 0)
            for check in self.checks:
                if check.needs.satisfied_by(segment):
                    results[index].extend(check.with_configured_severity(f) for f in check.check_segment(ctx))
        if as_document:
            for check in self.checks:
                for index, finding in check.check_document(segments):
                    results[index].append(check.with_configured_severity(finding))
        return [sort_findings(findings) for findings in results]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Findings in report order: the MT's first, then by side, position and check name (sorted in place)."""
    findings.sort(key=lambda f: (f.side.value != "mt", f.side.value, f.span.start, f.span.end, f.check))
    return findings


def merge_findings(*parts: Sequence[Sequence[Finding]]) -> list[list[Finding]]:
    """Per segment, the findings of several runs over the same segments, in report order."""
    return [sort_findings([f for part in per_segment for f in part]) for per_segment in zip(*parts, strict=True)]
