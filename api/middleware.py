"""ASGI middleware: request ids, metrics and last-resort 500s; request body size, media type and encoding guards."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body
from .metrics import ServiceMetrics

log = logging.getLogger("api")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_BODY_METHODS = {"POST", "PUT", "PATCH"}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


async def _send_error(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    code: str,
    message: str,
    fix: str,
    headers: dict[str, str] | None = None,
) -> None:
    state = scope.setdefault("state", {})
    state["error_code"] = code
    body = error_body(code, message, fix=fix, request_id=state.get("request_id"))
    await JSONResponse(body, status_code=status, headers=headers)(scope, receive, send)


class RequestContextMiddleware:
    """Gives every request an id (kept from `X-Request-ID` when sane), times it, counts it, and turns an
    unhandled exception into a logged 500 that carries the id."""

    def __init__(self, app: ASGIApp, metrics: ServiceMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = int(message["status"])
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("request %s %s %s failed", request_id, scope.get("method"), scope.get("path"))
            if response_started:
                raise
            await _send_error(
                scope,
                receive,
                send_with_id,
                500,
                "internal_error",
                f"internal error; quote request id {request_id} when reporting it",
                "retry later; if it persists, report the request id to the operators",
            )
        finally:
            route: Any = scope.get("route")
            label = getattr(route, "path", None) or "unmatched"
            method = str(scope.get("method", ""))
            self.metrics.requests.inc(method, label, str(status))
            self.metrics.latency.observe(time.perf_counter() - started, method, label)
            code = state.get("error_code")
            if code:
                self.metrics.errors.inc(str(code))
            if status >= 500:
                log.error("request %s %s %s -> %d", request_id, method, scope.get("path"), status)


class BodyGuardMiddleware:
    """Reads request bodies up to `max_bytes` (413 beyond), rejects non-JSON media types (415) and bodies that
    are not UTF-8 (400), then hands the body on."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        too_large = (
            f"the request body is larger than the limit of {self.max_bytes} bytes",
            "split the request into smaller ones (fewer segments or documents per request)",
        )
        declared = _header(scope, b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _send_error(scope, receive, send, 413, "body_too_large", *too_large)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _send_error(scope, receive, send, 413, "body_too_large", *too_large)
                return
            chunks.append(chunk)
            more = bool(message.get("more_body", False))
        body = b"".join(chunks)
        media_type = (_header(scope, b"content-type") or "").split(";")[0].strip().lower()
        if body and media_type and not (media_type == "application/json" or media_type.endswith("+json")):
            await _send_error(
                scope,
                receive,
                send,
                415,
                "unsupported_media_type",
                f"the request body has media type {media_type!r}; the API reads JSON only",
                "send the body as JSON with the header Content-Type: application/json",
            )
            return
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as error:
            await _send_error(
                scope,
                receive,
                send,
                400,
                "invalid_encoding",
                f"the request body is not valid UTF-8 (byte {error.start}: {error.reason})",
                "encode the JSON body as UTF-8",
            )
            return

        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
