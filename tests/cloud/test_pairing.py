"""Pairing a till: one-time codes that expire, a fresh secret per pairing, throttled guessing."""

from __future__ import annotations

import uuid

import requests
from sqlalchemy import select

from cloud.models import DeviceRow
from sync.protocol import PairResponse
from sync.signing import SERVER_TIME
from tests.cloud.conftest import (
    LiveCloud,
    MovableClock,
    Shop,
    make_store,
    pair_device,
    pairing_code,
    start_cloud,
)


def _pair(cloud: LiveCloud, code: str, device_uuid: str | None = None) -> requests.Response:
    body = {"code": code, "device_uuid": device_uuid or str(uuid.uuid4()), "device_name": "收银台 1"}
    return requests.post(f"{cloud.url}/v1/devices/pair", json=body, timeout=30)


def test_a_good_code_pairs_the_till_with_its_store_and_hands_over_secret_and_pepper(
    cloud: LiveCloud, shop: Shop
) -> None:
    answer = _pair(cloud, pairing_code(cloud, shop.store_id))
    assert answer.status_code == 200, answer.text
    assert SERVER_TIME in answer.headers
    paired = PairResponse.model_validate(answer.json())
    assert paired.store_id == shop.store_id and paired.merchant_id == shop.merchant_id
    assert paired.store_name == shop.store_name and paired.merchant_name == shop.merchant_name
    assert len(paired.device_secret) >= 43 and len(paired.pin_pepper) >= 43
    again = pair_device(cloud, shop.store_id)
    assert again.pin_pepper == paired.pin_pepper  # one pepper per merchant
    assert again.secret != paired.device_secret


def test_a_used_code_is_refused(cloud: LiveCloud, shop: Shop) -> None:
    code = pairing_code(cloud, shop.store_id)
    assert _pair(cloud, code).status_code == 200
    second = _pair(cloud, code)
    assert second.status_code == 400
    assert second.json()["code"] == "pairing_code_invalid"
    assert SERVER_TIME in second.headers


def test_a_code_older_than_ten_minutes_has_expired(cloud: LiveCloud, shop: Shop, clock: MovableClock) -> None:
    code = pairing_code(cloud, shop.store_id)
    clock.advance(seconds=601)
    answer = _pair(cloud, code)
    assert answer.status_code == 410
    assert answer.json()["code"] == "pairing_code_expired"


def test_a_code_is_still_good_just_before_it_expires(
    cloud: LiveCloud, shop: Shop, clock: MovableClock
) -> None:
    code = pairing_code(cloud, shop.store_id)
    clock.advance(seconds=590)
    assert _pair(cloud, code).status_code == 200


def test_a_wrong_code_is_refused_and_a_malformed_one_is_invalid_input(cloud: LiveCloud, shop: Shop) -> None:
    code = pairing_code(cloud, shop.store_id)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    answer = _pair(cloud, wrong)
    assert answer.status_code == 400 and answer.json()["code"] == "pairing_code_invalid"
    malformed = _pair(cloud, "12ab")
    assert malformed.status_code == 422 and malformed.json()["code"] == "invalid_payload"


def test_pairing_the_same_till_again_revokes_its_old_secret(cloud: LiveCloud, shop: Shop) -> None:
    first = pair_device(cloud, shop.store_id)
    second = pair_device(cloud, shop.store_id, device_uuid=first.device_uuid)
    assert second.device_id != first.device_id
    with first.session(cloud) as old:
        refused = old.get("/v1/sync/catalog")
    assert refused.status_code == 403 and refused.json()["code"] == "device_revoked"
    with second.session(cloud) as new:
        assert new.get("/v1/sync/catalog").status_code == 200
    with cloud.db.read() as conn:
        rows = conn.execute(
            select(DeviceRow.id, DeviceRow.revoked_at).where(
                DeviceRow.device_uuid == uuid.UUID(first.device_uuid)
            )
        ).all()
    assert {str(r.id): r.revoked_at is not None for r in rows} == {
        first.device_id: True,
        second.device_id: False,
    }


def test_guessing_is_throttled_after_ten_failures_a_minute(db_url: str) -> None:
    """Its own service, so the other tests' failures do not count; the clock ends the minute."""
    cloud = start_cloud(db_url)
    try:
        shop = make_store(cloud)
        code = pairing_code(cloud, shop.store_id)
        wrong = f"{(int(code) + 1) % 10**8:08d}"
        answers = [_pair(cloud, wrong).status_code for _ in range(10)]
        assert answers == [400] * 10
        blocked = _pair(cloud, code)  # even the right code: the guesser must learn nothing
        assert blocked.status_code == 429 and blocked.json()["code"] == "rate_limited"
        assert SERVER_TIME in blocked.headers
        cloud.clock.advance(seconds=61)
        assert _pair(cloud, code).status_code == 200
    finally:
        cloud.stop()
