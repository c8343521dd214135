"""The key that encrypts channel credentials at rest (Fernet: AES-128-CBC with HMAC-SHA256), and where it lives.

In order: Settings.channel_key (POS_CLOUD_CHANNEL_KEY); else, for a SQLite file, the key file channel.key
beside the database, made (mode 0600) the first time something is encrypted; else (PostgreSQL, or SQLite
in memory) there is no key and credentials cannot be stored. The key never appears in a log or a message.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.engine import make_url

from cloud.config import Settings
from cloud.errors import CloudError

KEY_FILE = "channel.key"


class ChannelKeyMissing(CloudError):
    status = 503
    code = "channels_unavailable"


def key_file_for(db_url: str) -> Path | None:
    """channel.key beside a SQLite file database; None for any other database."""
    url = make_url(db_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser().resolve().parent / KEY_FILE


class ChannelCipher:
    def __init__(self, settings: Settings) -> None:
        self._given = settings.channel_key
        self._file = key_file_for(settings.db_url)
        self._fernet: Fernet | None = None
        self._lock = threading.Lock()

    def encrypt(self, plain: bytes) -> str:
        return self._key(create=True).encrypt(plain).decode("ascii")

    def decrypt(self, token: str) -> bytes:
        try:
            return self._key(create=False).decrypt(token.encode("ascii"))
        except InvalidToken:
            raise ChannelKeyMissing(
                "the stored channel credentials do not open with this channel key "
                "(POS_CLOUD_CHANNEL_KEY or channel.key was changed); set them again"
            ) from None

    def _key(self, *, create: bool) -> Fernet:
        with self._lock:
            if self._fernet is None:
                self._fernet = self._load(create)
            return self._fernet

    def _load(self, create: bool) -> Fernet:
        if self._given is not None:
            return _fernet(self._given.get_secret_value().encode("ascii"), "POS_CLOUD_CHANNEL_KEY")
        if self._file is None:
            raise ChannelKeyMissing(
                "no channel key: set POS_CLOUD_CHANNEL_KEY to a Fernet key (make one with "
                "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`) "
                "to store channel credentials in this database"
            )
        if not self._file.exists():
            if not create:
                raise ChannelKeyMissing(f"the channel key file {self._file} is missing")
            _write_new_key(self._file)
        return _fernet(self._file.read_bytes().strip(), str(self._file))


def _fernet(key: bytes, source: str) -> Fernet:
    try:
        return Fernet(key)
    except ValueError:
        raise ChannelKeyMissing(f"the channel key in {source} is not a Fernet key") from None


def _write_new_key(path: Path) -> None:
    """Written whole under a temporary name, then linked into place: of two processes making the key at
    once, one link wins and both then read that key (never a half-written file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(Fernet.generate_key() + b"\n")
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
