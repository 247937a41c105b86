"""Run configuration shared by the CLI, the API and the feed check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .types import Severity

FLUENCY_MODELS = ("fast", "lm", "auto")
TOKEN_ENCODERS = ("none", "e5-small")


@dataclass(frozen=True)
class AuditorConfig:
    """Models, checks and batching for one auditor instance.

    The shipped scoring weights are fitted to `use-m3` features on both sides. `ref_encoder="auto"` uses MiniLM for
    English targets and USE multilingual otherwise; any other value is an
    encoder name understood by `auditor.embeddings.get_encoder` (built-in or sentence-transformers).
    """

    src_encoder: str = "use-m3"
    ref_encoder: str = "use-m3"
    align_encoder: str = "use-m3"
    # contextual token vectors for the MT-reference token-match features ("none" or "e5-small", about 4x slower)
    token_encoder: str = "none"
    fluency_model: str = "fast"  # "fast", "lm" (SmolLM2 surprisal, English targets) or "auto" (lm when installed)
    checks_enabled: tuple[str, ...] | None = None  # None: every check that is on by default
    checks_disabled: tuple[str, ...] = ()
    severity_overrides: dict[str, Severity] = field(default_factory=dict)
    check_weights: dict[str, float] = field(default_factory=dict)
    batch_size: int = 64
    weights: str | None = None  # a scoring weights JSON (from bench/train_fidelity.py); None: the shipped file
    ter: bool = False  # sentence TER in the scores: slow (about 4 ms a segment) and not used by the fidelity model
    max_document_chars: int = 1_000_000
    # encoders and surface metrics in a second process (one more core's worth of work on 2+ cores; about +200 MB)
    feature_process: bool = False

    def to_signature(self) -> dict[str, Any]:
        return {
            "src_encoder": self.src_encoder,
            "ref_encoder": self.ref_encoder,
            "align_encoder": self.align_encoder,
            "token_encoder": self.token_encoder,
            "fluency_model": self.fluency_model,
            "ter": self.ter,
            "weights": self.weights,
            "severity_overrides": {k: v.value for k, v in sorted(self.severity_overrides.items())},
            "check_weights": dict(sorted(self.check_weights.items())),
        }
