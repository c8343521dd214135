"""`pos-cloud demo-shop` and `serve --sandbox`: the demo till pairs with the code the command prints and
pays through the sandbox mounted in the service, also after the service restarts (its keys are kept, and its
orders: a payment made before the restart is refunded after it)."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest
import requests

from cloud.cli import main
from cloud.sandbox_setup import DEMO_MERCHANT
from tests.cloud.conftest import LiveCloud, Paired, Shop, run_cli, start_cloud

from .api_support import Shopfront, ok
from .support import code


def pair(cloud: LiveCloud, pairing_code: str) -> Paired:
    body = {"code": pairing_code, "device_uuid": str(uuid.uuid4()), "device_name": "演示收银机"}
    data = ok(requests.post(f"{cloud.url}/v1/devices/pair", json=body, timeout=30))
    return Paired(
        data["device_id"],
        data["device_secret"],
        data["pin_pepper"],
        data["store_id"],
        data["merchant_id"],
        "",
        data,
    )


def front_of(cloud: LiveCloud, till: Paired) -> Shopfront:
    data = till.answer
    shop = Shop(
        uuid.UUID(data["merchant_id"]), data["merchant_name"], uuid.UUID(data["store_id"]), data["store_name"]
    )
    return Shopfront(cloud, shop, till, till.session(cloud))


def test_the_demo_shop_pays_through_the_sandbox_of_the_service_also_after_a_restart(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    db_url = f"sqlite:///{tmp_path / 'cloud.db'}"
    with caplog.at_level(logging.WARNING, logger="cloud.app"):
        cloud = start_cloud(db_url, sandbox=True)
    assert "accepts ANY payment code" in caplog.text
    try:
        made = run_cli("demo-shop", "--base-url", cloud.url, db_url=db_url)
        assert made.returncode == 0, made.stderr
        first_code = made.stdout.strip().splitlines()[-1]
        assert len(first_code) == 8 and first_code.isdigit()
        till = pair(cloud, first_code)
        assert till.answer["merchant_name"] == DEMO_MERCHANT
        front = front_of(cloud, till)
        before = {channel: ok(front.pay(code(channel, "07"))) for channel in ("wechat", "alipay", "ecny")}
        assert {paid["state"] for paid in before.values()} == {"success"}

        assert main(["--db", db_url, "demo-shop", "--base-url", cloud.url]) == 0  # again: the same shop
        again = capsys.readouterr().out.strip().splitlines()
        assert again[-1] != first_code and str(till.merchant_id) in again[0]
        assert pair(cloud, again[-1]).store_id == till.store_id
    finally:
        cloud.stop()

    restarted = start_cloud(db_url, sandbox=True, port=int(cloud.url.rsplit(":", 1)[1]))
    try:
        front = front_of(restarted, till)
        assert ok(front.pay(code("unionpay", "07")))["state"] == "success"
        again = ok(front.pay(code("wechat", "07")))
        assert again["state"] == "success"
        assert again["channel_trade_no"] != before["wechat"]["channel_trade_no"]  # numbering goes on
        for paid in before.values():  # the sandbox still knows them: the channels refund them
            refunded = ok(front.refund(paid["out_trade_no"], 500))
            assert (refunded["state"], refunded["refund_fen"]) == ("refunded", 500), refunded
    finally:
        restarted.stop()
