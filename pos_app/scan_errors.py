"""Why an image or a decoder could not be used, as typed errors the CLI and the camera screen choose by.

Kept in pos_app (like printing_errors) so the UI can catch them without importing the drivers.
"""

from __future__ import annotations

from pos_app.errors import PosError


class ImageUnreadable(PosError):
    """A file given to `pos-till decode` is missing or is not an image OpenCV can read."""

    def __init__(self, path: str, missing: bool) -> None:
        if missing:
            super().__init__(f"Image not found: {path}", f"找不到图片：{path}")
        else:
            super().__init__(
                f"Cannot read image {path}: not an image file or damaged",
                f"无法读取图片 {path}：不是图片文件或文件已损坏",
            )
        self.path = path
        self.missing = missing


class DecoderUnavailable(PosError):
    """A decoder library is not installed: a setup problem for the technician, not the cashier."""

    def __init__(self, library: str, install_en: str, install_zh: str) -> None:
        super().__init__(
            f"Barcode decoder {library} is not available: {install_en}",
            f"条码解码库 {library} 不可用：{install_zh}",
        )
        self.library = library


class CameraUnavailable(PosError):
    """A camera (by index) or a video file standing in for one cannot be opened."""

    def __init__(self, source: int | str) -> None:
        if isinstance(source, int):
            super().__init__(
                f"Camera {source} cannot be opened: not connected, or in use by another program",
                f"无法打开摄像头 {source}：未连接或正被其他程序使用",
            )
        else:
            super().__init__(f"Cannot open video {source}", f"无法打开视频 {source}")
        self.source = source
