"""Stop waiting for work whose client has gone away, so abandoned requests do not use the scorer."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from fastapi import Request

from .errors import ApiError

T = TypeVar("T")

CLIENT_CLOSED = 499  # nginx's status for "client closed the request"


async def unless_disconnected(request: Request, work: Coroutine[Any, Any, T], poll: float = 0.5) -> T:
    """Await `work`, cancelling it (and answering 499) when the client disconnects first."""
    task = asyncio.ensure_future(work)
    try:
        while True:
            done, _ = await asyncio.wait({task}, timeout=poll)
            if done:
                return task.result()
            if await request.is_disconnected():
                raise ApiError(
                    CLIENT_CLOSED,
                    "client_closed_request",
                    "the client closed the connection before the result",
                    fix="wait for the response (raise the client's timeout)",
                )
    finally:
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
