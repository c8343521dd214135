"""The camera worker on a video file standing in for the camera: the code arrives once, in time."""

from __future__ import annotations

import json
import time
from pathlib import Path

from pos_app.scan_codes import CodeKind
from ui.camera_worker import CameraScanner

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scan"
VIDEO = json.loads((FIXTURES / "manifest.json").read_text())["video"]


def test_a_code_entering_the_view_is_reported_once_with_frames_for_the_viewfinder(qtbot):
    scanner = CameraScanner(FIXTURES / VIDEO["file"])
    codes: list[tuple[object, float, float]] = []
    frames: list[object] = []
    scanner.worker.code.connect(lambda scan, read_at: codes.append((scan, read_at, time.monotonic())))
    scanner.worker.frame.connect(frames.append)
    with qtbot.waitSignal(scanner.worker.finished, timeout=10_000):
        scanner.start()
    scanner.stop()
    assert len(frames) == VIDEO["frames"]
    assert frames[0].width() == VIDEO["size"][0] and frames[0].height() == VIDEO["size"][1]
    [(scan, read_at, arrived)] = codes  # seen in many frames, reported once
    assert scan.text == VIDEO["expected"] and scan.kind is CodeKind.WECHAT
    assert arrived >= read_at


def test_a_camera_that_cannot_be_opened_says_so(qtbot, tmp_path):
    scanner = CameraScanner(tmp_path / "no-camera.avi")
    messages: list[str] = []
    scanner.worker.failed.connect(messages.append)
    with qtbot.waitSignal(scanner.worker.finished, timeout=5_000):
        scanner.start()
    scanner.stop()
    assert messages and "无法打开视频" in messages[0]
