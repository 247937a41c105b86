"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse

from ..deps import ServiceDep
from ..schemas import StatusResponse

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=StatusResponse, summary="Liveness: the process answers")
async def healthz() -> StatusResponse:
    return StatusResponse(status="ok")


@router.get(
    "/readyz",
    response_model=StatusResponse,
    summary="Readiness: models loaded and warm",
    responses={503: {"model": StatusResponse, "description": "Models are loading (or failed to load)."}},
)
async def readyz(service: ServiceDep) -> JSONResponse:
    if service.ready:
        return JSONResponse({"status": "ready", "detail": None})
    if service.load_error:
        return JSONResponse({"status": "failed", "detail": service.load_error}, status_code=503)
    return JSONResponse(
        {"status": "loading", "detail": "models are loading"}, status_code=503, headers={"Retry-After": "5"}
    )


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    summary="Prometheus metrics (text exposition format 0.0.4)",
)
async def metrics(service: ServiceDep) -> PlainTextResponse:
    return PlainTextResponse(service.render_metrics(), media_type="text/plain; version=0.0.4; charset=utf-8")
