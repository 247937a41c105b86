"""Helpers for the feed-check tests: a deterministic fake auditor and feed writers (project-written text only).

The fake scores every item 90, minus 40 per critical finding; `[score=NN]` in the MT sets the score, a number in
the MT that the source lacks is a critical `numbers` finding, and an MT of `<<reject>>` is refused by the fake
pipeline like a bad segment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from auditor.errors import ValidationError
from auditor.types import Category, Finding, Segment, SegmentResult, Severity, Span


class FakeScorer:
    def document_scores(
        self, scores: Sequence[Mapping[str, float]], weights: Sequence[float] | None = None
    ) -> dict[str, float]:
        ws = list(weights or [1.0] * len(scores))
        total = sum(ws)
        keys = {k for s in scores for k in s}
        return {k: sum(s[k] * w for s, w in zip(scores, ws, strict=True) if k in s) / total for k in keys}

    def band(self, overall: float) -> str:
        return "ok" if overall >= 70 else "review" if overall >= 40 else "reject"


class FakeAuditor:
    def __init__(self, config: Any = None, version: str = "fake-1") -> None:
        self.config = config
        self.scorer = FakeScorer()
        self.version = version
        self.scored = 0

    def signature(self) -> dict[str, Any]:
        return {"auditor": self.version, "checks": ["numbers"]}

    def score_segments(self, segments: Sequence[Segment]) -> list[SegmentResult]:
        if any(s.mt == "<<reject>>" for s in segments):
            raise ValidationError("the fake pipeline refuses this segment", fix="do not send <<reject>>")
        self.scored += len(segments)
        return [self._one(s) for s in segments]

    def _one(self, seg: Segment) -> SegmentResult:
        findings = []
        other = seg.src or seg.ref or ""
        for m in re.finditer(r"\d+", seg.mt):
            if m.group() not in other and not seg.mt[max(0, m.start() - 7) : m.start()].endswith("score="):
                findings.append(
                    Finding(
                        "numbers",
                        Category.MISTRANSLATION,
                        Severity.CRITICAL,
                        Span.of(seg.mt, m.start(), m.end()),
                        f"the number {m.group()} is not in the source",
                    )
                )
        forced = re.search(r"\[score=(\d+)\]", seg.mt)
        overall = float(forced.group(1)) if forced else 90.0 - 40.0 * len(findings)
        scores = {"fidelity": overall, "fluency": 90.0, "overall": overall}
        return SegmentResult(seg, scores, tuple(findings), band=self.scorer.band(overall))


ITEMS = [
    ("n1", "Il ponte sul fiume riaprirà domani mattina.", "The bridge over the river will reopen tomorrow morning."),
    ("n2", "La biblioteca resterà aperta fino alle 22.", "The library will stay open until 22."),
    ("n3", "Il sindaco ha inaugurato il nuovo mercato coperto.", "The mayor opened the new covered market."),
    ("n4", "Domenica si corre la maratona cittadina.", "The city marathon is run on Sunday."),
]


def jsonl_feed(path: Path, items: Sequence[tuple[str, str, str]] = ITEMS, **extra: Any) -> Path:
    """Write items (id, src, mt) as JSONL; `extra` fields go on every line."""
    lines = [json.dumps({"id": i, "src": s, "mt": m, "src_lang": "it", "tgt_lang": "en", **extra}) for i, s, m in items]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeAuditor:
    """Replace the real auditor in `auditor check` by one shared fake."""
    instance = FakeAuditor()
    monkeypatch.setattr("auditor.feedcheck.cli.build_auditor", lambda config: instance)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return instance


def test_fake_flags_changed_numbers() -> None:
    seg = Segment("x", "It costs 40 euros.", "Costa 20 euro.")
    (result,) = FakeAuditor().score_segments([seg])
    assert [f.span.text for f in result.findings] == ["40"]
    assert result.scores["overall"] == 50.0
