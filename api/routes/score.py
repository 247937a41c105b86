"""POST /v1/score: pre-aligned segments, micro-batched across concurrent requests."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from auditor.errors import AuditorError
from auditor.formats import dumps, segment_line
from auditor.readers import parse_segment_obj
from auditor.types import Segment

from ..batching import QueueFull
from ..deps import ReadyServiceDep
from ..disconnect import unless_disconnected
from ..errors import ApiError, from_library_error
from ..limits import check_score_request
from ..schemas import ScoreRequest, ScoreResponse
from .common import ERROR_RESPONSES

router = APIRouter(prefix="/v1", tags=["scoring"])


def to_segments(request: ScoreRequest) -> list[Segment]:
    """Library segments, read by the same function as `auditor score` reads JSONL records (ids default to the
    1-based position)."""
    options = request.options
    segments = []
    for index, item in enumerate(request.segments):
        line = index + 1
        try:
            segments.append(
                parse_segment_obj(
                    item.model_dump(exclude_none=True),
                    line,
                    src_lang=options.src_lang if options else None,
                    tgt_lang=options.tgt_lang if options else None,
                )
            )
        except AuditorError as error:
            error.problem = error.problem.removeprefix(f"line {line}: ")
            api_error = from_library_error(error, field=f"segments[{index}]")
            api_error.message = f"segments[{index}]: {api_error.message}"
            raise api_error from None
    return segments


@router.post(
    "/score",
    response_model=ScoreResponse,
    summary="Score pre-aligned segments",
    description=(
        "Fidelity, fluency and overall scores (0-100), a band and span-level findings per segment, in input order; "
        "each result is the line `auditor score` writes for the same segment. Concurrent requests are scored "
        "together in micro-batches."
    ),
    responses=ERROR_RESPONSES,
)
async def score(body: ScoreRequest, service: ReadyServiceDep, request: Request) -> Response:
    check_score_request(body, service.settings)
    segments = to_segments(body)
    try:
        results = await unless_disconnected(request, service.score(segments))
    except QueueFull as error:
        raise ApiError(
            503,
            "overloaded",
            f"the service is overloaded: {error}",
            fix="retry after a second, or send fewer segments at a time",
            headers={"Retry-After": "1"},
        ) from None
    except AuditorError as error:
        raise from_library_error(error, field="segments") from None
    service.metrics.segments.inc(amount=len(results))
    payload = {"results": [segment_line(r) for r in results], "signature": service.signature}
    return Response(dumps(payload), media_type="application/json")
