"""Receipts from the till's screens: printed after the sale, a dead printer shown, reprint, preview, drawer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hardware.printer_status import QUERY
from tests.hardware.escpos_decode import decode
from tests.hardware.fake_printer import FakePrinter, closed_port
from ui.order_history_dialog import OrderHistoryDialog
from ui.override_dialog import OverrideDialog
from ui.receipt_preview_dialog import ReceiptPreviewDialog
from ui.tender_dialog import TenderDialog


@pytest.fixture
def printer(till) -> Iterator[FakePrinter]:  # type: ignore[no-untyped-def]
    server = FakePrinter()
    till.configure(till.settings().changed(printer_url=f"{server.url}?encoding=gbk&width=80"))
    yield server
    server.close()


def pay(drive, *codes: str) -> None:  # type: ignore[no-untyped-def]
    for code in codes:
        drive.scan(code)
    drive.tap("pay")
    tender = drive.dialog(TenderDialog)
    tender.type_and_confirm("")
    drive.settle()
    tender.next_button.click()


def jobs(drive, server: FakePrinter, count: int) -> list[bytes]:  # type: ignore[no-untyped-def]
    """What the printer was sent, leaving out the idle status checks (a query and nothing else)."""

    def real() -> list[bytes]:
        return [job for job in server.wait_for_jobs(1, timeout=0.05) if job != QUERY]

    drive.qtbot.waitUntil(lambda: len(real()) >= count, timeout=10_000)
    return real()


def printed(drive, server: FakePrinter, count: int) -> list[str]:  # type: ignore[no-untyped-def]
    return ["\n".join(decode(job, "gbk").texts) for job in jobs(drive, server, count)]


def test_a_paid_sale_prints_its_receipt_and_the_status_bar_says_ready(drive, till, codes, printer) -> None:  # type: ignore[no-untyped-def]
    pay(drive, codes.cola, codes.water)
    [receipt] = printed(drive, printer, 1)
    [order] = till.orders.recent()
    assert order.order_no in receipt and "现金" in receipt
    drive.qtbot.waitUntil(lambda: drive.window.printer_label.text() == "打印机正常")


def test_a_dead_printer_shows_in_the_status_bar_and_the_sale_is_kept(drive, till, codes) -> None:  # type: ignore[no-untyped-def]
    till.configure(till.settings().changed(printer_url=f"tcp://127.0.0.1:{closed_port()}"))
    pay(drive, codes.cola)
    drive.qtbot.waitUntil(lambda: "打印机未连接" in drive.window.printer_label.text(), timeout=10_000)
    assert "1" in drive.window.printer_label.text()  # one receipt waits
    assert len(till.orders.recent()) == 1 and till.printing.pending() == 1


def test_reprint_from_the_history_prints_a_marked_copy(drive, till, codes, printer) -> None:  # type: ignore[no-untyped-def]
    pay(drive, codes.cola)
    printed(drive, printer, 1)
    drive.tap("history")
    history = drive.dialog(OrderHistoryDialog)
    drive.settle()
    history.receipts.reprint_button.click()
    drive.settle()
    original, copy = printed(drive, printer, 2)
    assert "重印" in copy and "重印" not in original
    assert till.printing.reprints() == 1


def test_preview_shows_the_receipt_at_the_printers_width(drive, till, codes, printer) -> None:  # type: ignore[no-untyped-def]
    pay(drive, codes.cola)
    drive.tap("history")
    history = drive.dialog(OrderHistoryDialog)
    drive.settle()
    history.receipts.preview_button.click()
    preview = history.receipts.preview_dialog
    assert isinstance(preview, ReceiptPreviewDialog) and preview.isVisible()
    assert preview.picture.pixmap().width() == 576  # 80 mm paper


def test_open_drawer_needs_a_manager_and_kicks_the_drawer(drive, people, printer) -> None:  # type: ignore[no-untyped-def]
    drive.tap("drawer")
    drive.dialog(OverrideDialog).approve(people.manager.id, "其他", people.manager_pin)
    drive.settle()
    [job] = jobs(drive, printer, 1)
    assert decode(job, "gbk").kinds("drawer") and decode(job, "gbk").texts == []


def test_test_print_refuses_a_bad_address_and_prints_on_a_good_one(settings_dialog, drive) -> None:  # type: ignore[no-untyped-def]
    settings_dialog.printer_url.setText("tcp://printer:abc")
    settings_dialog.test_print_button.click()
    assert "端口“abc”无效" in settings_dialog.error_label.text()
    server = FakePrinter()
    try:
        settings_dialog.shop_name.setText("街角小卖部")
        settings_dialog.printer_url.setText(f"{server.url}?encoding=gbk&width=58")
        settings_dialog.test_print_button.click()
        [sample] = printed(drive, server, 1)
        assert "街角小卖部" in sample and "应收" in sample
        drive.settle()
        assert "测试小票已发送到 127.0.0.1" in settings_dialog.error_label.text()
    finally:
        server.close()


def test_an_idle_printer_out_of_paper_shows_before_the_next_sale(drive, till) -> None:  # type: ignore[no-untyped-def]
    server = FakePrinter(mode="paper_out")
    try:
        till.configure(till.settings().changed(printer_url=f"{server.url}?encoding=gbk"))
        drive.window.printing.kick()
        drive.qtbot.waitUntil(lambda: "缺纸" in drive.window.printer_label.text(), timeout=10_000)
    finally:
        server.close()
