"""Catalog import from the settings: a progress bar fed from the worker, then the result or every bad row."""

from __future__ import annotations

import threading
from pathlib import Path

from pos_app.barcodes import gtin_check_digit
from ui.catalog_import_dialog import STEPS, CatalogImportDialog

HEADER = "条码,品名,售价,单位,分类\n"


def ean13(n: int) -> str:
    body = f"692{n:09d}"
    return body + str(gtin_check_digit(body))


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_3000_row_csv_imports_with_progress_up_to_100_percent(drive, till, settings_dialog, tmp_path):
    csv = write_csv(
        tmp_path / "批发商品.csv",
        [f"{ean13(n)},测试商品 {n} 号,{n % 90 + 1}.50,个,批发" for n in range(3000)],
    )
    settings_dialog.import_file(csv)
    dialog = settings_dialog.sub_dialog
    assert isinstance(dialog, CatalogImportDialog) and dialog.isVisible()
    assert dialog.busy and not dialog.close_button.isEnabled()  # no closing under a running import
    values: list[int] = []
    threads: set[threading.Thread] = set()
    dialog.progress.valueChanged.connect(
        lambda v: (values.append(v), threads.add(threading.current_thread()))
    )
    drive.settle()

    assert dialog.progress.value() == dialog.progress.maximum() == STEPS
    assert len(values) >= 3 and values == sorted(values)  # it moved forward in steps, never back
    assert threads == {threading.main_thread()}  # reports reached the bar on the GUI thread
    assert dialog.summary.text() == "商品已导入：新增 3000，更新 0"
    assert dialog.done_button.isEnabled() and not dialog.busy
    assert till.catalog.count() == 3005
    assert settings_dialog.error_label.text() == "商品已导入：新增 3000，更新 0"
    dialog.done_button.click()
    drive.settle()
    assert settings_dialog.sub_dialog is None
    assert drive.window.catalog_label.text() == "商品 3005 种"


def test_a_bad_csv_lists_every_bad_row_scrollably_and_changes_nothing(drive, till, settings_dialog, tmp_path):
    rows = [f"{ean13(n)},好商品 {n},3.00,个,零食" for n in range(20)]
    rows += [f"{ean13(100 + n)},坏价格 {n},abc,个,零食" for n in range(30)]
    settings_dialog.import_file(write_csv(tmp_path / "bad.csv", rows))
    drive.settle()
    dialog = settings_dialog.sub_dialog

    bad = dialog.bad_row_texts()
    assert len(bad) == 30
    assert bad[0].startswith("第 22 行：") and bad[-1].startswith("第 51 行：")
    assert dialog.summary.text() == "商品未导入：30 行有误，未做任何更改"
    assert dialog.summary.property("level") == "error"
    assert dialog.bad_rows.isVisible() and dialog.bad_rows.verticalScrollBar().maximum() > 0
    assert not dialog.progress.isVisible()
    assert till.catalog.count() == 5
    assert settings_dialog.error_label.text().startswith("商品未导入")
    assert drive.window.loader.ready
