"""The till's journal on its way to the real cloud: sent in order and in batches, resumed from what the
cloud says it holds, a break the cloud found shown in plain words while sales keep syncing, and an answer
the till does not understand refused without changing anything."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import delete, func, select, text, update

from cloud.models import JournalChainRow
from cloud.models import JournalEntryRow as CloudEntryRow
from pos_app.clock import from_storage
from pos_app.i18n import set_language
from pos_app.ports import JsonObject
from pos_app.services.auth import Cashier
from pos_app.services.journal_sync import PUSHED_SEQ, JournalBreak, JournalSync
from pos_app.services.till import Till
from pos_app.store.models import JournalEntryRow, Meta
from pos_app.sync_errors import CloudProtocolError
from sync import credentials, journal_protocol
from sync.client import SyncClient
from sync.journal_push import PATH, RECHECK_AFTER, JournalPush, JournalPushReport
from sync.pairing import pair
from sync.worker import run_once
from tests.cloud.conftest import LiveCloud, pairing_code
from tests.support import FakeClock, make_till
from tests.sync.cloud_shop import COLA, open_cloud_shop
from tests.sync.support import sell


class CountingClient(SyncClient):
    """The real client, noting the size of each journal batch it sends."""

    def __init__(self, till: Till) -> None:
        creds = credentials.load(till.data_dir, paired=True)
        super().__init__(creds.cloud_url, creds)
        self.batches: list[int] = []

    def post(self, path: str, body: bytes) -> JsonObject:
        if path == PATH:
            self.batches.append(len(json.loads(body)["entries"]))
        return super().post(path, body)


@pytest.fixture
def paired(cloud: LiveCloud, tmp_path: Path) -> Iterator[tuple[Till, Cashier, CountingClient]]:
    shop = open_cloud_shop(cloud)
    till, cashier, _ = make_till(tmp_path)
    pair(till, cloud.url, pairing_code(cloud, shop.store_ref))
    client = CountingClient(till)
    try:
        yield till, cashier, client
    finally:
        client.close()
        till.close()


def push(till: Till, transport: Any, **limits: int) -> JournalPushReport:
    sync = JournalSync(till.store, till.clock)
    return JournalPush(sync, transport, till.journal.public_key_hex, till.clock, **limits).run()


def head(till: Till) -> int:
    with till.store.read() as session:
        return int(session.scalar(select(func.max(JournalEntryRow.seq))) or 0)


def in_the_cloud(cloud: LiveCloud, till: Till) -> list[int]:
    with cloud.db.read() as conn:
        seqs = conn.execute(
            select(CloudEntryRow.seq)
            .where(CloudEntryRow.device_uuid == UUID(till.device_id))
            .order_by(CloudEntryRow.seq)
        )
        return list(seqs.scalars())


def tamper(till: Till, seq: int) -> None:
    """What someone with the database file could do: lift the guard, change a sale's amount."""
    with till.store.transaction() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS journal_entries_no_update"))
        body = conn.execute(select(JournalEntryRow.body).where(JournalEntryRow.seq == seq)).scalar_one()
        changed = body.replace('"total_fen":', '"total_fen":1', 1)
        assert changed != body
        conn.execute(update(JournalEntryRow).where(JournalEntryRow.seq == seq).values(body=changed))


