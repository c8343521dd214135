"""The running service's view of its merchants' channels: decrypted once, with the adapters built from them.

Building an adapter is not free (Alipay's parses two RSA keys) and decrypting is not either, so both are
kept in memory per merchant, keyed by the stored version: a look-up reads that one integer (at most once
a second per merchant), and a `channels set` from any process makes the next look-up load the new
credentials. All adapters share one
requests.Session, so calls to a channel reuse their keep-alive connections.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

import requests
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies

from cloud.channel_cipher import ChannelCipher
from cloud.channel_store import channel_version, load_channels, set_channels
from cloud.db import Database
from cloud.payments.credentials import MerchantChannels
from cloud.payments.model import PaymentChannel
from cloud.payments.router import SUPPORTED_CHANNELS, adapter_for_channel
from cloud.payments.transport import DEFAULT_TIMEOUT
from pos_app.clock import Clock

POOL_SIZE = 64  # keep-alive connections kept per channel host: more than the API's worker threads
# How long a merchant's channels are used before the stored version is looked at again: a `channels set`
# from another process (the admin CLI) takes effect within this; one in this process at once.
RECHECK_SECONDS = 1.0


class ChannelSession(requests.Session):
    """Keep-alive connections to the channels, and the environment's proxy settings read once per host:
    requests otherwise re-reads all of os.environ on every request (milliseconds with a large one)."""

    def __init__(self) -> None:
        super().__init__()
        self.trust_env = False  # netrc is never the channels' business; proxies are read below
        self._environment: dict[str, tuple[dict[str, str], str | None]] = {}
        pooled = HTTPAdapter(pool_connections=8, pool_maxsize=POOL_SIZE)
        self.mount("https://", pooled)
        self.mount("http://", pooled)

    def merge_environment_settings(
        self,
        url: str | bytes | None,
        proxies: Mapping[str, str] | None,
        stream: bool | None,
        verify: Any,
        cert: Any,
    ) -> Any:
        text = url.decode() if isinstance(url, bytes) else url or ""
        parts = urlsplit(text)
        where = f"{parts.scheme}://{parts.netloc}"
        found = self._environment.get(where)
        if found is None:
            bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
            found = self._environment.setdefault(where, (get_environ_proxies(text), bundle))
        env_proxies, bundle = found
        if bundle and (verify is True or verify is None):
            verify = bundle
        return super().merge_environment_settings(
            url, {**env_proxies, **(proxies or {})}, stream, verify, cert
        )


def channel_session() -> requests.Session:
    return ChannelSession()


@dataclass
class _Entry:
    version: int
    channels: MerchantChannels
    checked_at: float  # time.monotonic() of the last look at the stored version
    adapters: dict[str, PaymentChannel] = field(default_factory=dict)


class ChannelBook:
    def __init__(
        self,
        db: Database,
        cipher: ChannelCipher,
        clock: Clock,
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.db = db
        self.cipher = cipher
        self.clock = clock
        self.session = session or channel_session()
        self.timeout = timeout
        self._entries: dict[UUID, _Entry] = {}
        self._lock = threading.Lock()

    def channels(self, merchant_id: UUID) -> MerchantChannels:
        return self._entry(merchant_id).channels

    def open_channels(self, merchant_id: UUID) -> list[str]:
        channels = self.channels(merchant_id)
        return [name for name in SUPPORTED_CHANNELS if getattr(channels, name) is not None]

    def adapter(self, merchant_id: UUID, channel: str) -> PaymentChannel:
        """ChannelNotSupported or ChannelNotConfigured (cloud.payments.errors) when there is none."""
        entry = self._entry(merchant_id)
        found = entry.adapters.get(channel)
        if found is None:
            found = adapter_for_channel(
                channel, entry.channels, session=self.session, clock=self.clock, timeout=self.timeout
            )
            with self._lock:
                entry.adapters.setdefault(channel, found)
        return found

    def set(self, merchant_id: UUID, channels: MerchantChannels) -> int:
        version = set_channels(self.db, self.cipher, self.clock, merchant_id, channels)
        with self._lock:
            self._entries.pop(merchant_id, None)
        return version

    def _entry(self, merchant_id: UUID) -> _Entry:
        entry = self._entries.get(merchant_id)
        now = time.monotonic()
        if entry is not None and now - entry.checked_at < RECHECK_SECONDS:
            return entry
        with self.db.read() as conn:
            version = channel_version(conn, merchant_id) or 0
        if entry is not None and entry.version == version:
            entry.checked_at = now
            return entry
        version, channels = load_channels(self.db, self.cipher, merchant_id)
        entry = _Entry(version, channels, now)
        with self._lock:
            self._entries[merchant_id] = entry
        return entry

    def close(self) -> None:
        self.session.close()
