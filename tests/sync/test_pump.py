"""The outbox pump against a fake cloud at the port: only acks delete, poison is set aside, nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from pos_app.services.outbox import PENDING, QUARANTINED
from pos_app.store.models import OutboxRow
from pos_app.sync_errors import CloudProtocolError, CloudUnreachable
from sync import pump as pump_module
from sync.pump import BATCH_SIZE, Pump
from tests.support import make_till
from tests.sync.support import FakeCloud, sell


def outbox(till) -> list[OutboxRow]:  # type: ignore[no-untyped-def]
    with till.store.read() as session:
        return list(session.scalars(select(OutboxRow).order_by(OutboxRow.id)))


def shop_with_sales(tmp_path: Path, sales: int):  # type: ignore[no-untyped-def]
    till, cashier, _ = make_till(tmp_path)
    for i in range(sales):
        sell(till, cashier, "6901234567892" if i % 2 else "96385074")
    return till, [row.event_id for row in outbox(till)]


def test_events_go_oldest_first_in_batches_and_only_acked_ones_leave(tmp_path: Path) -> None:
    till, ids = shop_with_sales(tmp_path, 10)
    cloud = FakeCloud()
    report = Pump(till.store, cloud, till.clock, batch_size=4).push_pending()
    assert (report.stored, report.duplicate, report.quarantined, report.error) == (10, 0, [], None)
    assert cloud.pushes == [ids[0:4], ids[4:8], ids[8:10]]
    assert outbox(till) == [] and set(cloud.stored) == set(ids)
    assert BATCH_SIZE == 200


def test_a_rejected_event_is_quarantined_with_the_reason_and_the_rest_go_on(tmp_path: Path) -> None:
    till, ids = shop_with_sales(tmp_path, 5)
    cloud = FakeCloud()
    cloud.reject[ids[1]] = "order 123 already exists; it was pushed before under another event_id"
    report = Pump(till.store, cloud, till.clock).push_pending()
    assert report.stored == 4 and report.error is None
    assert report.quarantined == [(ids[1], cloud.reject[ids[1]])]
    [left] = outbox(till)
    assert (left.event_id, left.status, left.last_error) == (ids[1], QUARANTINED, cloud.reject[ids[1]])
    status = till.sync_state.status()
    assert (status.pending, status.quarantined) == (0, 1)
    again = Pump(till.store, cloud, till.clock).push_pending()  # a quarantined event is not sent again
    assert again.pushed == 0 and len(cloud.pushes) == 1


def test_no_network_keeps_every_event_and_says_offline(tmp_path: Path) -> None:
    till, ids = shop_with_sales(tmp_path, 3)
    cloud = FakeCloud()
    cloud.offline = True
    report = Pump(till.store, cloud, till.clock).push_pending()
    assert isinstance(report.error, CloudUnreachable) and report.pushed == 0
    rows = outbox(till)
    assert [r.event_id for r in rows] == ids and {r.status for r in rows} == {PENDING}
    assert all(r.attempts == 1 and "no connection" in r.last_error for r in rows)
    cloud.offline = False
    assert Pump(till.store, cloud, till.clock).push_pending().stored == 3
    assert outbox(till) == []


def test_an_answer_lost_after_the_cloud_stored_the_events_is_retried_and_acked_as_duplicates(
    tmp_path: Path,
) -> None:
    till, ids = shop_with_sales(tmp_path, 3)
    cloud = FakeCloud()
    cloud.lose_answers = 1  # stored at the cloud, then the till timed out waiting
    first = Pump(till.store, cloud, till.clock).push_pending()
    assert isinstance(first.error, CloudUnreachable) and len(outbox(till)) == 3
    second = Pump(till.store, cloud, till.clock).push_pending()
    assert (second.stored, second.duplicate) == (0, 3)
    assert outbox(till) == [] and sorted(cloud.stored) == sorted(ids)  # each once


@pytest.mark.parametrize("status", [413, 422])
def test_a_batch_refused_whole_is_bisected_to_the_one_bad_event(tmp_path: Path, status: int) -> None:
    till, ids = shop_with_sales(tmp_path, 13)
    cloud = FakeCloud()
    cloud.refuse[ids[9]] = status
    report = Pump(till.store, cloud, till.clock).push_pending()
    assert report.error is None and report.stored == 12
    assert report.quarantined == [(ids[9], f"{status}: refused because of {ids[9]}")]
    [left] = outbox(till)
    assert left.event_id == ids[9] and left.status == QUARANTINED
    assert len(cloud.pushes) <= 2 * 4 + 1  # halving 13 events: a handful of requests, not one per event
    assert list(cloud.stored) == [i for i in ids if i != ids[9]]  # still oldest first


def test_a_batch_over_the_body_limit_is_split_before_it_is_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    till, ids = shop_with_sales(tmp_path, 8)
    monkeypatch.setattr(pump_module, "MAX_BODY_BYTES", 3000)  # about two events
    cloud = FakeCloud()
    report = Pump(till.store, cloud, till.clock).push_pending()
    assert report.stored == 8 and outbox(till) == []
    assert len(cloud.pushes) > 1 and [i for p in cloud.pushes for i in p] == ids


def test_a_cloud_that_answers_for_none_of_the_events_stops_the_run_and_keeps_them(tmp_path: Path) -> None:
    till, ids = shop_with_sales(tmp_path, 2)

    class Silent(FakeCloud):
        def push(self, events):  # type: ignore[no-untyped-def]
            self.pushes.append([e["event_id"] for e in events])
            return {"results": []}

    cloud = Silent()
    report = Pump(till.store, cloud, till.clock).push_pending()
    assert isinstance(report.error, CloudProtocolError) and len(cloud.pushes) == 1
    assert [r.event_id for r in outbox(till)] == ids and all(r.status == PENDING for r in outbox(till))


def test_a_damaged_stored_event_is_quarantined_on_the_till_without_blocking_the_others(
    tmp_path: Path,
) -> None:
    till, ids = shop_with_sales(tmp_path, 3)
    with till.store.unit_of_work() as session:
        session.scalars(select(OutboxRow).where(OutboxRow.event_id == ids[0])).one().payload = "[1, 2"
    report = Pump(till.store, FakeCloud(), till.clock).push_pending()
    assert report.stored == 2 and [q[0] for q in report.quarantined] == [ids[0]]