def test_the_journal_reaches_the_cloud_in_order_and_in_batches(
    cloud: LiveCloud, paired: tuple[Till, Cashier, CountingClient]
) -> None:
    till, cashier, client = paired
    for _ in range(4):
        sell(till, cashier, COLA)
    made = head(till)  # journal_start, the shift's opening, four sales
    report = push(till, client, batch_size=2)
    assert report.error is None and report.broken is None
    assert (report.acked, report.stored_through) == (made, made)
    assert client.batches == [2] * (made // 2) + [1] * (made % 2)
    assert in_the_cloud(cloud, till) == list(range(1, made + 1))
    assert till.sync_state.status().journal_waiting == 0

    sent = list(client.batches)
    assert push(till, client).acked == 0 and client.batches == sent  # nothing new: no request
    sell(till, cashier, COLA)
    sell(till, cashier, COLA)
    assert till.sync_state.status().journal_waiting == 2
    assert push(till, client, max_bytes=1).acked == 2  # too big for two in one request
    assert client.batches == [*sent, 1, 1]
    assert in_the_cloud(cloud, till) == list(range(1, made + 3))


def test_the_till_resends_from_what_the_cloud_holds(
    cloud: LiveCloud, paired: tuple[Till, Cashier, CountingClient]
) -> None:
    till, cashier, client = paired
    sell(till, cashier, COLA)
    sell(till, cashier, COLA)
    made = head(till)
    assert push(till, client).stored_through == made
    with till.store.unit_of_work() as session:  # the answer was lost: the till does not know
        session.merge(Meta(key=PUSHED_SEQ, value="0"))
    again = push(till, client)
    assert (again.stored_through, again.broken, client.batches) == (made, None, [made, made])
    assert in_the_cloud(cloud, till) == list(range(1, made + 1))

    with cloud.db.write() as conn:  # the cloud restored from a backup that holds only entry 1
        key = (CloudEntryRow.device_uuid == UUID(till.device_id), CloudEntryRow.seq > 1)
        conn.execute(delete(CloudEntryRow).where(*key))
        conn.execute(
            update(JournalChainRow)
            .where(JournalChainRow.device_uuid == UUID(till.device_id))
            .values(stored_through=1)
        )
    sell(till, cashier, COLA)
    resumed = push(till, client)
    assert (resumed.stored_through, resumed.broken) == (made + 1, None)
    assert client.batches[2:] == [1, made]  # the new entry alone, told 1 is held, then 2 onwards
    assert in_the_cloud(cloud, till) == list(range(1, made + 2))


def test_a_break_shows_in_plain_words_and_rests_while_sales_keep_syncing(
    cloud: LiveCloud, paired: tuple[Till, Cashier, CountingClient]
) -> None:
    till, cashier, client = paired
    sell(till, cashier, COLA)
    assert run_once(till, client).ok
    sent = head(till)
    assert in_the_cloud(cloud, till) == list(range(1, sent + 1))
    sell(till, cashier, COLA)  # changed before it is sent
    tamper(till, sent + 1)
    sell(till, cashier, COLA)
    summary = run_once(till, client)
    assert summary.ok and summary.push.stored == 2  # the sales went on to the cloud
    broken = summary.journal.broken
    assert broken is not None and (broken.seq, broken.code) == (sent + 1, "bad_hash")
    assert in_the_cloud(cloud, till) == list(range(1, sent + 1))
    status = till.sync_state.status()
    assert status.journal_break == broken
    assert status.journal_break.message == (
        f"云端发现本机防篡改日志在第 {sent + 1} 条断开：记录内容与其哈希值不符，请联系管理员"
    )
    asked = len(client.batches)

    sell(till, cashier, COLA)
    resting = run_once(till, client)
    assert resting.ok and resting.push.stored == 1
    assert resting.journal.resting and len(client.batches) == asked  # the cloud was not asked again
    assert isinstance(till.clock, FakeClock)
    till.clock.advance(seconds=RECHECK_AFTER.total_seconds() + 1)
    later = run_once(till, client)
    assert len(client.batches) == asked + 1 and not later.journal.resting
    again = till.sync_state.status().journal_break
    assert again is not None and again.seq == sent + 1 and again.found_at == broken.found_at
    assert again.checked_at == till.clock.now()


class Answers:
    """A cloud that answers the journal with whatever the test says."""

    def __init__(self, answer: object) -> None:
        self.answer = answer

    def post(self, path: str, body: bytes) -> Any:
        assert path == PATH
        return self.answer


def _journal_state(till: Till) -> tuple[int, JournalBreak | None]:
    sync = JournalSync(till.store, till.clock)
    return sync.cursor(), sync.standing_break()


@pytest.mark.parametrize(
    "answer",
    [
        {},
        {"stored_through": "all of them"},
        {"stored_through": 3, "break": {"seq": 0, "code": "x", "reason": "r"}},
        {"stored_through": 3, "break": None, "extra": True},
        {"stored_through": 1, "break": None},  # kept part of the batch without saying why
    ],
    ids=["empty", "not a number", "break at 0", "unknown field", "part kept"],
)
def test_an_answer_of_the_wrong_shape_is_a_protocol_error_and_changes_nothing(
    tmp_path: Path, answer: object
) -> None:
    till, cashier, _ = make_till(tmp_path)
    sell(till, cashier, COLA)
    sell(till, cashier, COLA)
    before = _journal_state(till)
    report = push(till, Answers(answer))
    assert isinstance(report.error, CloudProtocolError)
    assert _journal_state(till) == before == (0, None)
    till.close()


class NotJson(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>Welcome to the hotel Wi-Fi</html>")

    def log_message(self, *_args: object) -> None:
        pass


def test_an_answer_that_is_not_json_is_a_protocol_error_and_changes_nothing(
    tmp_path: Path,
) -> None:
    till, cashier, _ = make_till(tmp_path)
    sell(till, cashier, COLA)
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotJson)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    creds = credentials.Credentials(f"http://127.0.0.1:{server.server_port}", str(UUID(int=1)), "k" * 43)
    client = SyncClient(creds.cloud_url, creds)
    try:
        report = push(till, client)
    finally:
        client.close()
        server.shutdown()
        server.server_close()
    assert isinstance(report.error, CloudProtocolError) and "not JSON" in report.error.en
    assert _journal_state(till) == (0, None)
    till.close()


def test_every_break_the_cloud_can_find_is_said_in_the_shops_words() -> None:
    codes = [v for k, v in vars(journal_protocol).items() if k.isupper() and isinstance(v, str)]
    assert len(codes) == 9
    moment = from_storage(datetime(2026, 11, 25, 3, 0))
    for code in codes:
        found = JournalBreak(7, code, "THE CLOUD'S REASON", moment, moment)
        assert "第 7 条断开" in found.message and "THE CLOUD'S REASON" not in found.message, code
    unknown = JournalBreak(7, "new_code", "entry 7: something new", moment, moment)
    assert "entry 7: something new" in unknown.message
    set_language("en")
    try:
        assert "broken at entry 7" in JournalBreak(7, "missing", "", moment, moment).message
    finally:
        set_language("zh_CN")
