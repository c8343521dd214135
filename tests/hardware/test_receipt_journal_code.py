"""The receipt carries its sale's journal code, as text and as the QR code, on the first print and on a copy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hardware.receipt_printer import EscPosReceiptPrinter
from hardware.receipt_raster import render_receipt
from pos_app.receipt import PaperWidth
from pos_app.services.checkout import CardTender, CashTender
from pos_app.services.receipts import receipt_for_order
from pos_app.services.till import DB_FILE, Till
from pos_app.store.models import JournalEntryRow
from tests.hardware.escpos_decode import decode
from tests.hardware.fake_printer import FakePrinter
from tests.support import FakeClock, make_till

FAST = {"connect_timeout": 0.5, "write_timeout": 0.3, "status_timeout": 0.1}


@pytest.fixture
def printer() -> Iterator[FakePrinter]:
    server = FakePrinter()
    yield server
    server.close()


def sell(till: Till, cashier) -> str:  # type: ignore[no-untyped-def]
    sale = till.new_sale(cashier)
    sale.scan("6901234567892")
    sale.scan("96385074")
    return till.checkout.complete(sale.cart, cashier, [CardTender(100, "123456"), CashTender(1000)]).uuid


def printed(
    till: Till, server: FakePrinter, count: int = 1
) -> list[tuple[list[str], list[tuple[object, ...]]]]:
    config = till.settings().printer()
    assert config is not None
    assert till.printing.run_pending(EscPosReceiptPrinter(config, **FAST, check_paper=False)).error is None
    out = []
    for data in server.wait_for_jobs(count):
        printout = decode(data, "gbk")
        out.append((printout.texts, printout.kinds("qr") + printout.kinds("raster")))
    return out


def test_a_receipt_and_its_copy_carry_the_sale_journal_code_as_text_and_qr(
    tmp_path: Path, printer: FakePrinter
) -> None:
    till, cashier, _ = make_till(tmp_path, FakeClock())
    till.configure(till.settings().changed(printer_url=f"{printer.url}?encoding=gbk&width=58&native_qr=1"))
    uuid = sell(till, cashier)
    with till.store.read() as session:
        entry = session.query(JournalEntryRow).filter_by(ref_uuid=uuid, kind="sale").one()
    code = f"J{entry.seq}-500-{entry.hash[:8]}"
    qr = f"TILLJ:{till.device_id}:{entry.seq}:500:{entry.hash[:16]}"
    till.printing.reprint(uuid)
    (first_text, first_codes), (copy_text, copy_codes) = printed(till, printer, 2)
    assert f"防伪码 {code}" in [line.strip() for line in first_text]
    assert first_codes == copy_codes == [("qr", qr)]
    assert f"防伪码 {code}" in [line.strip() for line in copy_text] and any(
        "重印" in line for line in copy_text
    )


def test_the_code_fits_58_mm_paper_and_the_qr_is_an_image_by_default(
    tmp_path: Path, printer: FakePrinter
) -> None:
    till, cashier, _ = make_till(tmp_path, FakeClock())
    till.configure(till.settings().changed(printer_url=f"{printer.url}?encoding=gbk&width=58"))
    uuid = sell(till, cashier)
    [(text, codes)] = printed(till, printer)
    code_line = next(line for line in text if "防伪码" in line)
    assert len(code_line.encode("gbk")) <= 32  # one line of a 58 mm receipt
    assert [kind for kind, *_ in codes] == ["raster"]
    picture = render_receipt(receipt_for_order(till.orders.get(uuid), till.settings()), PaperWidth.MM58)
    assert picture.width == PaperWidth.MM58.dots


def test_an_order_without_a_journal_entry_prints_no_code(tmp_path: Path, printer: FakePrinter) -> None:
    """As an order sold before the till had a journal: its QR code keeps the order number."""
    till, cashier, _ = make_till(tmp_path, FakeClock())
    till.configure(till.settings().changed(printer_url=f"{printer.url}?encoding=gbk&width=80&native_qr=1"))
    uuid = sell(till, cashier)
    conn = sqlite3.connect(tmp_path / DB_FILE)
    conn.execute("DROP TRIGGER journal_entries_no_delete")
    conn.execute("DELETE FROM journal_entries WHERE ref_uuid = ?", (uuid,))
    conn.commit()
    conn.close()
    order = till.orders.get(uuid)
    assert (order.journal_code, order.journal_qr) == ("", "")
    [(text, codes)] = printed(till, printer)
    assert not any("防伪码" in line for line in text)
    assert codes == [("qr", order.order_no)]
