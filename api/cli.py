"""`auditor serve`: run the REST API with uvicorn."""

from __future__ import annotations

import logging
import os

import click

from .settings import SETTINGS_FILE_ENV


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on (0.0.0.0: all).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes; each loads its own models (about 1 per 2 cores).",
)
@click.option(
    "--settings",
    "settings_file",
    type=click.Path(exists=True, dir_okay=False),
    help=f"TOML settings file (also ${SETTINGS_FILE_ENV}); environment variables AUDITOR_* override it.",
)
@click.option(
    "--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info", show_default=True
)
def serve(host: str, port: int, workers: int, settings_file: str | None, log_level: str) -> None:
    """Serve the REST API (POST /v1/score, POST /v1/audit, GET /v1/checks, /healthz, /readyz, /metrics)."""
    import uvicorn

    from .settings import Settings

    if settings_file:
        os.environ[SETTINGS_FILE_ENV] = os.path.abspath(settings_file)
    try:
        Settings()  # fail here, before any worker starts
    except ValueError as error:  # pydantic's ValidationError
        raise click.ClickException(f"invalid settings: {error}") from None
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run("api.app:app", host=host, port=port, workers=workers, log_level=log_level)
