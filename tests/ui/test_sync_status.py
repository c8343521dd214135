"""The till paired with a real cloud on loopback: online or offline in the status bar, 立即同步, refusals."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from cloud.catalog import import_rows
from pos_app.store.models import OutboxRow
from sync.pairing import pair
from tests.cloud.conftest import LiveCloud, make_store, pairing_code, start_cloud
from tests.ui.conftest import CATALOG, Driver, open_window
from ui.override_dialog import OverrideDialog
from ui.settings_dialog import SettingsDialog
from ui.sync_dialog import SyncDialog
from ui.tender_dialog import TenderDialog


@pytest.fixture
def cloud(tmp_path) -> Iterator[LiveCloud]:  # type: ignore[no-untyped-def]
    live = start_cloud(f"sqlite:///{tmp_path / 'cloud.db'}")
    yield live
    live.stop()


@pytest.fixture
def paired(cloud, till, people, catalog):  # type: ignore[no-untyped-def]
    """The till paired with a store whose catalog is the till's own (and no cloud cashiers)."""
    shop = make_store(cloud, store="静安店")
    import_rows(cloud.db, shop.store_id, list(CATALOG))
    pair(till, cloud.url, pairing_code(cloud, shop.store_id))
    return shop


def sell_cola(drive, codes) -> None:  # type: ignore[no-untyped-def]
    drive.scan(codes.cola)
    drive.tap("pay")
    drive.dialog(TenderDialog).confirm_button.click()
    drive.settle()
    drive.dialog(TenderDialog).next_button.click()


def sync_now(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """The manager's 立即同步, waited for to its end (a run under way is let finish first)."""
    qtbot.waitUntil(lambda: not window.syncing.running, timeout=20_000)
    with qtbot.waitSignal(window.syncing.run_finished, timeout=20_000):
        window.syncing.sync_now()


def log_in(qtbot, window, people) -> Driver:  # type: ignore[no-untyped-def]
    window.login_screen.log_in(people.cashier.id, people.cashier_pin)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
    return Driver(qtbot, window)


def test_an_unpaired_till_says_nothing_about_a_cloud(window) -> None:  # type: ignore[no-untyped-def]
    assert not window.sync_label.isVisible()


def test_a_paired_till_shows_online_sends_its_sales_and_says_offline_when_the_cloud_is_gone(
    qtbot, till, people, paired, codes, cloud
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, till)
    qtbot.waitUntil(lambda: window.syncing.online is True, timeout=20_000)
    assert window.sync_label.isVisible() and window.sync_label.text() == "云端在线（0 条待同步）"
    drive = log_in(qtbot, window, people)
    sell_cola(drive, codes)
    sync_now(qtbot, window)
    assert cloud.counts(("orders",))["orders"] == 1
    assert window.sync_label.text() == "云端在线（0 条待同步）"

    cloud.stop()
    sell_cola(drive, codes)
    sync_now(qtbot, window)
    assert window.syncing.online is False
    assert window.sync_label.text() == "离线（1 条待同步）"  # the sale is kept; selling goes on


def test_a_record_the_cloud_refuses_is_listed_for_the_manager_and_shown_in_red(
    qtbot, till, people, paired, codes, cloud
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(qtbot, till)
    qtbot.waitUntil(lambda: window.syncing.online is True, timeout=20_000)  # the start-up run is over
    drive = log_in(qtbot, window, people)
    sell_cola(drive, codes)  # its event waits AFTER_SALE_MS before it is sent: time to damage it
    with till.store.unit_of_work() as session:  # damage the stored event: its total no longer adds up
        row = session.scalars(select(OutboxRow)).one()
        event = json.loads(row.payload)
        event["order"]["total_fen"] += 1
        row.payload = json.dumps(event)
    drive.tap("settings")
    drive.dialog(OverrideDialog).approve(people.manager.id, "其他", people.manager_pin)
    drive.settle()
    settings = drive.dialog(SettingsDialog)
    settings.sync_button.click()
    dialog = settings.sub_dialog
    assert isinstance(dialog, SyncDialog) and dialog.isVisible()
    assert dialog.store_value.text() == "静安店"
    dialog.sync_button.click()
    qtbot.waitUntil(lambda: dialog.refused.count() == 1, timeout=10_000)
    assert "total" in dialog.refused.item(0).text()
    assert "1 条被拒" in window.sync_label.text() and window.sync_label.property("level") == "error"
    assert cloud.counts(("orders",))["orders"] == 0
