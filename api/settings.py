"""Service settings: environment variables `AUDITOR_*`, a `.env` file, or a TOML file named by `AUDITOR_SETTINGS_FILE`.

Precedence (highest first): arguments, environment, `.env`, TOML file, defaults. Lists accept JSON
(`["a","b"]`) or comma-separated values (`a,b`).
"""

from __future__ import annotations

import os
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from auditor.config import AuditorConfig
from auditor.errors import ConfigError

SETTINGS_FILE_ENV = "AUDITOR_SETTINGS_FILE"

StrList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    """Everything the REST service can be configured with."""

    model_config = SettingsConfigDict(env_prefix="AUDITOR_", env_file=".env", extra="ignore")

    # models and checks (the same meaning as the CLI options)
    src_encoder: str = AuditorConfig.src_encoder
    ref_encoder: str = AuditorConfig.ref_encoder
    align_encoder: str = AuditorConfig.align_encoder
    fluency_model: str = AuditorConfig.fluency_model
    token_encoder: str = AuditorConfig.token_encoder
    checks_enabled: StrList | None = None
    checks_disabled: StrList = Field(default_factory=list)
    warm_up_langs: StrList = Field(default_factory=lambda: ["en"])
    load_in_background: bool = True  # serve /healthz and a 503 /readyz while the models load

    # request limits
    max_body_bytes: Annotated[int, Field(ge=1024)] = 2 * 1024 * 1024
    max_segments_per_request: Annotated[int, Field(ge=1)] = 256
    max_chars_per_segment: Annotated[int, Field(ge=1)] = 5_000
    max_documents_per_request: Annotated[int, Field(ge=1)] = 16
    max_chars_per_document: Annotated[int, Field(ge=1)] = 100_000

    # concurrency: micro-batching of /v1/score and worker threads
    batch_max_segments: Annotated[int, Field(ge=1)] = 64
    batch_wait_ms: Annotated[float, Field(ge=0)] = 5.0
    max_queued_segments: Annotated[int, Field(ge=1)] = 4096
    score_threads: Annotated[int, Field(ge=1)] = 1
    audit_threads: Annotated[int, Field(ge=1)] = 1

    # access
    api_key: SecretStr | None = None
    cors_origins: StrList = Field(default_factory=list)

    @field_validator("checks_enabled", "checks_disabled", "warm_up_langs", "cors_origins", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings, dotenv_settings]
        toml_path = os.environ.get(SETTINGS_FILE_ENV)
        if toml_path:
            if not os.path.isfile(toml_path):
                raise ConfigError(
                    f"settings file not found: {toml_path}", fix=f"check the path in ${SETTINGS_FILE_ENV} or --settings"
                )
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=toml_path))
        return (*sources, file_secret_settings)

    def auditor_config(self) -> AuditorConfig:
        """The library configuration these settings describe."""
        return AuditorConfig(
            src_encoder=self.src_encoder,
            ref_encoder=self.ref_encoder,
            align_encoder=self.align_encoder,
            fluency_model=self.fluency_model,
            token_encoder=self.token_encoder,
            checks_enabled=tuple(self.checks_enabled) if self.checks_enabled is not None else None,
            checks_disabled=tuple(self.checks_disabled),
            batch_size=self.batch_max_segments,
        )
