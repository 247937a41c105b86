"""Per-request limits (segments, documents, characters): 422 with the limit and the fix when exceeded."""

from __future__ import annotations

from .errors import ApiError
from .schemas import AuditRequest, ScoreRequest
from .settings import Settings

_TEXT_FIELDS = ("mt", "src", "ref")


def check_score_request(request: ScoreRequest, settings: Settings) -> None:
    """Raise `ApiError` (422) when a score request is over the configured limits."""
    limit = settings.max_segments_per_request
    if len(request.segments) > limit:
        raise ApiError(
            422,
            "too_many_segments",
            f"{len(request.segments)} segments in one request; the limit is {limit}",
            field="segments",
            fix=f"split the request into requests of at most {limit} segments",
        )
    chars = settings.max_chars_per_segment
    for index, segment in enumerate(request.segments):
        for name in _TEXT_FIELDS:
            text = getattr(segment, name)
            if text is not None and len(text) > chars:
                raise ApiError(
                    422,
                    "segment_too_long",
                    f"segments[{index}].{name} has {len(text)} characters; the limit is {chars} per text",
                    field=f"segments[{index}].{name}",
                    fix="split it into sentence-sized segments, or send the whole text to POST /v1/audit",
                )


def check_audit_request(request: AuditRequest, settings: Settings) -> None:
    """Raise `ApiError` (422) when an audit request is over the configured limits."""
    limit = settings.max_documents_per_request
    if len(request.documents) > limit:
        raise ApiError(
            422,
            "too_many_documents",
            f"{len(request.documents)} documents in one request; the limit is {limit}",
            field="documents",
            fix=f"split the request into requests of at most {limit} documents",
        )
    chars = settings.max_chars_per_document
    for index, doc in enumerate(request.documents):
        for name in _TEXT_FIELDS:
            text = getattr(doc, name)
            if text is not None and len(text) > chars:
                raise ApiError(
                    422,
                    "document_too_long",
                    f"documents[{index}].{name} has {len(text)} characters; the limit is {chars} per text",
                    field=f"documents[{index}].{name}",
                    fix="split the document into parts under the limit and audit them separately",
                )
