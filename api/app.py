"""The FastAPI application: `create_app(settings)`, and `app` for `uvicorn api.app:app`.

Models load once, in the lifespan (in a worker thread, in the background by default: /readyz answers 503
until they are loaded and warm), and are shared by every request.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from auditor import __version__

from .deps import require_api_key
from .errors import install_error_handlers
from .metrics import ServiceMetrics
from .middleware import REQUEST_ID_HEADER, BodyGuardMiddleware, RequestContextMiddleware
from .routes import audit, checks, health, score
from .service import AuditorFactory, Service, default_auditor
from .settings import Settings

log = logging.getLogger("api")

DESCRIPTION = """\
Scores machine-translated news against its source and/or a reference: fidelity, fluency and overall scores
(0-100), a band (ok / review / reject) and span-level findings. Results are the JSON of the `auditor` command
line (scores equal to the last reported decimal).
Errors are `{"error": {"code", "message", "field", "fix", "request_id"}}`.
"""


def create_app(settings: Settings | None = None, auditor_factory: AuditorFactory = default_auditor) -> FastAPI:
    """Build the application; `auditor_factory` builds the (single, shared) `Auditor` from the settings."""
    settings = settings or Settings()
    metrics = ServiceMetrics()
    service = Service(settings, metrics, auditor_factory)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await service.start()
        try:
            yield
        finally:
            await service.stop()

    app = FastAPI(
        title="auditor",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.service = service
    install_error_handlers(app)
    # the key check (and its security scheme in the OpenAPI schema) only when a key is configured
    secured = [Depends(require_api_key)] if settings.api_key is not None else []
    app.include_router(score.router, dependencies=secured)
    app.include_router(audit.router, dependencies=secured)
    app.include_router(checks.router, dependencies=secured)
    app.include_router(health.router)

    # add_middleware wraps: the last added runs first
    app.add_middleware(BodyGuardMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "X-API-Key", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER],
        )
    app.add_middleware(RequestContextMiddleware, metrics=metrics)
    return app


app = create_app()
