"""From a code entering the camera's view to the payment screen holding it, on the video fixture.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_camera.py [--runs N]
Target (issue 4): under 200 ms. The video (tests/fixtures/scan/qr_enters.avi) plays at its own frame
rate; the code is whole in the view from frame `first_full_frame` of its manifest. The figure is the
moment the 扫码支付 page (ui/scan_pay_page.py, with its viewfinder) holds the code minus the moment that
frame was read: frames the pipeline could not read yet count against it.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pos_app.camera_config import CameraConfig
from ui.qt import QApplication, QEventLoop
from ui.scan_pay_page import ScanPayPage

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "scan"


def one_run(video: dict[str, object]) -> float:
    page = ScanPayPage(1250)
    page.resize(1000, 600)
    page.show()
    reads: list[float] = []
    found: list[float] = []
    page.code_held.connect(lambda _scan, read_at: found.append(time.monotonic() - read_at + len(reads)))
    loop = QEventLoop()
    page.start_camera(CameraConfig(str(FIXTURES / str(video["file"])), 1280, 720), None)
    assert page.camera is not None
    page.camera.worker.frame.connect(lambda _image: reads.append(time.monotonic()))
    page.camera.worker.finished.connect(loop.quit)
    loop.exec()
    page.stop_camera()
    page.close()
    if not found:
        raise SystemExit("the code in the video was not read")
    # found = latency of the frame it was read in + its index; frames before it add one period each
    index = int(found[0])
    latency = found[0] - index
    period = (reads[-1] - reads[0]) / (len(reads) - 1)
    return (latency + max(0, index - int(str(video["first_full_frame"]))) * period) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    QApplication(sys.argv[:1])
    video = json.loads((FIXTURES / "manifest.json").read_text())["video"]
    times = [one_run(video) for _ in range(args.runs)]
    print(f"code entering the view to the payment screen holding it: median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms over {args.runs} runs (target < 200 ms)")


if __name__ == "__main__":
    main()
