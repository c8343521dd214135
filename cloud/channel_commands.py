"""The admin commands for payment channels: `channels set | show | sandbox` and `demo-shop`.

`channels set` reads MerchantChannels JSON (secrets in it, so keep the file 0600 and delete it after);
a file that does not validate changes nothing and the error names each wrong field. `channels show`
prints the open channels and their fields that are not secret. `demo-shop` prints a fresh pairing code
alone on its last line.
"""

from __future__ import annotations

import argparse

from cloud.channel_cipher import ChannelCipher
from cloud.channel_store import describe, load_channels, read_channels_file, set_channels
from cloud.config import Settings
from cloud.db import Database
from cloud.tenants import find_merchant
from pos_app.clock import Clock


def default_base_url(settings: Settings) -> str:
    """Where `pos-cloud serve --sandbox` listens by default: the sandbox is mounted in the service."""
    return f"http://{settings.host}:{settings.port}"


def channels_set(db: Database, settings: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
    channels = read_channels_file(args.file)  # before anything is looked up or written
    with db.read() as conn:
        merchant_id = find_merchant(conn, args.merchant)
    version = set_channels(db, ChannelCipher(settings), clock, merchant_id, channels)
    return [f"channels of merchant {merchant_id} stored encrypted (version {version}):", *describe(channels)]


def channels_show(db: Database, settings: Settings, _c: Clock, args: argparse.Namespace) -> list[str]:
    with db.read() as conn:
        merchant_id = find_merchant(conn, args.merchant)
    version, channels = load_channels(db, ChannelCipher(settings), merchant_id)
    head = f"channels of merchant {merchant_id}" + (f" (version {version}):" if version else ": none set")
    return [head, *describe(channels)]


def channels_sandbox(db: Database, settings: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
    from cloud.sandbox_setup import set_sandbox_channels  # the sandbox (FastAPI) only when asked for

    merchant_id = set_sandbox_channels(db, ChannelCipher(settings), clock, args.merchant, args.base_url)
    return [
        f"merchant {merchant_id} now pays through the sandbox at {args.base_url}/sandbox "
        "(run `pos-cloud serve --sandbox` there; it accepts any payment code)",
        str(merchant_id),
    ]


def demo(db: Database, settings: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
    from cloud.sandbox_setup import DEMO_MERCHANT, DEMO_STORE, demo_shop

    base_url = args.base_url or default_base_url(settings)
    cipher = ChannelCipher(settings)
    merchant_id, code = demo_shop(db, cipher, clock, base_url, settings.pairing_code_ttl_seconds)
    valid = f"{code.expires_at:%Y-%m-%d %H:%M:%S} UTC"
    return [
        f"demo shop {DEMO_MERCHANT} / {DEMO_STORE}: merchant {merchant_id}, store {code.store_id}",
        f"sandbox channels at {base_url}/sandbox (serve it with `pos-cloud serve --sandbox`)",
        f"pairing code, single use, valid until {valid}:",
        code.code,
    ]
