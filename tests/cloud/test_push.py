"""Pushing events: each stored exactly once, a bad one refused on its own, a bad request refused whole."""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
import requests
from sqlalchemy import select

from cloud.models import OrderLineRow, OrderRow, OrderVoidRow, OverrideRow, TenderRow
from sync.protocol import MAX_BODY_BYTES, MAX_EVENTS_PER_PUSH, PushResponse
from sync.signing import signed_headers
from tests.cloud.conftest import BaseUrlSession, LiveCloud, Paired
from tests.cloud.events import order_event, override_event, statuses, void_event


def test_a_batch_pushed_twice_is_stored_once_and_acked_both_times(
    cloud: LiveCloud, signed: BaseUrlSession
) -> None:
    batch = {"events": [order_event(lines=5) for _ in range(3)]}
    before = cloud.counts()
    first = signed.post("/v1/sync/push", json=batch)
    assert statuses(first) == ["stored"] * 3
    PushResponse.model_validate(first.json())
    assert statuses(signed.post("/v1/sync/push", json=batch)) == ["duplicate"] * 3
    after = cloud.counts()
    assert after["orders"] - before["orders"] == 3
    assert after["order_lines"] - before["order_lines"] == 15
    assert after["tenders"] - before["tenders"] == 3
    assert after["received_events"] - before["received_events"] == 3


