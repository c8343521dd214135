"""`pos-till audit verify|export`: exit 0 and "journal OK" on a whole journal, exit 1 and every break on a
broken one; an export verifies on its own, and a tampered export does not."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pos_app.i18n import set_language
from pos_app.services.checkout import CashTender
from pos_app.services.till import DB_FILE
from tests.support import FakeClock, make_till
from ui.cli import main


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    till, cashier, _ = make_till(tmp_path / "shop", FakeClock())
    for _ in range(4):
        sale = till.new_sale(cashier)
        sale.scan("6901234567892")
        till.checkout.pay_cash(sale.cart, cashier, CashTender(500))
    till.close()
    return tmp_path / "shop"


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    yield
    set_language("zh_CN")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def english_settings(data_dir: Path) -> None:
    (data_dir / "settings.toml").write_text('language = "en"\n', encoding="utf-8")


def test_verify_says_ok_on_a_whole_journal_and_exits_0(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english_settings(data_dir)
    code, out = run(capsys, "--data-dir", str(data_dir), "audit", "verify")
    assert code == 0
    assert "journal OK: 6 entries, head seq 6, hash " in out
    code, out = run(capsys, "--data-dir", str(data_dir), "audit", "verify", "--all-signatures")
    assert code == 0 and "6 signatures verified" in out


def test_verify_names_every_break_and_exits_1(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    english_settings(data_dir)
    conn = sqlite3.connect(data_dir / DB_FILE)
    conn.execute("DROP TRIGGER journal_entries_no_delete")
    conn.execute("DELETE FROM journal_entries WHERE seq = 4")
    (order_no,) = conn.execute("SELECT order_no FROM orders ORDER BY id DESC LIMIT 1").fetchone()
    conn.execute("UPDATE orders SET total_fen = 1 WHERE order_no = ?", (order_no,))
    conn.commit()
    conn.close()
    code, out = run(capsys, "--data-dir", str(data_dir), "audit", "verify")
    assert code == 1
    assert "seq 4: missing: the journal has a gap" in out
    assert f"order {order_no}: total_fen changed after it was journaled (journal 350, now 1)" in out
    assert "journal BROKEN" in out.splitlines()[-2]


def test_an_export_verifies_with_file_and_a_tampered_one_does_not(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    english_settings(data_dir)
    out_file = tmp_path / "journal.jsonl"
    code, out = run(capsys, "--data-dir", str(data_dir), "audit", "export", str(out_file))
    assert code == 0 and f"exported 6 journal entries to {out_file}" in out
    code, out = run(capsys, "--data-dir", str(data_dir), "audit", "verify", "--file", str(out_file))
    assert code == 0 and "journal OK: 6 entries" in out

    lines = out_file.read_text(encoding="utf-8").splitlines()
    sale = json.loads(lines[-1])
    sale["body"] = sale["body"].replace('"total_fen":350', '"total_fen":35')
    out_file.write_text(
        "\n".join([*lines[:-1], json.dumps(sale, ensure_ascii=False)]) + "\n", encoding="utf-8"
    )
    code, out = run(capsys, "--data-dir", str(data_dir), "audit", "verify", "--file", str(out_file))
    assert code == 1 and "seq 6: the hash does not match the body" in out


def test_the_messages_are_chinese_by_default(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--data-dir", str(data_dir), "audit", "verify")
    assert code == 0 and "日志完好：共 6 条，最新第 6 条" in out
