"""Refunds pushed by a till (RefundEvent): stored exactly once, a line refunded once, only of the store's own
orders, and counted in the sales report on their own business day."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import pytest

from cloud.cli import main
from tests.cloud.conftest import BaseUrlSession, LiveCloud, make_store, pair_device
from tests.cloud.events import order_event, refund_event, statuses, void_event


def push(session: BaseUrlSession, *events: dict[str, Any]) -> list[str]:
    return statuses(session.post("/v1/sync/push", json={"events": list(events)}))


def errors(session: BaseUrlSession, *events: dict[str, Any]) -> list[str]:
    answer = session.post("/v1/sync/push", json={"events": list(events)})
    return [r["error"] for r in answer.json()["results"]]


def test_a_refund_is_stored_once_however_often_it_is_pushed(cloud: LiveCloud, signed: BaseUrlSession) -> None:
    sale = order_event(lines=2)
    back = refund_event(sale)
    before = cloud.counts(("refunds", "refund_lines", "refund_tenders"))

    assert push(signed, sale, back) == ["stored", "stored"]
    assert push(signed, back) == ["duplicate"]
    again = {**back, "event_id": str(uuid.uuid4())}  # the same refund under a new event id
    assert push(signed, again) == ["rejected"]

    after = cloud.counts(("refunds", "refund_lines", "refund_tenders"))
    assert {t: after[t] - before[t] for t in after} == {"refunds": 1, "refund_lines": 2, "refund_tenders": 1}


def test_a_line_is_refunded_once(signed: BaseUrlSession) -> None:
    sale = order_event(lines=3)
    assert push(signed, sale) == ["stored"]

    first, twin, other = (
        refund_event(sale, lines=[0]),
        refund_event(sale, lines=[0]),
        refund_event(sale, lines=[1]),
    )
    results = signed.post("/v1/sync/push", json={"events": [first, twin, other]}).json()["results"]

    assert [r["status"] for r in results] == ["stored", "rejected", "stored"]
    assert "refunded before" in results[1]["error"]


def test_refunds_of_orders_the_store_does_not_have_are_rejected(
    cloud: LiveCloud, signed: BaseUrlSession
) -> None:
    elsewhere = make_store(cloud)
    with pair_device(cloud, elsewhere.store_id).session(cloud) as other:
        theirs = order_event()
        assert push(other, theirs) == ["stored"]
    voided = order_event()
    assert push(signed, voided, void_event(voided["order"]["uuid"])) == ["stored", "stored"]

    said = errors(signed, refund_event(order_event()), refund_event(theirs), refund_event(voided))

    assert "unknown to this store" in said[0] and "unknown to this store" in said[1]
    assert "voided" in said[2]


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (lambda r: r["lines"][0].update(order_line_uuid=str(uuid.uuid4())), "is not a line of order"),
        (lambda r: r["tenders"][0].update(tender_uuid=str(uuid.uuid4())), "is not a tender of order"),
        (lambda r: r.update(total_fen=r["total_fen"] + 1), "add up to"),
        (
            lambda r: (
                r["lines"][0].update(amount_fen=351),
                r["tenders"][0].update(amount_fen=351),
                r.update(total_fen=351),
            ),
            "more than its net_fen",
        ),
        (lambda r: r["tenders"][0].update(uuid=r["uuid"]), "own uuid"),
        (lambda r: r.update(business_day="1999-12-31"), "not between"),
    ],
    ids=["line", "tender", "total", "too-much", "uuid", "day"],
)
def test_a_refund_that_breaks_a_rule_is_rejected_with_the_reason(
    signed: BaseUrlSession, spoil: Any, reason: str
) -> None:
    sale = order_event(lines=1, price_fen=350)
    bad = refund_event(sale)
    spoil(bad["refund"])

    said = errors(signed, sale, bad)

    assert said[0] == "" and reason in said[1], said


def test_the_sales_report_counts_refunds_on_their_own_day(
    cloud: LiveCloud, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = make_store(cloud)
    sold_on, refunded_on = date(2026, 11, 25), date(2026, 11, 26)
    big, small = (
        order_event(lines=3, price_fen=500, day=sold_on),
        order_event(lines=1, price_fen=999, day=sold_on),
    )
    with pair_device(cloud, shop.store_id).session(cloud) as session:
        events = [big, small, refund_event(big, lines=[0, 2], business_day=refunded_on)]
        assert push(session, *events) == ["stored"] * 3

    def report(*more: str) -> dict[str, Any]:
        assert (
            main(["--db", cloud.db_url, "report", "sales", "--store", str(shop.store_id), "--json", *more])
            == 0
        )
        found: dict[str, Any] = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        return found

    day_sold, day_refunded, every_day = (
        report("--date", "2026-11-25"),
        report("--date", "2026-11-26"),
        report(),
    )
    assert (day_sold["total_fen"], day_sold["refunds_fen"], day_sold["net_fen"]) == (2499, 0, 2499)
    assert (day_refunded["total_fen"], day_refunded["refunds"], day_refunded["refunds_fen"]) == (0, 1, 1000)
    assert day_refunded["net_fen"] == -1000
    assert (every_day["total_fen"], every_day["refunds_fen"], every_day["net_fen"]) == (2499, 1000, 1499)
