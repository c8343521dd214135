"""Issue 5's faults between a real till and a real cloud: no order lost, none doubled, totals to the fen.

Each test sells on the till, breaks the way between it and `pos-cloud serve` (a dead server, a server
killed in the middle of a push, answers lost after the cloud committed, one answer in five lost, two
syncs at once), syncs until the outbox is empty, and compares the cloud's report with the till's own
figures, order by order and fen by fen.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading

from sqlalchemy import func, select

from pos_app.store.models import OrderRow, OrderVoidRow, OutboxRow
from pos_app.sync_errors import CloudUnreachable
from sync.worker import SyncSummary, connect, run_once
from tests.e2e.conftest import Shop, Switch
from tests.e2e.http_proxy import Fate
from tests.sync.support import sell, void

CODES = ("6901234567892", "6920459905012", "6925303721367")


def sell_many(shop: Shop, count: int) -> list[str]:
    rng = random.Random(count)
    orders = [
        sell(shop.till, shop.cashier, *rng.choices(CODES, k=rng.randint(1, 4))).uuid for _ in range(count)
    ]
    void(shop.till, shop.manager, shop.cashier, orders[0])  # a void travels too
    return orders


def sync(shop: Shop) -> SyncSummary:
    client = connect(shop.till)
    try:
        return run_once(shop.till, client)
    finally:
        client.close()


def pending(shop: Shop) -> int:
    with shop.till.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(OutboxRow)) or 0)


def till_figures(shop: Shop) -> dict[str, int]:
    voided = select(OrderVoidRow.order_id)
    with shop.till.store.read() as session:
        kept = session.execute(
            select(func.count(), func.coalesce(func.sum(OrderRow.total_fen), 0)).where(
                OrderRow.id.not_in(voided)
            )
        ).one()
        gone = session.execute(
            select(func.count(), func.coalesce(func.sum(OrderRow.total_fen), 0)).where(
                OrderRow.id.in_(voided)
            )
        ).one()
    return {"orders": kept[0], "total_fen": kept[1], "voided_orders": gone[0], "voided_fen": gone[1]}


def assert_cloud_equals_till(shop: Shop) -> None:
    assert pending(shop) == 0
    report = shop.cloud.report(shop.store_id)
    figures = till_figures(shop)
    assert {k: report[k] for k in figures} == figures
    assert report["by_tender"] == {"cash": figures["total_fen"]}


def test_a_day_with_the_server_down_then_everything_arrives_once(shop: Shop) -> None:
    shop.cloud.kill()
    sell_many(shop, 120)
    down = sync(shop)
    assert isinstance(down.error, CloudUnreachable) and down.pending == 122  # 120 orders, an override, a void
    shop.cloud.start()
    assert sync(shop).ok
    assert_cloud_equals_till(shop)
    again = sync(shop)
    assert again.ok and again.push.pushed == 0
    assert_cloud_equals_till(shop)


def test_the_server_killed_in_the_middle_of_a_push(shop: Shop, network: Switch) -> None:
    sell_many(shop, 60)
    network.policy = lambda method, path: Fate.HALF_REQUEST if path == "/v1/sync/push" else Fate.PASS
    assert isinstance(sync(shop).error, CloudUnreachable)
    assert pending(shop) == 62  # nothing was acked, so nothing left the outbox
    network.policy = lambda _method, _path: Fate.PASS
    shop.cloud.start()
    assert sync(shop).ok
    assert_cloud_equals_till(shop)


def test_answers_lost_after_the_cloud_committed_store_nothing_twice(shop: Shop, network: Switch) -> None:
    sell_many(shop, 40)
    network.policy = lambda method, path: Fate.DROP_RESPONSE if path == "/v1/sync/push" else Fate.PASS
    assert isinstance(sync(shop).error, CloudUnreachable)
    assert pending(shop) == 42
    network.policy = lambda _method, _path: Fate.PASS
    retried = sync(shop)
    assert retried.ok and retried.push.duplicate > 0  # the cloud had them: acked, not stored again
    assert_cloud_equals_till(shop)


def test_one_answer_in_five_lost_at_random(shop: Shop, network: Switch) -> None:
    rng = random.Random(20)
    network.policy = lambda _method, _path: Fate.DROP_RESPONSE if rng.random() < 0.2 else Fate.PASS
    for _ in range(30):  # a day of selling, syncing after every few sales as the worker does
        sell_many(shop, 10)
        sync(shop)
    network.policy = lambda _method, _path: Fate.PASS
    assert sync(shop).ok
    lost = [path for _method, path, fate in shop.proxy.seen if fate is Fate.DROP_RESPONSE]
    assert lost.count("/v1/sync/push") >= 5, "the network lost too little: the test proved nothing"
    assert_cloud_equals_till(shop)


def test_two_syncs_at_once_store_each_order_once(shop: Shop) -> None:
    sell_many(shop, 200)
    shop.till.close()  # two processes of `pos-till sync --once` on the same data dir, as two timers might
    data_dir = str(shop.till.data_dir)
    command = [sys.executable, "-m", "ui.cli", "--data-dir", data_dir, "sync", "--once"]
    results: list[subprocess.CompletedProcess[str]] = []

    def run() -> None:
        results.append(subprocess.run(command, capture_output=True, text=True, timeout=120, check=False))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    shop.till = type(shop.till)(shop.till.data_dir, shop.till.clock)
    assert_cloud_equals_till(shop)
