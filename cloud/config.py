"""The service's settings, read from POS_CLOUD_* environment variables (or given by the CLI and tests)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_db_url() -> str:
    """A SQLite file in the platform's data folder, e.g. ~/.local/share/pos-cloud/cloud.db."""
    return f"sqlite:///{Path(user_data_dir('pos-cloud')) / 'cloud.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POS_CLOUD_", extra="ignore")

    db_url: str = Field(default_factory=default_db_url)  # sqlite:///... or postgresql+psycopg://...
    host: str = "127.0.0.1"
    port: int = Field(default=8700, ge=0, le=65535)
    pairing_code_ttl_seconds: int = Field(default=600, ge=1)
    # Guessing an 8-digit code: after this many failed pair attempts within the window, answer 429.
    pair_failures_per_ip: int = Field(default=10, ge=1)
    pair_failures_global: int = Field(default=100, ge=1)
    pair_failure_window_seconds: int = Field(default=60, ge=1)
    # The Fernet key that encrypts the merchants' channel credentials at rest (cloud/channel_cipher.py).
    # Unset with a SQLite file: a key file channel.key is made beside the database; unset with
    # PostgreSQL: credentials cannot be stored.
    channel_key: SecretStr | None = None
    # Mount the payments sandbox at /sandbox (demo and tests only: it accepts any payment code).
    sandbox: bool = False
