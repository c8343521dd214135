"""Pairing a till with the merchant's cloud: a one-time code for the device's credentials.

The credentials and the merchant's PIN pepper are written to their private files before the database
records the pairing, so a till that says it is paired always has what it needs to sign (a crash in
between leaves an unpaired till with files that the next pairing replaces).
"""

from __future__ import annotations

import re
import socket
import uuid
from dataclasses import dataclass

import requests
from pydantic import ValidationError

from pos_app.errors import InvalidInput
from pos_app.services.till import Till
from sync import credentials
from sync.client import SyncClient
from sync.credentials import Credentials
from sync.protocol import PairRequest

_CODE = re.compile(r"^\d{8}$")


@dataclass(frozen=True)
class Paired:
    """What pairing tells the shop owner; the secret is deliberately not here."""

    device_id: str
    merchant_name: str
    store_name: str


def pair(
    till: Till, cloud_url: str, code: str, device_name: str = "", session: requests.Session | None = None
) -> Paired:
    cloud_url = cloud_url.strip().rstrip("/")
    if not cloud_url.startswith(("https://", "http://")):
        raise InvalidInput(
            "the cloud address starts with https:// (or http:// on a local network)",
            "云端地址应以 https:// 开头（局域网可用 http://）",
        )
    code = code.strip().replace(" ", "").replace("-", "")
    if not _CODE.match(code):
        raise InvalidInput("the pairing code is 8 digits", "绑定码为 8 位数字")
    try:
        request = PairRequest(
            code=code,
            device_uuid=uuid.UUID(till.device_id),
            device_name=(device_name or socket.gethostname())[:200],
        )
    except ValidationError:
        raise InvalidInput("the device name is too long", "设备名称过长") from None
    client = SyncClient(cloud_url, session=session)
    try:
        answer = client.pair(request)
    finally:
        if session is None:
            client.close()
    device_id = str(answer.device_id)
    credentials.save(
        till.data_dir, Credentials(cloud_url, device_id, answer.device_secret), answer.pin_pepper
    )
    till.sync_state.record_pairing(cloud_url, device_id, answer.merchant_name, answer.store_name)
    return Paired(device_id, answer.merchant_name, answer.store_name)
