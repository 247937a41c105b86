"""Baselines: the scores and findings of a previous run, and the regressions of a new run against them.

The file is JSON (schema: `auditor/data/schemas/baseline.schema.json`), keyed by feed path and item id, and is
written atomically. A finding is identified by check, side, span text and severity, so moving text around
does not make old findings look new.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError
from ..formats import atomic_output
from ..types import Finding
from .config import BaselineSettings
from .runner import ItemResult

BASELINE_VERSION = 1


def finding_fingerprint(finding: Finding) -> str:
    """What makes two findings 'the same' across runs."""
    return f"{finding.check}|{finding.side.value}|{finding.severity.value}|{finding.span.text}"


@dataclass(frozen=True)
class Baseline:
    """Per item: overall score and finding fingerprints; per feed: overall score."""

    items: dict[str, dict[str, Any]]
    documents: dict[str, float]
    signature: str = ""
    auditor_version: str = ""
    created: str = ""

    @classmethod
    def from_run(cls, results: Sequence[ItemResult], documents: Mapping[str, float], signature: str) -> Baseline:
        items = {
            r.key: {
                "overall": round(r.result.scores.get("overall", 0.0), 4),
                "findings": sorted(finding_fingerprint(f) for f in r.result.findings),
            }
            for r in results
        }
        return cls(
            items,
            {k: round(v, 4) for k, v in documents.items()},
            signature,
            __version__,
            datetime.now(UTC).isoformat(timespec="seconds"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": BASELINE_VERSION,
            "auditor_version": self.auditor_version,
            "signature": self.signature,
            "created": self.created,
            "documents": dict(sorted(self.documents.items())),
            "items": dict(sorted(self.items.items())),
        }


def load_baseline(path: str | Path) -> Baseline:
    """Read a baseline file; a missing or malformed file raises `InputError`."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"baseline {p} not found", fix="create it with `auditor check --update-baseline` on the main branch"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"baseline {p} cannot be read ({err})", fix="regenerate it with --update-baseline") from None
    ok = (
        isinstance(data, dict)
        and data.get("version") == BASELINE_VERSION
        and isinstance(data.get("items"), dict)
        and isinstance(data.get("documents"), dict)
        and all(isinstance(v, dict) and isinstance(v.get("overall"), int | float) for v in data["items"].values())
    )
    if not ok:
        raise InputError(
            f"baseline {p} is not an auditor baseline (version {BASELINE_VERSION})",
            fix="regenerate it with --update-baseline",
        )
    return Baseline(
        {
            k: {"overall": float(v["overall"]), "findings": list(v.get("findings", []))}
            for k, v in data["items"].items()
        },
        {k: float(v) for k, v in data["documents"].items()},
        str(data.get("signature", "")),
        str(data.get("auditor_version", "")),
        str(data.get("created", "")),
    )


def save_baseline(baseline: Baseline, path: str | Path) -> None:
    """Write the baseline atomically (a temporary file moved in place)."""
    with atomic_output(path) as stream:
        stream.write(json.dumps(baseline.to_dict(), ensure_ascii=False, indent=1) + "\n")


@dataclass(frozen=True)
class Regression:
    """One way the run is worse than the baseline."""

    rule: str  # "score-drop", "document-drop" or "new-finding"
    message: str
    feed: str
    item_id: str | None = None
    finding: Finding | None = None


@dataclass(frozen=True)
class Comparison:
    """The run against the baseline: regressions, and what is new, gone, better or worse."""

    regressions: tuple[Regression, ...]
    new_items: int = 0
    removed_items: int = 0
    improved: int = 0
    worsened: int = 0
    new_findings: frozenset[tuple[str, int]] = field(default_factory=frozenset)  # (item key, finding index)
    signature_changed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "regressions": len(self.regressions),
            "new_items": self.new_items,
            "removed_items": self.removed_items,
            "improved": self.improved,
            "worsened": self.worsened,
            "new_findings": len(self.new_findings),
            "signature_changed": self.signature_changed,
        }


def compare(
    baseline: Baseline,
    results: Sequence[ItemResult],
    documents: Mapping[str, float],
    settings: BaselineSettings,
    signature: str = "",
) -> Comparison:
    """Regressions: item scores dropping by more than the margin, feed scores too, and new serious findings."""
    regressions: list[Regression] = []
    new_findings: set[tuple[str, int]] = set()
    improved = worsened = new_items = 0
    seen: set[str] = set()
    for r in results:
        seen.add(r.key)
        seg_id = r.item.segment.id
        old = baseline.items.get(r.key)
        overall = r.result.scores.get("overall", 0.0)
        if old is None:
            new_items += 1
            remaining: Counter[str] = Counter()
        else:
            delta = overall - old["overall"]
            improved += delta > settings.score_margin
            worsened += delta < -settings.score_margin
            if delta < -settings.score_margin:
                regressions.append(
                    Regression(
                        "score-drop",
                        f"overall score fell from {old['overall']:.1f} to {overall:.1f} "
                        f"(more than the margin of {settings.score_margin:g})",
                        r.feed,
                        seg_id,
                    )
                )
            remaining = Counter(old["findings"])
        for index, f in enumerate(r.result.findings):
            fp = finding_fingerprint(f)
            if remaining[fp] > 0:
                remaining[fp] -= 1
                continue
            new_findings.add((r.key, index))
            limit = settings.fail_on_new
            if limit is not None and f.severity.rank >= limit.rank:
                regressions.append(
                    Regression(
                        "new-finding", f"new {f.severity.value} finding {f.check}: {f.message}", r.feed, seg_id, f
                    )
                )
    for feed, score in sorted(documents.items()):
        before = baseline.documents.get(feed)
        if before is not None and score < before - settings.document_margin:
            regressions.append(
                Regression(
                    "document-drop",
                    f"feed overall score fell from {before:.1f} to {score:.1f} "
                    f"(more than the margin of {settings.document_margin:g})",
                    feed,
                )
            )
    feeds = set(documents)
    removed = sum(1 for key in baseline.items if key not in seen and key.split("::", 1)[0] in feeds)
    return Comparison(
        tuple(regressions),
        new_items,
        removed,
        improved,
        worsened,
        frozenset(new_findings),
        bool(signature and baseline.signature and signature != baseline.signature),
    )
