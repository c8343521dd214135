"""The camera's live picture in the payment screen, or a plain sentence when there is no picture."""

from __future__ import annotations

from ui.qt import QImage, QLabel, QPainter, QPaintEvent, QRect, Qt, QWidget


class ViewfinderWidget(QLabel):
    """Paints the latest frame scaled to fit (aspect kept, centred); shows its text when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("viewfinder")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setMinimumSize(240, 180)
        self._frame: QImage | None = None
        self.frames_shown = 0

    def show_frame(self, image: QImage) -> None:
        self._frame = image
        self.frames_shown += 1
        self.update()

    def show_text(self, text: str) -> None:
        """No camera, or it failed: the sentence replaces the picture."""
        self._frame = None
        self.setText(text)
        self.update()

    @property
    def has_picture(self) -> bool:
        return self._frame is not None

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._frame is None:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        scaled = self._frame.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        target = QRect(0, 0, scaled.width(), scaled.height())
        target.moveCenter(self.rect().center())
        painter.drawImage(target, self._frame)
        painter.end()
