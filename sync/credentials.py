"""The paired till's device credentials and the merchant's PIN pepper, in files beside the database.

Both are secrets: each file is written atomically (a private temporary file, fsync, rename, fsync of the
folder) with mode 0600, so a crash leaves the old file or the new one, and no other user can read them.
The secret is kept out of every repr, log line and message.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from pos_app.services.till import MERCHANT_PEPPER_FILE
from pos_app.store.db import storage_error
from pos_app.sync_errors import CloudProtocolError, CredentialsMissing, NotPaired

CREDENTIALS_FILE = "device-credentials.json"


@dataclass(frozen=True)
class Credentials:
    cloud_url: str
    device_id: str  # the cloud's id of this till: X-Device-Id
    device_secret: str = field(repr=False)  # the HMAC key of every signed request


def merchant_pepper_bytes(pin_pepper: str) -> bytes:
    """The pepper as the cloud keys PIN hashes with it: the 32 bytes its urlsafe base64 text stands for."""
    try:
        raw = base64.urlsafe_b64decode(pin_pepper + "=" * (-len(pin_pepper) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise CloudProtocolError("the cloud's PIN pepper is not 32 bytes of urlsafe base64")
    return raw


def write_private(path: Path, data: bytes) -> None:
    """Replaces `path` with `data` atomically; only the till's user may read it (0600)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()  # left by a crash in the middle of an earlier write
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError as exc:
        raise storage_error(exc, path) from None


def save(data_dir: Path, credentials: Credentials, pin_pepper: str) -> None:
    """Stores what pairing returned: the merchant's pepper first, then the credentials that make it usable."""
    write_private(data_dir / MERCHANT_PEPPER_FILE, merchant_pepper_bytes(pin_pepper))
    document = {
        "cloud_url": credentials.cloud_url,
        "device_id": credentials.device_id,
        "device_secret": credentials.device_secret,
    }
    write_private(data_dir / CREDENTIALS_FILE, json.dumps(document, indent=2).encode())


def load(data_dir: Path, paired: bool) -> Credentials:
    """The credentials of a paired till; NotPaired before pairing, CredentialsMissing if the file is gone."""
    path = data_dir / CREDENTIALS_FILE
    try:
        document = json.loads(path.read_bytes())
        return Credentials(
            cloud_url=str(document["cloud_url"]),
            device_id=str(document["device_id"]),
            device_secret=str(document["device_secret"]),
        )
    except FileNotFoundError:
        if paired:
            raise CredentialsMissing(str(path)) from None
        raise NotPaired() from None
    except (OSError, ValueError, KeyError, TypeError):
        raise CredentialsMissing(str(path)) from None
