"""Typed settings, read from ``CLEARWAY_*`` environment variables, built on demand."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "development-only-secret-change-me"


class Settings(BaseSettings):
    """Every knob a district sets. Defaults suit a development machine, never production."""

    model_config = SettingsConfigDict(env_prefix="CLEARWAY_", env_file=None, extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        "development", description="Deployment environment; production refuses default secrets."
    )
    database_url: str = Field(
        "sqlite:///var/clearway.db",
        description="SQLAlchemy URL; SQLite file by default, postgresql+psycopg://… in production.",
    )
    secret_key: str = Field(DEFAULT_SECRET, description="Key that signs API access tokens.")
    token_minutes: int = Field(30, ge=1, le=24 * 60, description="Access token lifetime.")
    max_items: int = Field(50, ge=1, le=999, description="Most items one declaration may carry.")
    max_body_bytes: int = Field(1_000_000, ge=1024, description="Largest request body accepted.")
    page_size_max: int = Field(200, ge=10, description="Largest page a list endpoint returns.")
    model_dir: Path = Field(Path("var/models"), description="Where risk model artefacts live.")
    host: str = Field("127.0.0.1", description="Address `clearway serve` binds.")
    port: int = Field(8000, description="Port `clearway serve` binds.")
    idempotency_hours: int = Field(
        24, ge=1, description="How long Idempotency-Key results are kept."
    )

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.env != "development" and (
            self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32
        ):
            raise ValueError(
                "CLEARWAY_SECRET_KEY must be set to a random value of 32+ characters outside "
                "development"
            )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, read once per process (tests build their own)."""
    return Settings()
