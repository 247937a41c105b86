"""What the routes share: the documented error responses."""

from __future__ import annotations

from typing import Any

from ..schemas import ErrorResponse

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "Malformed JSON or a body that is not UTF-8."},
    401: {"model": ErrorResponse, "description": "Missing or wrong X-API-Key (when the service sets one)."},
    413: {"model": ErrorResponse, "description": "Request body over the size limit."},
    415: {"model": ErrorResponse, "description": "Body that is not JSON."},
    422: {
        "model": ErrorResponse,
        "description": "Invalid request: wrong types, missing fields, unknown "
        "language codes, or over a segment/document/character limit.",
    },
    500: {"model": ErrorResponse, "description": "Internal error; the body and X-Request-ID carry the request id."},
    503: {"model": ErrorResponse, "description": "Models still loading, or the service is overloaded."},
}
