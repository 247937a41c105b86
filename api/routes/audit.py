"""POST /v1/audit: whole documents, split, aligned, checked and scored (the report of `auditor audit`)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from auditor.errors import AuditorError
from auditor.formats import dumps
from auditor.types import DocumentInput

from ..deps import ReadyServiceDep
from ..disconnect import unless_disconnected
from ..errors import from_library_error
from ..limits import check_audit_request
from ..schemas import AuditRequest, AuditResponse
from .common import ERROR_RESPONSES

router = APIRouter(prefix="/v1", tags=["audit"])


def to_documents(request: AuditRequest) -> list[DocumentInput]:
    """Library documents; ids default to `doc<1-based position>`."""
    return [
        DocumentInput(
            id=str(d.id) if d.id is not None and d.id != "" else f"doc{i + 1}",
            mt=d.mt,
            src=d.src,
            ref=d.ref,
            src_lang=d.src_lang,
            tgt_lang=d.tgt_lang,
        )
        for i, d in enumerate(request.documents)
    ]


@router.post(
    "/audit",
    response_model=AuditResponse,
    summary="Audit whole documents",
    description=(
        "Splits each document into sentences, aligns the MT with the source and/or reference, runs the checks and "
        "scores every segment. The body is exactly the JSON report `auditor audit --format json` writes."
    ),
    responses=ERROR_RESPONSES,
)
async def audit(body: AuditRequest, service: ReadyServiceDep, request: Request) -> Response:
    check_audit_request(body, service.settings)
    documents = to_documents(body)
    try:
        report = await unless_disconnected(request, service.audit(documents))
    except AuditorError as error:
        raise from_library_error(error, field="documents") from None
    service.metrics.documents.inc(amount=len(report.documents))
    return Response(dumps(report.to_dict()), media_type="application/json")
