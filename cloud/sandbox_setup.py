"""The payments sandbox as the service runs it: its keys kept in the database, credentials for a merchant
that point at it, and the demo shop.

One sandbox serves every merchant of a database, so its keys are made once (by `channels sandbox`,
`demo-shop` or `serve --sandbox`, whichever comes first) and stored, encrypted like the channels, in the
sandbox_config table: a merchant's sandbox credentials keep working after the service restarts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from cloud.channel_cipher import ChannelCipher
from cloud.channel_store import set_channels
from cloud.db import Database
from cloud.errors import Conflict, InvalidInput, NotFound
from cloud.pairing import PairingCode, new_pairing_code
from cloud.payment_models import SandboxConfigRow
from cloud.payments.credentials import MerchantChannels, revealed
from cloud.payments.keys import make_sandbox_pair
from cloud.payments.sandbox.app import ALIPAY_GATEWAY_PATH, GENERIC_PATH, WECHAT_PATH
from cloud.payments.sandbox.config import SandboxConfig
from cloud.tenants import create_merchant, create_store, find_merchant, find_store
from pos_app.clock import Clock

log = logging.getLogger(__name__)

DEMO_MERCHANT = "好又多便利店"
DEMO_STORE = "演示店"
_ROW_ID = 1


class SandboxKeys(BaseModel):
    """The sandbox's config and the merchant credentials that match it (at whatever base URL)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    config: SandboxConfig
    channels: MerchantChannels


def sandbox_keys(db: Database, cipher: ChannelCipher, clock: Clock) -> SandboxKeys:
    """The stored keys, made and stored first if there are none yet."""
    with db.read() as conn:
        token = conn.execute(
            select(SandboxConfigRow.ciphertext).where(SandboxConfigRow.id == _ROW_ID)
        ).scalar()
    if token is not None:
        return SandboxKeys.model_validate_json(cipher.decrypt(token))
    channels, config = make_sandbox_pair("http://127.0.0.1:8700")  # the URL is set per merchant later
    keys = SandboxKeys(config=config, channels=channels)
    made = cipher.encrypt(json.dumps(revealed(keys)).encode("utf-8"))
    try:
        with db.write() as conn:
            conn.execute(insert(SandboxConfigRow).values(id=_ROW_ID, ciphertext=made, updated_at=clock.now()))
    except IntegrityError:  # another process made them a moment ago: use those
        return sandbox_keys(db, cipher, clock)
    return keys


def channels_at(keys: SandboxKeys, base_url: str) -> MerchantChannels:
    """The sandbox's merchant credentials with every channel pointing at the sandbox under base_url."""
    base = base_url.strip().rstrip("/")
    data = revealed(keys.channels)
    data["wechat"]["base_url"] = base + WECHAT_PATH
    data["alipay"]["gateway_url"] = base + ALIPAY_GATEWAY_PATH
    for name in ("unionpay", "bestpay", "ecny"):
        data[name]["base_url"] = base + GENERIC_PATH
    try:
        return MerchantChannels.model_validate(data)
    except ValidationError:
        raise InvalidInput(f"'{base_url}' is not a base URL like http://127.0.0.1:8700") from None


def set_sandbox_channels(
    db: Database, cipher: ChannelCipher, clock: Clock, merchant_ref: str, base_url: str
) -> UUID:
    """Gives the merchant sandbox credentials for the sandbox of `pos-cloud serve --sandbox` at base_url."""
    with db.read() as conn:
        merchant_id = find_merchant(conn, merchant_ref)
    channels = channels_at(sandbox_keys(db, cipher, clock), base_url)
    set_channels(db, cipher, clock, merchant_id, channels)
    log.info("merchant %s now pays through the sandbox at %s (any code is accepted)", merchant_id, base_url)
    return merchant_id


def demo_shop(
    db: Database, cipher: ChannelCipher, clock: Clock, base_url: str, ttl_seconds: int
) -> tuple[UUID, PairingCode]:
    """好又多便利店 / 演示店 (made if missing), sandbox channels at base_url, and a fresh pairing code."""
    merchant_id = _ensure(lambda: _merchant_id(db), lambda: create_merchant(db, clock, DEMO_MERCHANT))
    store_ref = f"{DEMO_MERCHANT}/{DEMO_STORE}"
    _ensure(lambda: _store_id(db, store_ref), lambda: create_store(db, clock, str(merchant_id), DEMO_STORE))
    set_sandbox_channels(db, cipher, clock, str(merchant_id), base_url)
    return merchant_id, new_pairing_code(db, clock, store_ref, ttl_seconds)


def _merchant_id(db: Database) -> UUID:
    with db.read() as conn:
        return find_merchant(conn, DEMO_MERCHANT)


def _store_id(db: Database, ref: str) -> UUID:
    with db.read() as conn:
        return find_store(conn, ref).id


def _ensure(find: Callable[[], UUID], make: Callable[[], UUID]) -> UUID:
    """Finds it, or makes it; made by a concurrent run a moment ago (Conflict): found after all."""
    try:
        return find()
    except NotFound:
        pass
    try:
        return make()
    except Conflict:
        return find()
