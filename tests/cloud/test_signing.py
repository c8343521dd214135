"""Signed requests: a bad signature, a skewed clock, a replayed nonce or an unknown device get 401 and
store nothing; a revoked device gets 403. Every answer carries the server's clock."""

from __future__ import annotations

import time
import uuid

import pytest
import requests

from cloud.devices import revoke_device
from sync.signing import NONCE, SERVER_TIME, SIGNATURE, signed_headers
from tests.cloud.conftest import LiveCloud, Paired, Shop, pair_device
from tests.cloud.events import order_event

PUSH = "/v1/sync/push"


def _push(cloud: LiveCloud, headers: dict[str, str], body: bytes) -> requests.Response:
    headers = {**headers, "Content-Type": "application/json"}
    return requests.post(f"{cloud.url}{PUSH}", data=body, headers=headers, timeout=30)


def _body() -> bytes:
    import json

    return json.dumps({"events": [order_event()]}).encode()


def _headers(till: Paired, body: bytes, skew: int = 0, path: str = PUSH) -> dict[str, str]:
    return signed_headers(till.device_id, till.secret, "POST", path, body, int(time.time()) + skew)


def test_a_well_signed_push_is_accepted(cloud: LiveCloud, till: Paired) -> None:
    answer = _push(cloud, _headers(till, body := _body()), body)
    assert answer.status_code == 200, answer.text
    assert int(answer.headers[SERVER_TIME]) == pytest.approx(time.time(), abs=5)


def test_a_bad_signature_is_refused_and_stores_nothing(cloud: LiveCloud, till: Paired) -> None:
    body = _body()
    before = cloud.counts()
    headers = _headers(till, body)
    tampered = body.replace(b'"cash"', b'"card"')
    for attempt in (
        _push(cloud, headers, tampered),
        _push(cloud, {**headers, SIGNATURE: "0" * 64}, body),
        _push(cloud, {**headers, SIGNATURE: "é"}, body),
        _push(cloud, _headers(till, body, path="/v1/sync/pull"), body),
        _push(
            cloud,
            signed_headers(till.device_id, "not-the-secret", "POST", PUSH, body, int(time.time())),
            body,
        ),
        _push(cloud, {"Content-Type": "application/json"}, body),
    ):
        assert attempt.status_code == 401, attempt.text
        assert attempt.json()["code"] == "bad_signature"
        assert SERVER_TIME in attempt.headers
    assert cloud.counts() == before


@pytest.mark.parametrize("skew", [-301, 301])
def test_a_clock_off_by_more_than_300_seconds_is_refused(cloud: LiveCloud, till: Paired, skew: int) -> None:
    body = _body()
    before = cloud.counts()
    answer = _push(cloud, _headers(till, body, skew=skew), body)
    assert answer.status_code == 401
    assert answer.json()["code"] == "clock_skew"
    assert cloud.counts() == before


def test_a_clock_off_by_less_than_the_window_is_fine(cloud: LiveCloud, till: Paired) -> None:
    body = _body()
    assert _push(cloud, _headers(till, body, skew=-290), body).status_code == 200


def test_a_replayed_request_is_refused_and_stores_nothing(cloud: LiveCloud, till: Paired) -> None:
    body = _body()
    headers = _headers(till, body)
    assert _push(cloud, headers, body).status_code == 200
    after_first = cloud.counts()
    replay = _push(cloud, headers, body)
    assert replay.status_code == 401
    assert replay.json()["code"] == "replayed_nonce"
    assert cloud.counts() == after_first
    # the same nonce on another (well-signed) request is a replay as well
    other = _body()
    again = signed_headers(till.device_id, till.secret, "POST", PUSH, other, int(time.time()))
    again[NONCE] = headers[NONCE]
    again[SIGNATURE] = _resign(till, other, again)
    assert _push(cloud, again, other).json()["code"] == "replayed_nonce"
    assert cloud.counts() == after_first


def _resign(till: Paired, body: bytes, headers: dict[str, str]) -> str:
    from sync.signing import TIMESTAMP, sign

    return sign(till.secret, "POST", PUSH, int(headers[TIMESTAMP]), headers[NONCE], body)


def test_an_unknown_device_is_refused(cloud: LiveCloud, till: Paired) -> None:
    body = _body()
    for device_id in (str(uuid.uuid4()), "not-a-uuid"):
        headers = signed_headers(device_id, till.secret, "POST", PUSH, body, int(time.time()))
        answer = _push(cloud, headers, body)
        assert answer.status_code == 401
        assert answer.json()["code"] == "unknown_device"


def test_a_revoked_device_gets_403_and_stores_nothing(cloud: LiveCloud, shop: Shop) -> None:
    till = pair_device(cloud, shop.store_id)
    assert revoke_device(cloud.db, cloud.clock, till.device_id)
    before = cloud.counts()
    body = _body()
    answer = _push(cloud, _headers(till, body), body)
    assert answer.status_code == 403
    assert answer.json()["code"] == "device_revoked"
    with till.session(cloud) as session:
        assert session.get("/v1/sync/catalog").status_code == 403
    assert cloud.counts() == before


def test_the_query_string_is_signed_too(cloud: LiveCloud, till: Paired) -> None:
    path = "/v1/sync/catalog?after=0&limit=10"
    headers = signed_headers(till.device_id, till.secret, "GET", path, b"", int(time.time()))
    ok = requests.get(f"{cloud.url}{path}", headers=headers, timeout=30)
    assert ok.status_code == 200, ok.text
    headers = signed_headers(till.device_id, till.secret, "GET", path, b"", int(time.time()))
    moved = requests.get(f"{cloud.url}/v1/sync/catalog?after=0&limit=11", headers=headers, timeout=30)
    assert moved.status_code == 401 and moved.json()["code"] == "bad_signature"


def test_every_answer_carries_the_server_time(cloud: LiveCloud) -> None:
    for answer in (
        requests.get(f"{cloud.url}/healthz", timeout=30),
        requests.get(f"{cloud.url}/no/such/page", timeout=30),
        requests.get(f"{cloud.url}/v1/sync/push", timeout=30),
        requests.get(f"{cloud.url}/v1/sync/catalog", timeout=30),
    ):
        assert SERVER_TIME in answer.headers, answer.url
        if answer.status_code >= 400:
            assert set(answer.json()) == {"code", "message"}
    assert requests.get(f"{cloud.url}/healthz", timeout=30).json() == {"status": "ok"}
