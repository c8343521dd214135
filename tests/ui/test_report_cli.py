"""`pos-till report` as a shop owner runs it, in-process on a real data dir (the till uses the real clock)."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pos_app.services.checkout import CardTender, CashTender
from pos_app.text_width import display_width
from tests.support import FakeClock, make_till
from ui.cli import main


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, str]:
    """Today (by the real clock): 可乐 3.50 in cash and 面 4.50 by card; the shift is still open."""
    till, cashier, _ = make_till(tmp_path, FakeClock(datetime.now(UTC)))
    for code, tender in (("6901234567892", CashTender(500)), ("6925303721367", CardTender(450, "778899"))):
        sale = till.new_sale(cashier)
        sale.scan(code)
        till.checkout.complete(sale.cart, cashier, [tender])
    day = till.reports.x().business_day.isoformat()
    till.close()
    return tmp_path, day


def run(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    status = main(["--data-dir", str(data_dir), "report", *args])
    out, err = capsys.readouterr()
    return status, out, err


def close_shift(data_dir: Path) -> None:
    from pos_app.services.till import Till

    till = Till(data_dir)
    till.shifts.close(till.auth.cashiers()[0], {500: 1, 100: 3, 50: 1})
    till.close()


def test_the_json_x_carries_the_totals_and_each_tender(shop, capsys) -> None:  # type: ignore[no-untyped-def]
    data_dir, day = shop
    status, out, _ = run(capsys, data_dir, "x", "--format", "json")
    assert status == 0
    report = json.loads(out)
    assert (report["kind"], report["business_day"], report["orders"]) == ("X", day, 2)
    assert (report["gross_fen"], report["refunds_fen"], report["net_fen"]) == (800, 0, 800)
    assert {t["kind"]: (t["sales_fen"], t["net_fen"]) for t in report["tenders"]} == {
        "cash": (350, 350),
        "card": (450, 450),
    }
    assert report["cash"]["expected_fen"] == 350 and report["cash"]["over_short_fen"] is None


def test_a_bad_date_or_a_day_never_closed_is_said_plainly_with_status_1(shop, capsys) -> None:  # type: ignore[no-untyped-def]
    data_dir, _ = shop
    status, out, err = run(capsys, data_dir, "x", "--date", "2026-13-45")
    assert (status, out) == (1, "")
    assert "不是有效的日期" in err and "Traceback" not in err
    status, _, err = run(capsys, data_dir, "z")
    assert status == 1 and "还没有日结过" in err
    status, _, err = run(capsys, data_dir, "x", "--format", "pdf")
    assert status == 1 and "--out" in err


def test_closing_the_day_needs_the_shift_closed_then_prints_the_z_once(shop, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data_dir, day = shop
    status, _, err = run(capsys, data_dir, "z", "--close", "--pin", "9999")
    assert status == 1 and "交班" in err
    close_shift(data_dir)
    status, _, err = run(capsys, data_dir, "z", "--close", "--pin", "0000")
    assert status == 1 and "密码错误" in err
    status, out, _ = run(capsys, data_dir, "z", "--close", "--pin", "9999", "--width", "58")
    assert status == 0
    assert "Z 报表 No.0001" in out and f"营业日：{day}" in out and "累计总额" in out
    assert max(display_width(line) for line in out.splitlines()) <= 32  # 58 mm paper
    status, _, err = run(capsys, data_dir, "z", "--close", "--date", day, "--pin", "9999")
    assert status == 1 and "已日结" in err
    target = tmp_path / "z.csv"
    status, _, _ = run(capsys, data_dir, "z", "--date", day, "--format", "csv", "--out", str(target))
    assert status == 0
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert ["汇总", "累计总额", "金额（元）", "8.00"] in rows


def test_print_sends_the_report_to_the_configured_printer_and_a_dead_one_is_a_clear_error(
    shop, capsys
) -> None:  # type: ignore[no-untyped-def]
    from pos_app.services.till import Till

    data_dir, _ = shop
    device = data_dir / "printer.bin"
    device.write_bytes(b"")
    till = Till(data_dir)
    till.configure(till.settings().changed(printer_url=f"file://{device}?width=58&cutter=1"))
    till.close()
    status, out, _ = run(capsys, data_dir, "x", "--print", "--out", str(data_dir / "x.txt"))
    assert status == 0 and "已打印到" in out
    sent = device.read_bytes()
    assert "X 报表".encode("gb18030") in sent and sent.endswith(b"\x1dV\x01")
    device.unlink()
    status, _, err = run(capsys, data_dir, "x", "--print")
    assert status == 1 and "打印机未连接" in err and "Traceback" not in err
