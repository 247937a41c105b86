"""HTTP error responses: one JSON shape, `{"error": {"code", "message", "field", "fix", "request_id"}}`.

Library errors (`auditor.errors`) become statuses here and only here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from auditor.errors import (
    AuditorError,
    ConfigError,
    InputError,
    LanguageError,
    ModelError,
    ValidationError,
)

log = logging.getLogger("api")

# (library error, HTTP status, error code), most specific first
_LIBRARY_ERRORS: list[tuple[type[AuditorError], int, str]] = [
    (LanguageError, 422, "unknown_language"),
    (ValidationError, 422, "invalid_input"),
    (InputError, 400, "unreadable_input"),
    (ModelError, 503, "model_unavailable"),
    (ConfigError, 500, "server_misconfigured"),
]

_FIXES = {
    "missing": "add the field `{field}`",
    "string_type": "give `{field}` as a JSON string",
    "list_type": "give `{field}` as a JSON array",
    "model_type": "give `{field}` as a JSON object",
    "dict_type": "give `{field}` as a JSON object",
    "model_attributes_type": "give `{field}` as a JSON object",
    "extra_forbidden": "remove `{field}`: it is not a known field (see the OpenAPI schema at /docs)",
    "too_short": "give at least one item in `{field}`",
    "too_long": "shorten `{field}` (see the limit in the message)",
    "string_too_long": "shorten `{field}` (see the limit in the message)",
    "value_error": "give `{field}` as valid Unicode text",
}


class ApiError(Exception):
    """An error the API answers with its own status and error body."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        fix: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.fix = fix
        self.headers = headers or {}


def request_id_of(request: Request) -> str | None:
    """The id the request-context middleware gave this request."""
    return request.scope.get("state", {}).get("request_id")


def error_body(
    code: str, message: str, *, field: str | None = None, fix: str | None = None, request_id: str | None = None
) -> dict[str, Any]:
    """The JSON error body."""
    return {"error": {"code": code, "message": message, "field": field, "fix": fix, "request_id": request_id}}


def error_response(request: Request, error: ApiError) -> JSONResponse:
    request.scope.setdefault("state", {})["error_code"] = error.code
    body = error_body(error.code, error.message, field=error.field, fix=error.fix, request_id=request_id_of(request))
    return JSONResponse(body, status_code=error.status, headers=error.headers)


def from_library_error(error: AuditorError, field: str | None = None) -> ApiError:
    """The API error for a library error (its message and fix pass through unchanged)."""
    for kind, status, code in _LIBRARY_ERRORS:
        if isinstance(error, kind):
            return ApiError(status, code, error.problem, field=field, fix=error.fix)
    return ApiError(422, "invalid_input", error.problem, field=field, fix=error.fix)


def _field_name(loc: Sequence[Any]) -> str | None:
    parts = [p for p in loc if p != "body"]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or None


def from_validation_error(exc: RequestValidationError) -> ApiError:
    """One API error for pydantic's list of errors: the first one, with the count of the others."""
    errors: list[dict[str, Any]] = [dict(e) for e in exc.errors()]
    first = errors[0] if errors else {"type": "invalid", "loc": ("body",), "msg": "invalid request"}
    kind = str(first.get("type", ""))
    loc = tuple(first.get("loc", ()))
    if kind == "json_invalid":
        ctx = first.get("ctx")
        detail = ctx.get("error", "") if isinstance(ctx, dict) else ""
        return ApiError(
            400,
            "malformed_json",
            f"the request body is not valid JSON ({detail} at character {loc[-1] if loc else '?'})",
            fix="send a JSON object such as the examples in the OpenAPI schema (/docs)",
        )
    field = _field_name(loc)
    if loc == ("body",) and kind in {"model_attributes_type", "dict_type", "model_type", "missing"}:
        return ApiError(
            422,
            "invalid_body",
            "the request body must be a JSON object" if kind != "missing" else "the request body is missing",
            fix="send a JSON object with Content-Type: application/json (see the examples at /docs)",
        )
    message = f"{field}: {first.get('msg')}" if field else str(first.get("msg"))
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})"
    fix = _FIXES.get(kind, "correct `{field}` (see the OpenAPI schema at /docs)").format(field=field or "the body")
    return ApiError(422, "invalid_request", message, field=field, fix=fix)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into error bodies."""

    async def on_api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(request, exc)

    async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(request, from_validation_error(exc))

    async def on_library_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AuditorError)
        error = from_library_error(exc)
        if error.status >= 500:
            log.error("request %s: %s", request_id_of(request), exc)
        return error_response(request, error)

    async def on_http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        codes = {404: "not_found", 405: "method_not_allowed", 400: "malformed_json"}
        fixes = {
            404: "see the endpoints at /docs",
            405: "see the allowed methods at /docs",
            400: "send a UTF-8 JSON body with Content-Type: application/json",
        }
        message = str(exc.detail)
        if exc.status_code == 400:  # FastAPI could not parse the body (e.g. JSON nested too deeply)
            message = f"the request body could not be parsed as JSON ({message.lower()})"
        error = ApiError(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            message,
            fix=fixes.get(exc.status_code),
            headers=dict(exc.headers or {}),
        )
        return error_response(request, error)

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(AuditorError, on_library_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