def test_two_tills_pushing_the_same_batch_at_once_store_it_once(
    cloud: LiveCloud, till: Paired, signed: BaseUrlSession
) -> None:
    batch = {"events": [order_event(lines=5) for _ in range(40)]}
    before = cloud.counts()
    results: list[list[str]] = []
    start = threading.Barrier(4)

    def push() -> None:
        with till.session(cloud) as session:
            start.wait()
            results.append(statuses(session.post("/v1/sync/push", json=batch)))

    threads = [threading.Thread(target=push) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 4
    for i in range(40):
        column = sorted(r[i] for r in results)
        assert column == ["duplicate", "duplicate", "duplicate", "stored"], column
    after = cloud.counts()
    assert after["orders"] - before["orders"] == 40
    assert after["order_lines"] - before["order_lines"] == 200


def _bad_events() -> list[tuple[dict[str, Any], str]]:
    no_total = order_event()
    no_total["order"]["total_fen"] += 1
    no_total["order"]["tenders"][0]["amount_fen"] += 1
    underpaid = order_event()
    underpaid["order"]["tenders"][0]["amount_fen"] -= 1
    naive = order_event()
    naive["order"]["created_at"] = "2026-11-25T10:00:00"
    ancient = order_event()
    ancient["occurred_at"] = "0025-09-05T12:48:09+22:25"
    old_day = order_event(day=date(1999, 12, 31))
    shape = order_event()
    del shape["order"]["lines"][0]["net_fen"]
    twice = order_event(lines=2)
    twice["order"]["lines"][1]["line_no"] = 1
    shared = order_event(lines=2)
    shared["order"]["lines"][1]["uuid"] = shared["order"]["lines"][0]["uuid"]
    return [
        (no_total, "net_fen add up to"),
        (underpaid, "amount_fen add up to"),
        (naive, "UTC offset"),
        (ancient, "not between 2000 and 2100"),
        (old_day, "business_day 1999-12-31"),
        (shape, "net_fen"),
        (twice, "line_no"),
        (shared, "own uuid"),
        ({"kind": "gift", "event_id": str(uuid.uuid4())}, "kind"),
        (void_event(str(uuid.uuid4())), "unknown to this store"),
    ]


def test_a_bad_event_among_good_ones_is_rejected_alone(cloud: LiveCloud, signed: BaseUrlSession) -> None:
    bad = _bad_events()
    good = [order_event() for _ in range(len(bad))]
    events = [e for pair in zip(good, (b for b, _ in bad), strict=True) for e in pair]
    before = cloud.counts()
    answer = signed.post("/v1/sync/push", json={"events": events})
    results = answer.json()["results"]
    assert [r["event_id"] for r in results] == [e["event_id"] for e in events]
    assert [r["status"] for r in results[0::2]] == ["stored"] * len(good)
    for (_, reason), result in zip(bad, results[1::2], strict=True):
        assert result["status"] == "rejected"
        assert reason in result["error"], result["error"]
    assert cloud.counts()["orders"] - before["orders"] == len(good)
    assert cloud.counts()["received_events"] - before["received_events"] == len(good)


def test_times_with_any_offset_are_stored_as_utc(cloud: LiveCloud, signed: BaseUrlSession) -> None:
    sale = order_event()
    sale["order"]["created_at"] = "2026-11-25T23:59:00+23:59"  # beyond PostgreSQL's ±15:59 offsets
    assert statuses(signed.post("/v1/sync/push", json={"events": [sale]})) == ["stored"]
    with cloud.db.read() as conn:
        created = conn.execute(
            select(OrderRow.created_at).where(OrderRow.uuid == uuid.UUID(sale["order"]["uuid"]))
        ).scalar_one()
    assert created == datetime(2026, 11, 25, 0, 0, tzinfo=UTC)


def test_overrides_and_voids_are_stored_as_records_of_their_own(
    cloud: LiveCloud, signed: BaseUrlSession
) -> None:
    sale = order_event(lines=3)
    order_uuid = sale["order"]["uuid"]
    approval = override_event(order_uuid)
    void = void_event(order_uuid, approval["override"]["uuid"])
    again = void_event(order_uuid)
    answer = signed.post("/v1/sync/push", json={"events": [sale, approval, void, again]})
    results = answer.json()["results"]
    assert [r["status"] for r in results] == ["stored", "stored", "stored", "rejected"]
    assert "already voided" in results[3]["error"]
    with cloud.db.read() as conn:
        key = uuid.UUID(order_uuid)
        total = conn.execute(select(OrderRow.total_fen).where(OrderRow.uuid == key)).scalar_one()
        assert total == 1050
        voids = conn.execute(select(OrderVoidRow.uuid).where(OrderVoidRow.order_uuid == key))
        assert len(voids.all()) == 1
        override = conn.execute(select(OverrideRow.reason).where(OverrideRow.order_uuid == key))
        assert override.scalar_one() == "顾客退单"
        lines = conn.execute(select(OrderLineRow.net_fen).where(OrderLineRow.order_uuid == key))
        assert sorted(lines.scalars()) == [350, 350, 350]
        tender = conn.execute(select(TenderRow.amount_fen).where(TenderRow.order_uuid == key))
        assert tender.scalar_one() == 1050


def test_a_record_uuid_pushed_again_under_a_new_event_id_is_rejected(
    cloud: LiveCloud, signed: BaseUrlSession
) -> None:
    sale = order_event()
    assert statuses(signed.post("/v1/sync/push", json={"events": [sale]})) == ["stored"]
    copy = json.loads(json.dumps(sale))
    copy["event_id"] = str(uuid.uuid4())
    result = signed.post("/v1/sync/push", json={"events": [copy]}).json()["results"][0]
    assert result["status"] == "rejected" and "already exists" in result["error"]
    line_clash = order_event()
    line_clash["order"]["lines"][0]["uuid"] = sale["order"]["lines"][0]["uuid"]
    result = signed.post("/v1/sync/push", json={"events": [line_clash]}).json()["results"][0]
    assert result["status"] == "rejected" and "line or tender" in result["error"]


def _signed_raw(cloud: LiveCloud, till: Paired, body: bytes, **headers: str) -> requests.Response:
    sent = {
        **signed_headers(till.device_id, till.secret, "POST", "/v1/sync/push", body, int(time.time())),
        "Content-Type": "application/json",
        **headers,
    }
    return requests.post(f"{cloud.url}/v1/sync/push", data=body, headers=sent, timeout=60)


def test_an_oversized_body_is_refused_with_413_before_it_is_read(cloud: LiveCloud, till: Paired) -> None:
    before = cloud.counts()
    padding = "x" * (MAX_BODY_BYTES + 10)
    body = json.dumps({"events": [order_event()], "padding": padding}).encode()
    answer = _signed_raw(cloud, till, body)
    assert answer.status_code == 413
    assert answer.json()["code"] == "payload_too_large"
    assert cloud.counts() == before


def test_an_oversized_chunked_body_is_refused_with_413_while_it_is_read(
    cloud: LiveCloud, till: Paired
) -> None:
    before = cloud.counts()
    chunk = b" " * 65536

    def chunks() -> Any:
        yield b'{"events": []'
        for _ in range(MAX_BODY_BYTES // len(chunk) + 2):
            yield chunk
        yield b"}"

    answer = requests.post(f"{cloud.url}/v1/sync/push", data=chunks(), timeout=60)
    assert answer.status_code == 413
    assert answer.json()["code"] == "payload_too_large"
    assert cloud.counts() == before


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b'{"events": []}',
        b'{"events": {}}',
        b'{"events": [1]}',
        b'{"events": [{"kind": "order"}]}',
        b'{"events": [{"event_id": "nope"}]}',
        b'{"events": [{"event_id": "' + str(uuid.uuid4()).encode() + b'"}], "extra": 1}',
        json.dumps({"events": [{"event_id": str(uuid.uuid4())}] * (MAX_EVENTS_PER_PUSH + 1)}).encode(),
        b"[" * 100_000,
    ],
    ids=["text", "list", "empty", "object", "number", "no-id", "bad-id", "extra", "too-many", "deep"],
)
def test_an_invalid_envelope_is_refused_with_422_and_stores_nothing(
    cloud: LiveCloud, till: Paired, body: bytes
) -> None:
    good = order_event()
    before = cloud.counts()
    answer = _signed_raw(cloud, till, body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_payload"
    assert cloud.counts() == before
    if body.startswith(b'{"events": [{"event_id"') and b"extra" in body:
        mixed = json.dumps({"events": [good], "extra": 1}).encode()
        assert _signed_raw(cloud, till, mixed).status_code == 422
        assert cloud.counts() == before


def test_a_void_sent_before_its_order_is_rejected_and_the_order_kept(signed: BaseUrlSession) -> None:
    sale = order_event()
    early = void_event(sale["order"]["uuid"])
    late = void_event(sale["order"]["uuid"])
    results = signed.post("/v1/sync/push", json={"events": [early, sale, late]}).json()["results"]
    assert [r["status"] for r in results] == ["rejected", "stored", "stored"]
    assert "unknown to this store" in results[0]["error"]
