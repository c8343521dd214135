"""A break the cloud found in the till's tamper-evident journal, as the manager sees it: in red in the
status bar, and in plain words in 云端同步."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text, update

from cloud.catalog import import_rows
from pos_app.store.models import JournalEntryRow
from sync.pairing import pair
from tests.cloud.conftest import LiveCloud, make_store, pairing_code, start_cloud
from tests.ui.conftest import CATALOG, open_window
from ui.sync_dialog import SyncDialog


@pytest.fixture
def cloud(tmp_path) -> Iterator[LiveCloud]:  # type: ignore[no-untyped-def]
    live = start_cloud(f"sqlite:///{tmp_path / 'cloud.db'}")
    yield live
    live.stop()


def test_a_journal_the_cloud_found_broken_is_shown_in_red_and_in_plain_words(
    qtbot, till, people, catalog, cloud
) -> None:  # type: ignore[no-untyped-def]
    shop = make_store(cloud, store="静安店")
    import_rows(cloud.db, shop.store_id, list(CATALOG))
    pair(till, cloud.url, pairing_code(cloud, shop.store_id))
    with till.store.transaction() as conn:  # the first entry changed before it was ever sent
        conn.execute(text("DROP TRIGGER journal_entries_no_update"))
        conn.execute(
            update(JournalEntryRow).where(JournalEntryRow.seq == 1).values(body=JournalEntryRow.body + " ")
        )
    window = open_window(qtbot, till)  # its start-up sync sends the journal
    qtbot.waitUntil(lambda: window.sync_label.property("level") == "error", timeout=20_000)
    said = "云端发现本机防篡改日志在第 1 条断开：记录内容不是签名时的格式，请联系管理员"
    assert said in window.sync_label.toolTip()
    assert window.syncing.online is True  # the till is online: only the journal is in trouble

    dialog = SyncDialog(till, window.syncing, window)
    qtbot.addWidget(dialog)
    assert dialog.journal_value.text() == said
    assert dialog.journal_value.property("level") == "error"
