"""The camera in a worker thread: frames for the viewfinder, and each payment or product code once.

A QObject moved to its own QThread reads frames from the camera (or a video file standing in for one,
paced at the file's own frame rate), decodes them with the measured pipeline, drops a code seen again
within 2 s, classifies it, and reports by queued signals, so the GUI thread only paints and routes. A
camera that cannot be opened or stops is reported as a message; the handheld scanner keeps working.
"""

from __future__ import annotations

import time
from pathlib import Path

import cv2

from hardware.decoders.pipeline import ScanPipeline
from hardware.frame_sources import VideoSource
from pos_app.errors import PosError
from pos_app.scan_codes import classify
from pos_app.scan_debounce import Debouncer
from ui.qt import QImage, QObject, QThread, Signal, Slot


class CameraWorker(QObject):
    frame = Signal(QImage)  # a grayscale picture for the viewfinder
    code = Signal(object, float)  # (ScannedCode, time.monotonic() when its frame was read)
    failed = Signal(str)
    finished = Signal()

    def __init__(
        self, source: int | str | Path, scale_template: str | None = None, size: tuple[int, int] | None = None
    ) -> None:
        super().__init__()
        self._source = source
        self._template = scale_template
        self._size = size
        self._stop = False

    def stop(self) -> None:
        self._stop = True  # read by the worker between frames

    @Slot()
    def run(self) -> None:
        cv2.setNumThreads(1)  # measured: the second OpenCV thread only takes the GUI's core
        pipeline, debouncer = ScanPipeline(), Debouncer()
        try:
            with VideoSource(self._source, self._size) as frames:
                period = self._file_period(frames)
                for gray in frames:
                    read_at = time.monotonic()
                    if self._stop:
                        break
                    for decoded in pipeline.decode(gray):
                        if debouncer.accept(decoded.text):
                            self.code.emit(classify(decoded.text, self._template), read_at)
                    self.frame.emit(_image(gray))
                    if period:
                        time.sleep(max(0.0, period - (time.monotonic() - read_at)))
        except PosError as exc:
            self.failed.emit(str(exc))
        finally:
            self.finished.emit()

    def _file_period(self, frames: VideoSource) -> float:
        """A video file plays at its own pace, as a camera would deliver it; a camera paces itself."""
        if isinstance(self._source, int):
            return 0.0
        fps = frames.fps
        return 1.0 / fps if fps > 0 else 0.0


def _image(gray: object) -> QImage:
    height, width = gray.shape  # type: ignore[attr-defined]
    data = gray.tobytes()  # type: ignore[attr-defined]
    return QImage(data, width, height, width, QImage.Format.Format_Grayscale8).copy()


class CameraScanner(QObject):
    """Starts and stops a CameraWorker on its own thread; its signals arrive on the GUI thread."""

    def __init__(
        self,
        source: int | str | Path,
        scale_template: str | None = None,
        size: tuple[int, int] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.worker = CameraWorker(source, scale_template, size)
        self._thread = QThread(self)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        self.worker.finished.connect(self._thread.quit)

    def start(self) -> None:
        self._thread.start()

    def stop(self, wait_ms: int = 3000) -> None:
        self.worker.stop()
        self._thread.quit()
        self._thread.wait(wait_ms)
