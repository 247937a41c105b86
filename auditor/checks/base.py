"""The check interface and registry.

A check is a small class with a name, an MQM category, a default severity, what it needs (source, reference,
either or neither) and a docstring with an example. `check_segment` returns findings for one segment;
`check_document` (optional) sees every segment of a document, for consistency checks.

Register a check with the `@register` decorator; `CHECKS` maps names to classes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import ClassVar

from ..config import AuditorConfig
from ..langid import base_lang
from ..types import Category, Finding, Segment, Severity


class Needs(StrEnum):
    """What a check needs besides the MT."""

    NONE = "none"
    SOURCE = "source"
    REFERENCE = "reference"
    EITHER = "either"  # source or reference, uses whichever is present

    def satisfied_by(self, segment: Segment) -> bool:
        has_src, has_ref = bool(segment.src), bool(segment.ref)
        return {
            Needs.NONE: True,
            Needs.SOURCE: has_src,
            Needs.REFERENCE: has_ref,
            Needs.EITHER: has_src or has_ref,
        }[self]


@dataclass(frozen=True)
class CheckContext:
    """What a check sees: the segment, and optionally the document's other segments (in order)."""

    segment: Segment
    document: Sequence[Segment] = field(default_factory=tuple)
    index: int = 0  # position of `segment` in `document`


class Check(ABC):
    """Base class of every check; subclasses set the class attributes and implement `check_segment`."""

    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    needs: ClassVar[Needs] = Needs.NONE
    # Runs in the feature process when there is one (`feature_process=True`): a check that needs no parse and
    # whose work is mostly the encodings the scorer's features make there too, so that the two processes share
    # the load and the encoder cache. Its findings are the same wherever it runs.
    beside_features: ClassVar[bool] = False

    @classmethod
    def on_by_default(cls, config: AuditorConfig) -> bool:
        """Whether the check runs when the configuration does not list the checks to run (most always do)."""
        return True

    def __init__(self, severity: Severity | None = None, weight: float = 1.0) -> None:
        self.effective_severity = severity or self.severity
        self.weight = weight

    @abstractmethod
    def check_segment(self, ctx: CheckContext) -> Iterable[Finding]:
        """Findings for one segment."""

    def prepare(self, segments: Sequence[Segment]) -> None:
        """Called once per batch before `check_segment` (e.g. to encode what the batch needs in one call)."""
        return None

    def check_document(self, segments: Sequence[Segment]) -> Iterable[tuple[int, Finding]]:
        """Findings that need the whole document, as (segment index, finding); none by default."""
        return ()

    def finding(self, **kwargs: object) -> Finding:
        """Build a finding with this check's name, category and effective severity (overridable)."""
        kwargs.setdefault("check", self.name)
        kwargs.setdefault("category", self.category)
        kwargs.setdefault("severity", self.effective_severity)
        return Finding(**kwargs)  # type: ignore[arg-type]

    def with_configured_severity(self, finding: Finding) -> Finding:
        """Apply a configured severity override to a finding produced with the default."""
        if self.effective_severity is self.severity or finding.severity is not self.severity:
            return finding
        return replace(finding, severity=self.effective_severity)

    @classmethod
    def describe(cls) -> dict[str, str]:
        """Name, category, severity, needs and the first docstring paragraph, for `auditor checks list`."""
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        return {
            "name": cls.name,
            "category": cls.category.value,
            "severity": cls.severity.value,
            "needs": cls.needs.value,
            "default": "on" if cls.on_by_default(AuditorConfig()) else "off",
            "description": " ".join(doc.split()),
        }


CHECKS: dict[str, type[Check]] = {}


def by_target_language(
    segments: Sequence[Segment], keep: Callable[[Segment, str], bool] = lambda seg, lang: True
) -> dict[str, list[Segment]]:
    """The segments that `keep(segment, lang)` accepts, grouped by base target language (English when unknown), for
    a `prepare` that parses or encodes one batch per language."""
    groups: dict[str, list[Segment]] = {}
    for seg in segments:
        lang = base_lang(seg.tgt_lang) or "en"
        if keep(seg, lang):
            groups.setdefault(lang, []).append(seg)
    return groups


def register(cls: type[Check]) -> type[Check]:
    """Class decorator adding a check to `CHECKS` (names must be unique)."""
    if cls.name in CHECKS:
        raise ValueError(f"duplicate check name {cls.name!r}")
    CHECKS[cls.name] = cls
    return cls
