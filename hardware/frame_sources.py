"""Where camera frames come from: an image file, a folder of images, a video file, later the camera.

Every source yields 2-D uint8 grayscale frames, the shape CodeDecoder takes, so the camera worker, the
`pos-till decode` command, the benchmark and the tests share one path. VideoSource opens what
cv2.VideoCapture opens: a file path here, a camera index (0, 1, ...) for the camera worker.
Files are read through numpy rather than cv2.imread, which cannot open non-ASCII paths on Windows
(a shop's pictures folder is often 图片).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import cv2
import numpy as np

from pos_app.scan_errors import CameraUnavailable, ImageUnreadable

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff")


def read_gray(path: str | Path) -> Any:
    """The image as grayscale; ImageUnreadable when it is missing or not an image."""
    path = Path(path)
    if not path.is_file():
        raise ImageUnreadable(str(path), missing=True)
    try:
        gray = cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    except (OSError, cv2.error):
        gray = None
    if gray is None:
        raise ImageUnreadable(str(path), missing=False)
    return gray


class ImageFileSource:
    """One picture as a one-frame source."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def __iter__(self) -> Iterator[Any]:
        yield read_gray(self.path)


class ImageFolderSource:
    """The pictures of a folder in name order (other files are skipped), e.g. saved camera snapshots."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ImageUnreadable(str(self.folder), missing=True)

    @property
    def paths(self) -> list[Path]:
        return sorted(p for p in self.folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)

    def __iter__(self) -> Iterator[Any]:
        for path in self.paths:
            yield read_gray(path)


class VideoSource:
    """Frames of a video file or a camera, until the stream ends; the capture is released at the end.

    Use it in a `with` block (or call close()) when stopping early, so the camera is freed for the
    next user at once rather than when the garbage collector gets to it.
    """

    def __init__(self, source: int | str | Path, size: tuple[int, int] | None = None) -> None:
        """size asks a camera for that resolution (it may pick the nearest it has); a file plays as is."""
        self.source: int | str = source if isinstance(source, int) else str(source)
        if isinstance(self.source, str) and not Path(self.source).is_file():
            raise CameraUnavailable(self.source)
        self._capture = cv2.VideoCapture(self.source)
        if not self._capture.isOpened():
            self._capture.release()
            raise CameraUnavailable(self.source)
        if size is not None and isinstance(self.source, int):
            self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, size[0])
            self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, size[1])

    def __iter__(self) -> Iterator[Any]:
        try:
            while True:
                ok, frame = self._capture.read()
                if not ok:
                    return
                yield frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        finally:
            self.close()

    @property
    def fps(self) -> float:
        """The stream's frames per second as it declares them (0 when it does not say)."""
        return float(self._capture.get(cv2.CAP_PROP_FPS) or 0.0)

    def close(self) -> None:
        self._capture.release()

    def __enter__(self) -> VideoSource:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
