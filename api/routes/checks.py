"""GET /v1/checks (the check registry) and GET /v1/limits (this service's request limits)."""

from __future__ import annotations

from fastapi import APIRouter

from auditor.checks.runner import load_all_checks

from ..deps import ReadyServiceDep, SettingsDep
from ..schemas import CheckOut, ChecksResponse, LimitsResponse
from .common import ERROR_RESPONSES

router = APIRouter(prefix="/v1", tags=["checks"])


@router.get("/checks", response_model=ChecksResponse, summary="List the checks", responses=ERROR_RESPONSES)
async def list_checks(service: ReadyServiceDep) -> ChecksResponse:
    rows = [cls.describe() for _, cls in sorted(load_all_checks().items())]
    assert service.auditor is not None
    return ChecksResponse(checks=[CheckOut(**row) for row in rows], enabled=service.auditor.checks.names)


@router.get(
    "/limits", response_model=LimitsResponse, summary="Request limits of this service", responses=ERROR_RESPONSES
)
async def limits(settings: SettingsDep) -> LimitsResponse:
    return LimitsResponse(
        max_body_bytes=settings.max_body_bytes,
        max_segments_per_request=settings.max_segments_per_request,
        max_chars_per_segment=settings.max_chars_per_segment,
        max_documents_per_request=settings.max_documents_per_request,
        max_chars_per_document=settings.max_chars_per_document,
    )
