"""`pos-till` as a shop owner runs it: the real console script in a subprocess, on a real data dir."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

POS_TILL = [sys.executable, "-m", "ui.cli"]
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*POS_TILL, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )


def test_demo_seeds_a_fresh_dir_and_simulate_rings_up_orders(tmp_path: Path) -> None:
    result = run(tmp_path, "--demo", "simulate", "--orders", "100", "--days", "3", "--seed", "7")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["orders"] == 100 and summary["total_fen"] > 0
    listed = run(tmp_path, "cashier", "list")
    assert [json.loads(line)["role"] for line in listed.stdout.splitlines()] == ["cashier", "manager"]
    again = run(tmp_path, "--demo", "catalog", "search", "kkkl", "--limit", "3")
    assert "seeded" not in again.stderr  # a shop with data is never re-seeded
    hits = [json.loads(line) for line in again.stdout.splitlines()]
    assert 1 <= len(hits) <= 3
    assert all(h["name"].startswith("可口可乐") for h in hits)
    assert set(hits[0]) >= {"barcode", "name", "price_fen", "unit", "category"}


def test_import_of_a_bad_csv_lists_each_bad_row_exits_non_zero_and_imports_nothing(tmp_path: Path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "条码,品名,售价\n6901234567892,可乐,3.50\n6901234567891,坏条码,1\n6921168509256,负价,-5\n",
        encoding="utf-8-sig",
    )
    result = run(tmp_path / "shop", "catalog", "import", str(csv))
    assert result.returncode == 1
    assert "第 3 行" in result.stderr and "第 4 行" in result.stderr and "未做任何更改" in result.stderr
    search = run(tmp_path / "shop", "catalog", "search", "可乐")
    assert search.stdout == ""


def test_import_then_export_round_trips_and_reimport_updates_by_barcode(tmp_path: Path) -> None:
    csv = tmp_path / "catalog.csv"
    csv.write_bytes(
        "barcode,name,price,unit,category,tax_rate\n6901234567892,可口可乐,3.50,piece,饮料,0.13\n"
        "10001,苹果,9.80,kg,水果,9%\n".encode("gb18030")
    )
    first = run(tmp_path / "shop", "catalog", "import", str(csv))
    assert first.returncode == 0 and "新增 2 个" in first.stdout
    out = tmp_path / "out.csv"
    assert run(tmp_path / "shop", "catalog", "export", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "条码,品名,售价,单位,分类,税率"
    assert "10001,苹果,9.80,千克,水果,9%" in text
    second = run(tmp_path / "shop", "catalog", "import", str(out))
    assert "新增 0 个，更新 2 个" in second.stdout


def test_a_read_only_data_dir_fails_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run(blocker / "shop", "catalog", "search", "x")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "无法写入" in result.stderr


def test_the_till_window_opens_on_a_fresh_demo_shop(tmp_path: Path) -> None:
    result = run(tmp_path, "--demo", "--quit-when-ready")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready ")
    assert "Traceback" not in result.stderr


def test_receipt_sample_and_reprint_go_to_the_printer_in_its_encoding(tmp_path: Path) -> None:
    from pos_app.text_width import display_width
    from tests.hardware.escpos_decode import decode
    from tests.hardware.fake_printer import FakePrinter

    assert run(tmp_path, "--demo", "simulate", "--orders", "2").returncode == 0
    server = FakePrinter()
    try:
        url = f"{server.url}?encoding=gbk"
        sample = run(tmp_path, "receipt", "--sample", "--printer", url, "--width", "58")
        assert sample.returncode == 0, sample.stderr
        order_no = _first_order_no(tmp_path)
        reprint = run(tmp_path, "receipt", order_no, "--printer", url)
        assert reprint.returncode == 0, reprint.stderr
        first, second = (decode(job, "gbk") for job in server.wait_for_jobs(2))
    finally:
        server.close()
    assert "好又多便利店" in "\n".join(first.texts)
    assert max(display_width(t) for t in first.texts) <= 32  # 58 mm paper
    assert any("重印" in t for t in second.texts) and any(order_no in t for t in second.texts)


def _first_order_no(data_dir: Path) -> str:
    import sqlite3

    return str(
        sqlite3.connect(data_dir / "till.sqlite3").execute("SELECT order_no FROM orders").fetchone()[0]
    )


def test_receipt_errors_are_clear_and_exit_non_zero(tmp_path: Path) -> None:
    bad_url = run(tmp_path, "receipt", "--sample", "--printer", "tcp://shop-printer:abc")
    assert bad_url.returncode == 1 and "端口“abc”无效" in bad_url.stderr
    no_printer = run(tmp_path, "receipt", "--sample")
    assert no_printer.returncode == 1 and "尚未设置打印机" in no_printer.stderr
    unknown = run(tmp_path, "receipt", "20990101-0001", "--png", str(tmp_path / "r.png"))
    assert unknown.returncode == 1 and "没有订单" in unknown.stderr
    picture = run(tmp_path, "receipt", "--sample", "--png", str(tmp_path / "r.png"), "--width", "80")
    assert picture.returncode == 0 and (tmp_path / "r.png").read_bytes().startswith(b"\x89PNG")


def test_decode_reads_and_classifies_pictures_as_json_one_line_each(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "scan"
    frames = json.loads((fixtures / "manifest.json").read_text())["frames"][:3]
    result = run(tmp_path, "decode", "--json", *(str(fixtures / f["file"]) for f in frames))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(fixtures / f["file"]) for f in frames]
    for line, frame in zip(lines, frames, strict=True):
        assert {"text": frame["expected"], "kind": frame["channel"]}.items() <= line["codes"][0].items()
        assert line["ms"] >= 0 and line["codes"][0]["symbology"]


def test_decode_says_which_picture_it_cannot_read_and_exits_non_zero(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jpg"
    junk.write_bytes(b"not a picture")
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "scan"
    result = run(tmp_path, "decode", str(junk), str(fixtures / "easy_000.jpg"))
    assert result.returncode == 1 and "junk.jpg" in result.stderr and "Traceback" not in result.stderr
    assert "unionpay" in result.stdout  # the readable picture was still decoded
