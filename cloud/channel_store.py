"""A merchant's channel credentials in the database: encrypted when stored, checked when read from a file,
and shown without a single secret.

The row keeps MerchantChannels as JSON with its secrets revealed, Fernet-encrypted (cloud/channel_cipher.py);
its version goes up with every change, which is how a running service notices a `channels set` made by
the admin CLI in another process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast
from uuid import UUID

from pydantic import BaseModel, SecretStr, ValidationError
from sqlalchemy import Connection, Table, bindparam, insert, select, update

from cloud.channel_cipher import ChannelCipher
from cloud.db import Database
from cloud.errors import InvalidInput
from cloud.payment_models import MerchantChannelsRow
from cloud.payments.credentials import MerchantChannels, revealed
from cloud.payments.router import SUPPORTED_CHANNELS
from pos_app.clock import Clock

_SHOWN_FIELDS_MAX = 80  # a public key PEM is long: shown by its first characters only


def set_channels(
    db: Database, cipher: ChannelCipher, clock: Clock, merchant_id: UUID, channels: MerchantChannels
) -> int:
    """Stores (replaces) the merchant's channels; returns the new version."""
    token = cipher.encrypt(json.dumps(revealed(channels), ensure_ascii=False).encode("utf-8"))
    now = clock.now()
    with db.write() as conn:
        version = channel_version(conn, merchant_id)
        if version is None:
            conn.execute(
                insert(MerchantChannelsRow).values(
                    merchant_id=merchant_id, ciphertext=token, version=1, updated_at=now
                )
            )
            return 1
        conn.execute(
            update(MerchantChannelsRow)
            .where(MerchantChannelsRow.merchant_id == merchant_id)
            .values(ciphertext=token, version=version + 1, updated_at=now)
        )
        return version + 1


_TABLE = cast(Table, MerchantChannelsRow.__table__)
_VERSION = select(_TABLE.c.version).where(
    _TABLE.c.merchant_id == bindparam("b_merchant")
)  # built once: per payment


def channel_version(conn: Connection, merchant_id: UUID) -> int | None:
    version: int | None = conn.execute(_VERSION, {"b_merchant": merchant_id}).scalar()
    return version


def load_channels(db: Database, cipher: ChannelCipher, merchant_id: UUID) -> tuple[int, MerchantChannels]:
    """(version, channels); version 0 and no channel open when nothing was ever stored."""
    with db.read() as conn:
        row = conn.execute(
            select(MerchantChannelsRow.version, MerchantChannelsRow.ciphertext).where(
                MerchantChannelsRow.merchant_id == merchant_id
            )
        ).first()
    if row is None:
        return 0, MerchantChannels()
    return row.version, MerchantChannels.model_validate_json(cipher.decrypt(row.ciphertext))


def read_channels_file(path: Path) -> MerchantChannels:
    """MerchantChannels from a JSON file, or InvalidInput naming every wrong field (never a value)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}") from None
    try:
        return MerchantChannels.model_validate_json(text)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in error['loc']) or '(the file)'}: {error['msg']}"
            for error in exc.errors(include_url=False, include_input=False)[:10]
        ]
        raise InvalidInput(
            f"{path} is not valid channel credentials, nothing was changed: " + "; ".join(problems)
        ) from None


def describe(channels: MerchantChannels) -> list[str]:
    """One line per channel: open or not, and its fields that are not secret."""
    lines = []
    for name in SUPPORTED_CHANNELS:
        creds = getattr(channels, name)
        if creds is None:
            lines.append(f"{name}: not open")
            continue
        assert isinstance(creds, BaseModel)
        shown = [f"{field}={_shown(getattr(creds, field))}" for field in type(creds).model_fields]
        lines.append(f"{name}: " + " ".join(s for s in shown if s))
    return lines


def _shown(value: object) -> str:
    if isinstance(value, SecretStr):
        return "(secret)"
    if value is None:
        return "-"
    text = str(value)
    if "-----BEGIN" in text:
        return "(PEM, public)"
    return text if len(text) <= _SHOWN_FIELDS_MAX else text[:_SHOWN_FIELDS_MAX] + "…"
