"""The till's fiscal journal between a real till and `pos-cloud serve`: every entry reaches the cloud once,
also when answers are lost, the cloud's copy verifies, and a sale changed on the till afterwards is
flagged by the cloud and shown on the till, while its sales keep reaching the cloud."""

from __future__ import annotations

import json
import subprocess
from uuid import UUID

from sqlalchemy import func, select, text, update

from cloud.models import JournalEntryRow as CloudEntryRow
from pos_app.journal import SALE, hash_of
from pos_app.store.models import JournalEntryRow
from pos_app.sync_errors import CloudUnreachable
from sync.worker import SyncSummary, connect, run_once
from tests.e2e.conftest import POS_CLOUD, Shop, Switch
from tests.e2e.http_proxy import Fate
from tests.sync.conftest import pos_till
from tests.sync.support import sell

CODES = ("6901234567892", "6920459905012")


def sync(shop: Shop) -> SyncSummary:
    client = connect(shop.till)
    try:
        return run_once(shop.till, client)
    finally:
        client.close()


def till_head(shop: Shop) -> int:
    with shop.till.store.read() as session:
        return int(session.scalar(select(func.max(JournalEntryRow.seq))) or 0)


def cloud_seqs(shop: Shop) -> list[int]:
    with shop.cloud.db.read() as conn:
        seqs = conn.execute(
            select(CloudEntryRow.seq)
            .where(CloudEntryRow.device_uuid == UUID(shop.till.device_id))
            .order_by(CloudEntryRow.seq)
        )
        return list(seqs.scalars())


def pos_cloud(shop: Shop, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*POS_CLOUD, "--db", shop.cloud.db_url, "journal", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_lost_answers_leave_the_clouds_copy_whole_and_once(shop: Shop, network: Switch) -> None:
    network.policy = lambda _method, path: Fate.DROP_RESPONSE if path == "/v1/journal" else Fate.PASS
    for _ in range(3):
        sell(shop.till, shop.cashier, *CODES)
    made = till_head(shop)
    lost = sync(shop)
    assert isinstance(lost.error, CloudUnreachable) and lost.push.stored == 3
    assert cloud_seqs(shop) == list(range(1, made + 1))  # the cloud kept them all the same
    network.policy = lambda _method, _path: Fate.PASS
    sell(shop.till, shop.cashier, *CODES)
    made = till_head(shop)  # with the till going offline in between, a fiscal event too
    assert sync(shop).ok
    assert cloud_seqs(shop) == list(range(1, made + 1))  # each entry once, none missing
    assert shop.till.sync_state.status().journal_waiting == 1  # coming back online: sent next time


def test_a_sale_changed_on_the_till_after_it_was_sent_is_flagged_by_the_cloud(shop: Shop) -> None:
    for _ in range(3):
        sell(shop.till, shop.cashier, *CODES)
    assert sync(shop).ok
    sent = till_head(shop)
    assert cloud_seqs(shop) == list(range(1, sent + 1))
    verified = pos_cloud(shop, "verify", "--device", shop.till.device_id)
    assert verified.returncode == 0, verified.stderr
    assert f"entries 1 to {sent} verified, the chain holds" in verified.stdout

    # Someone with the database file lowers the last sale's amount and hashes its entry again, so the
    # till's own chain still looks whole up to there; only the signature and the cloud's copy disagree.
    with shop.till.store.transaction() as conn:
        conn.execute(text("DROP TRIGGER journal_entries_no_update"))
        seq, body = conn.execute(
            select(JournalEntryRow.seq, JournalEntryRow.body)
            .where(JournalEntryRow.kind == SALE)
            .order_by(JournalEntryRow.seq.desc())
            .limit(1)
        ).one()
        data = json.loads(body)
        data["data"]["total_fen"] -= 100
        changed = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        conn.execute(
            update(JournalEntryRow)
            .where(JournalEntryRow.seq == seq)
            .values(body=changed, hash=hash_of(changed.encode()))
        )
    sell(shop.till, shop.cashier, *CODES)  # chained to the changed entry
    summary = sync(shop)
    assert summary.ok and summary.push.stored == 1  # the sale itself reached the cloud
    broken = summary.journal.broken
    assert broken is not None and (broken.seq, broken.code) == (sent + 1, "broken_link")
    status = shop.till.sync_state.status()
    assert status.journal_break is not None
    assert status.journal_break.message == (
        f"云端发现本机防篡改日志在第 {sent + 1} 条断开：与上一条记录的链接断开，请联系管理员"
    )
    assert cloud_seqs(shop) == list(range(1, sent + 1))  # the cloud's copy keeps the sale as sold

    listed = pos_cloud(shop, "status")
    assert listed.returncode == 0, listed.stderr
    line = next(row for row in listed.stdout.splitlines() if shop.till.device_id in row)
    assert f"\t{sent}\t" in line and f"at entry {sent + 1}, found " in line

    typed = pos_till(shop.till.data_dir, "sync", "--once")  # the shop owner asks the till itself
    assert f"云端发现日志断链，位置第 {sent + 1} 条" in typed.stdout
