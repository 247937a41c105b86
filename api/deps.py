"""Shared dependencies: the service state, settings, readiness and the API key."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from .errors import ApiError
from .service import Service
from .settings import Settings

_api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="Required when the service sets one.")


def get_service(request: Request) -> Service:
    service = request.app.state.service
    assert isinstance(service, Service)
    return service


def get_settings(service: Annotated[Service, Depends(get_service)]) -> Settings:
    return service.settings


def get_ready_service(service: Annotated[Service, Depends(get_service)]) -> Service:
    """The service, or 503 while the models are still loading."""
    if not service.ready:
        detail = f"loading the models failed: {service.load_error}" if service.load_error else "models are loading"
        raise ApiError(
            503,
            "not_ready",
            f"the service is not ready: {detail}",
            fix="retry when GET /readyz answers 200" if not service.load_error else "see the server log",
            headers={"Retry-After": "5"},
        )
    return service


def require_api_key(
    settings: Annotated[Settings, Depends(get_settings)],
    key: Annotated[str | None, Security(_api_key_header)],
) -> None:
    """401 unless the `X-API-Key` header matches the configured key (installed only when one is configured)."""
    if settings.api_key is None:
        return
    expected = settings.api_key.get_secret_value()
    if key is None or not secrets.compare_digest(key.encode(), expected.encode()):
        raise ApiError(
            401,
            "unauthorized",
            "missing API key" if key is None else "wrong API key",
            field="X-API-Key",
            fix="send the service's key in the X-API-Key header",
            headers={"WWW-Authenticate": "APIKey"},
        )


ServiceDep = Annotated[Service, Depends(get_service)]
ReadyServiceDep = Annotated[Service, Depends(get_ready_service)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
