"""扫码支付 on the payment screen: the camera's viewfinder, the code it reads, a camera that fails."""

from __future__ import annotations

import json
from pathlib import Path

from ui.tender_dialog import SCAN, TenderDialog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scan"
VIDEO = json.loads((FIXTURES / "manifest.json").read_text())["video"]


def open_scan_page(drive, till, codes, camera: str) -> TenderDialog:  # type: ignore[no-untyped-def]
    till.configure(till.settings().changed(camera=camera))
    drive.scan(codes.cola)
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    dialog.methods.button(SCAN).click()
    return dialog


def test_the_camera_shows_its_picture_and_the_code_it_reads_is_held(drive, till, codes):
    dialog = open_scan_page(drive, till, codes, str(FIXTURES / VIDEO["file"]))
    page = dialog.scan_page
    assert page.camera_running
    drive.qtbot.waitUntil(lambda: page.held is not None, timeout=10_000)
    assert page.held.text == VIDEO["expected"]
    assert page.channel_label.text() == "微信"
    assert page.viewfinder.has_picture and page.viewfinder.frames_shown > 0
    dialog.reject()
    drive.no_dialog()
    assert not page.camera_running  # the camera is freed when the payment screen closes


def test_the_camera_runs_only_while_its_page_is_on_screen(drive, till, codes):
    dialog = open_scan_page(drive, till, codes, str(FIXTURES / VIDEO["file"]))
    assert dialog.scan_page.camera_running
    dialog.methods.button(0).click()  # back to cash
    assert not dialog.scan_page.camera_running


def test_a_camera_that_fails_says_so_and_the_handheld_scanner_still_works(drive, till, codes, tmp_path):
    dialog = open_scan_page(drive, till, codes, str(tmp_path / "unplugged.avi"))
    page = dialog.scan_page
    drive.qtbot.waitUntil(lambda: "扫码枪仍可使用" in page.viewfinder.text(), timeout=5_000)
    assert "无法打开视频" in page.viewfinder.text()
    dialog.scanned("134567890123456789\r\n")
    assert page.held.text == "134567890123456789" and page.channel_label.text() == "微信"


def test_with_no_camera_the_page_asks_for_the_scanner(drive, till, codes):
    dialog = open_scan_page(drive, till, codes, "")
    assert not dialog.scan_page.camera_running
    assert "扫码枪" in dialog.scan_page.viewfinder.text()
    assert not dialog.scan_page.charge_button.isEnabled()
