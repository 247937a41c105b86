"""Core types: sentences, alignments, findings, segment results and reports.

All are frozen dataclasses; `to_dict()` gives the versioned JSON form (see `REPORT_VERSION`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

REPORT_VERSION = "1.0"


class Severity(StrEnum):
    """MQM-style severity; the weights follow MQM/xCOMET (minor 1, major 5, critical 10)."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"

    @property
    def weight(self) -> float:
        return {"minor": 1.0, "major": 5.0, "critical": 10.0}[self.value]

    @property
    def rank(self) -> int:
        return {"minor": 0, "major": 1, "critical": 2}[self.value]


class Side(StrEnum):
    """Which text a span points into."""

    MT = "mt"
    SRC = "src"
    REF = "ref"


class Category(StrEnum):
    """MQM error categories used by the checks."""

    MISTRANSLATION = "Accuracy/Mistranslation"
    ADDITION = "Accuracy/Addition"
    OMISSION = "Accuracy/Omission"
    UNTRANSLATED = "Accuracy/Untranslated"
    GRAMMAR = "Fluency/Grammar"
    SPELLING = "Fluency/Spelling"
    PUNCTUATION = "Fluency/Punctuation"
    AWKWARD = "Style/Awkward"
    TERMINOLOGY = "Terminology/Inconsistent"
    LOCALE = "Locale convention"
    NON_TRANSLATION = "Non-translation"
    MARKUP = "Other/Markup"

    @property
    def top_level(self) -> str:
        return self.value.split("/")[0]


@dataclass(frozen=True)
class Span:
    """A character span `[start, end)` into a text; `text == source[start:end]` always holds."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Span:
        """Build the span of `source[start:end]`, checking the bounds."""
        if not 0 <= start <= end <= len(source):
            raise ValueError(f"span [{start}, {end}) outside text of length {len(source)}")
        return cls(start, end, source[start:end])

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document: its text and its character offsets in the document."""

    text: str
    start: int
    end: int
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Alignment:
    """How a segment's MT sentences map to the other side: type such as "1-2" (MT-other) and confidence 0-1."""

    type: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "confidence": round(self.confidence, 4)}


@dataclass(frozen=True)
class Finding:
    """One detected problem: which check, what category, how bad, where (side + span) and why."""

    check: str
    category: Category
    severity: Severity
    span: Span
    message: str
    side: Side = Side.MT
    evidence: str | None = None
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "category": self.category.value,
            "severity": self.severity.value,
            "side": self.side.value,
            "span": self.span.to_dict(),
            "message": self.message,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 4),
        }


@dataclass(frozen=True)
class Segment:
    """A unit to audit: MT text with the aligned source and/or reference text (either may be missing)."""

    id: str
    mt: str
    src: str | None = None
    ref: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None


@dataclass(frozen=True)
class DocumentInput:
    """A whole document to audit: the MT text with the source and/or reference text (at least one)."""

    id: str
    mt: str
    src: str | None = None
    ref: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None


@dataclass(frozen=True)
class AlignedSegment:
    """A segment cut out of a document: the MT sentences with their aligned source and reference sentences."""

    id: str
    mt: Sentence
    src: tuple[Sentence, ...] = ()
    ref: tuple[Sentence, ...] = ()
    src_alignment: Alignment | None = None
    ref_alignment: Alignment | None = None

    def as_segment(self, src_lang: str | None, tgt_lang: str | None, *, has_src: bool, has_ref: bool) -> Segment:
        """The plain segment view used by checks and scorers (texts joined with a space)."""
        src = " ".join(s.text for s in self.src) if has_src else None
        ref = " ".join(s.text for s in self.ref) if has_ref else None
        return Segment(self.id, self.mt.text, src, ref, src_lang, tgt_lang)


@dataclass(frozen=True)
class SegmentResult:
    """Scores and findings of one segment, and, for documents, how it was aligned."""

    segment: Segment
    scores: dict[str, float]
    findings: tuple[Finding, ...] = ()
    aligned: AlignedSegment | None = None
    band: str | None = None  # "ok", "review" or "reject" from the calibrated overall score

    def to_dict(self) -> dict[str, Any]:
        """JSON form: for document segments, MT/src/ref are sentence lists with offsets; else plain strings."""
        out: dict[str, Any] = {"id": self.segment.id}
        if self.aligned is not None:
            a = self.aligned
            out["mt"] = a.mt.to_dict()
            out["ref"] = [s.to_dict() for s in a.ref]
            out["src"] = [s.to_dict() for s in a.src]
            main = a.ref_alignment or a.src_alignment
            alignment: dict[str, Any] = main.to_dict() if main else {"type": "unaligned", "confidence": 0.0}
            if a.ref_alignment:
                alignment["ref"] = a.ref_alignment.to_dict()
            if a.src_alignment:
                alignment["src"] = a.src_alignment.to_dict()
            out["alignment"] = alignment
        out["scores"] = {k: round(v, 4) for k, v in self.scores.items()}
        if self.band is not None:
            out["band"] = self.band
        out["findings"] = [f.to_dict() for f in self.findings]
        return out


@dataclass(frozen=True)
class DocumentReport:
    """The audit of one document: languages (and whether they were detected), document scores, segments."""

    id: str
    src_lang: str | None
    tgt_lang: str | None
    scores: dict[str, float]
    segments: tuple[SegmentResult, ...]
    detected_langs: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    band: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "src_lang": self.src_lang,
            "tgt_lang": self.tgt_lang,
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "band": self.band,
            "segments": [s.to_dict() for s in self.segments],
        }
        if self.detected_langs:
            out["detected_langs"] = dict(self.detected_langs)
        if self.notes:
            out["notes"] = list(self.notes)
        return out


@dataclass(frozen=True)
class Report:
    """A whole run: format version, signature (auditor version, models, checks, thresholds) and documents."""

    signature: dict[str, Any]
    documents: tuple[DocumentReport, ...]
    version: str = REPORT_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "signature": self.signature,
            "documents": [d.to_dict() for d in self.documents],
        }
