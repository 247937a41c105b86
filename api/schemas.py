"""Request and response models of the REST API (pydantic lives here only; the library uses dataclasses)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt
from pydantic.json_schema import JsonDict


def _encodable(text: str) -> str:
    """Reject lone surrogates (JSON allows `\\ud800`; UTF-8 cannot encode it, nor can the models)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(f"contains a lone surrogate at character {error.start}, which is not Unicode text") from None
    return text


Text = Annotated[str, AfterValidator(_encodable)]
LangCode = Field(None, max_length=35, description="ISO 639-1 code such as `it`; detected when missing.")

_SEGMENT_EXAMPLE: JsonDict = {
    "id": "s1",
    "src": "Altre 120 persone sono rimaste ferite, secondo la Protezione civile.",
    "mt": "Another 120 people were injured, according to Civil Protection .",
    "ref": "Another 120 were injured, according to the Civil Protection agency.",
    "src_lang": "it",
    "tgt_lang": "en",
}


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SegmentIn(_Input):
    """One pre-aligned segment: the MT with its source and/or reference (at least one of the two)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_SEGMENT_EXAMPLE]})

    id: Text | StrictInt | None = Field(None, description="Echoed back; defaults to the 1-based position.")
    mt: Text = Field(description="The machine translation.")
    src: Text | None = Field(None, description="The source text.")
    ref: Text | None = Field(None, description="A human reference translation.")
    src_lang: Text | None = LangCode
    tgt_lang: Text | None = LangCode


class ScoreOptions(_Input):
    """Defaults applied to segments that do not carry their own languages."""

    src_lang: Text | None = LangCode
    tgt_lang: Text | None = LangCode


class ScoreRequest(_Input):
    """Segments to score (limits: see `GET /v1/limits` or the service settings)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"segments": [_SEGMENT_EXAMPLE], "options": {"src_lang": "it"}}]},
    )

    segments: list[SegmentIn] = Field(min_length=1, description="Scored in one request, results in the same order.")
    options: ScoreOptions | None = None


class DocumentIn(_Input):
    """A whole document: the MT text with its source and/or reference (paragraphs separated by blank lines)."""

    id: Text | StrictInt | None = Field(None, description="Document id in the report; defaults to `doc<position>`.")
    mt: Text = Field(description="The machine-translated document.")
    src: Text | None = Field(None, description="The source document.")
    ref: Text | None = Field(None, description="A human reference translation of the document.")
    src_lang: Text | None = LangCode
    tgt_lang: Text | None = LangCode


class AuditRequest(_Input):
    """Documents to split, align, check and score."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "documents": [
                        {
                            "id": "quake",
                            "src": "Un terremoto ha colpito l'Iran. Altre 120 persone sono rimaste ferite.",
                            "mt": "An earthquake struck Iran. Another 120 people were injured .",
                            "src_lang": "it",
                            "tgt_lang": "en",
                        }
                    ]
                }
            ]
        },
    )

    documents: list[DocumentIn] = Field(min_length=1)


# --- responses (documentation: the bodies are the library's own JSON, written by `auditor.formats`) ----------


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class FindingOut(BaseModel):
    """One detected problem with its exact span."""

    check: str
    category: str
    severity: str = Field(description="minor, major or critical")
    side: str = Field(description="mt, src or ref: the text the span points into")
    span: SpanOut
    message: str
    evidence: str | None = None
    confidence: float


class SegmentScoreOut(BaseModel):
    """Scores (0-100), band and findings of one segment: the line `auditor score` writes."""

    id: str
    scores: dict[str, float]
    band: str | None = Field(None, description="ok, review or reject")
    findings: list[FindingOut]


class ScoreResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "results": [
                        {
                            "id": "s1",
                            "scores": {"sim_src": 0.8829, "fidelity": 88.1, "fluency": 79.0, "overall": 84.5},
                            "band": "ok",
                            "findings": [
                                {
                                    "check": "space-before-punctuation",
                                    "category": "Fluency/Punctuation",
                                    "severity": "minor",
                                    "side": "mt",
                                    "span": {"start": 62, "end": 64, "text": " ."},
                                    "message": "space before '.'",
                                    "evidence": None,
                                    "confidence": 1.0,
                                }
                            ],
                        }
                    ],
                    "signature": {"auditor": "0.1.0", "checks": ["..."], "config": {}, "scorer": {}},
                }
            ]
        }
    )

    results: list[SegmentScoreOut]
    signature: dict[str, Any] = Field(description="What produced the scores: version, models, checks, thresholds.")


class DocumentReportOut(BaseModel):
    id: str
    src_lang: str | None
    tgt_lang: str | None
    scores: dict[str, float]
    band: str | None
    segments: list[dict[str, Any]] = Field(description="Aligned segments with sentence offsets, scores, findings.")
    detected_langs: dict[str, str] | None = None
    notes: list[str] | None = None


class AuditResponse(BaseModel):
    """Exactly the report `auditor audit --format json` writes."""

    version: str
    signature: dict[str, Any]
    documents: list[DocumentReportOut]


class CheckOut(BaseModel):
    name: str
    category: str
    severity: str
    needs: str = Field(description="none, source, reference or either")
    default: str = Field(
        description="on, or off for checks that run only when enabled (lm-surprisal: with the lm fluency model)"
    )
    description: str


class ChecksResponse(BaseModel):
    checks: list[CheckOut] = Field(description="Every registered check, as `auditor checks list --format json`.")
    enabled: list[str] = Field(description="The checks this service runs.")


class LimitsResponse(BaseModel):
    max_body_bytes: int
    max_segments_per_request: int
    max_chars_per_segment: int
    max_documents_per_request: int
    max_chars_per_document: int


class StatusResponse(BaseModel):
    status: str
    detail: str | None = None


class ErrorDetail(BaseModel):
    code: str = Field(description="Machine-readable error code, e.g. `too_many_segments`.")
    message: str
    field: str | None = Field(None, description="The offending field, e.g. `segments[3].mt`.")
    fix: str | None = Field(None, description="How to fix the request.")
    request_id: str | None = Field(None, description="Also in the `X-Request-ID` header; quote it in reports.")


class ErrorResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "error": {
                        "code": "too_many_segments",
                        "message": "300 segments in one request; the limit is 256",
                        "field": "segments",
                        "fix": "split the request into requests of at most 256 segments",
                        "request_id": "3f2a9c0d5e6b4a7f8e9d0c1b2a3f4e5d",
                    }
                }
            ]
        }
    )

    error: ErrorDetail
