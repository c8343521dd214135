"""A sale's receipt through the print queue to a loopback network printer: never lost, never blocking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.receipt_printer import EscPosReceiptPrinter
from pos_app.errors import NotAuthorized, PosError
from pos_app.printing_errors import PrinterProblem
from pos_app.services.auth import OverrideAction
from pos_app.services.checkout import CashTender
from pos_app.services.till import Till
from tests.hardware.escpos_decode import decode
from tests.hardware.fake_printer import FakePrinter, closed_port
from tests.support import MANAGER_PIN, FakeClock, make_till

FAST = {"connect_timeout": 0.5, "write_timeout": 0.3, "status_timeout": 0.1}


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    server = FakePrinter()
    yield server
    server.close()


def shop(tmp_path: Path, url: str, clock: FakeClock | None = None):  # type: ignore[no-untyped-def]
    till, cashier, manager = make_till(tmp_path, clock)
    till.configure(till.settings().changed(shop_name="好又多便利店", printer_url=f"{url}?encoding=gbk&width=58"))
    return till, cashier, manager


def sell(till: Till, cashier) -> str:  # type: ignore[no-untyped-def]
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    sale.scan("96385074")
    return till.checkout.pay_cash(sale.cart, cashier, CashTender(1000)).order_no


def device(till: Till) -> EscPosReceiptPrinter:
    config = till.settings().printer()
    assert config is not None
    return EscPosReceiptPrinter(config, **FAST, check_paper=False)


def test_a_cash_sale_prints_its_receipt_and_kicks_the_drawer(tmp_path: Path, printer: FakePrinter) -> None:
    till, cashier, _ = shop(tmp_path, printer.url)
    order_no = sell(till, cashier)
    assert till.printing.pending() == 1  # written with the sale, before anything was sent
    run = till.printing.run_pending(device(till))
    assert (run.printed, run.pending, run.error) == (1, 0, None)
    [data] = printer.wait_for_jobs(1)
    printout = decode(data, "gbk")
    text = "\n".join(printout.texts)
    assert "好又多便利店" in text and order_no in text and "可口可乐 330ml" in text
    assert "￥5.00" in text and "找零" in text and "重印" not in text
    assert printout.kinds("drawer") and b"\xa3\xa4" in data  # ￥ as GBK A3 A4


def test_a_dead_printer_keeps_the_sale_and_the_job_until_it_comes_back(tmp_path: Path) -> None:
    port = closed_port()
    till, cashier, _ = shop(tmp_path, f"tcp://127.0.0.1:{port}")
    order_no = sell(till, cashier)
    run = till.printing.run_pending(device(till))
    assert run.error is not None and run.error.problem is PrinterProblem.OFFLINE
    assert "打印机未连接" in str(run.error)
    assert (run.printed, run.pending) == (0, 1)
    assert till.orders.by_number(order_no).total_fen == 500  # the sale stands
    server = FakePrinter()
    try:
        till.configure(till.settings().changed(printer_url=f"{server.url}?encoding=gbk&width=58"))
        assert till.printing.run_pending(device(till)).printed == 1
        assert order_no in "\n".join(decode(server.wait_for_jobs(1)[0], "gbk").texts)
    finally:
        server.close()


def test_a_stalled_printer_times_out_and_the_job_waits(tmp_path: Path) -> None:
    server = FakePrinter(mode="stall")
    try:
        till, cashier, _ = shop(tmp_path, server.url)
        sell(till, cashier)
        run = till.printing.run_pending(device(till))
        assert run.error is not None and run.error.problem is PrinterProblem.TIMEOUT
        assert till.printing.pending() == 1
    finally:
        server.close()


def test_a_receipt_nobody_waits_for_any_more_is_not_printed_late(tmp_path: Path, printer: FakePrinter) -> None:
    clock = FakeClock()
    till, cashier, _ = shop(tmp_path, printer.url, clock)
    sell(till, cashier)
    clock.advance(minutes=16)
    run = till.printing.run_pending(device(till))
    assert (run.printed, run.pending) == (0, 0)
    assert printer.wait_for_jobs(1, timeout=0.3) == []


def test_a_reprint_says_copy_and_is_counted(tmp_path: Path, printer: FakePrinter) -> None:
    till, cashier, _ = shop(tmp_path, printer.url)
    order_no = sell(till, cashier)
    till.printing.run_pending(device(till))
    till.printing.reprint(till.orders.by_number(order_no).uuid)
    assert till.printing.run_pending(device(till)).printed == 1
    original, copy = (decode(job, "gbk") for job in printer.wait_for_jobs(2))
    assert any("重印" in line for line in copy.texts) and not any("重印" in line for line in original.texts)
    assert not copy.kinds("drawer")  # a copy never opens the drawer
    assert till.printing.reprints() == 1


def test_opening_the_drawer_with_no_sale_needs_a_manager_and_goes_stale_fast(tmp_path: Path, printer: FakePrinter) -> None:
    clock = FakeClock()
    till, cashier, manager = shop(tmp_path, printer.url, clock)
    wrong = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.PRICE_OVERRIDE, "标价错误", cashier)
    with pytest.raises(NotAuthorized):
        till.printing.open_drawer(wrong)
    ok = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.NO_SALE_DRAWER, "换零钱", cashier)
    till.printing.open_drawer(ok)
    clock.advance(minutes=2)  # the printer was off; the drawer must not spring open later
    assert till.printing.run_pending(device(till)).printed == 0
    ok2 = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.NO_SALE_DRAWER, "换零钱", cashier)
    till.printing.open_drawer(ok2)
    assert till.printing.run_pending(device(till)).printed == 1
    [data] = printer.wait_for_jobs(1)
    assert decode(data, "gbk").kinds("drawer") and decode(data, "gbk").texts == []


def test_no_printer_configured_owes_no_receipt(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    sell(till, cashier)
    assert till.printing.pending() == 0


def test_reprint_and_drawer_need_a_configured_printer(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    sale = till.new_sale(cashier)
    sale.scan("96385074")
    done = till.checkout.pay_cash(sale.cart, cashier, CashTender(150))
    with pytest.raises(PosError, match="尚未设置小票打印机"):
        till.printing.reprint(done.uuid)
    ok = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.NO_SALE_DRAWER, "换零钱", cashier)
    with pytest.raises(PosError, match="尚未设置小票打印机"):
        till.printing.open_drawer(ok)
    assert not ok.spent and till.printing.pending() == 0
