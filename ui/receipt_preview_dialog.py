"""The receipt as the printer will print it: the raster renderer's picture of the same laid-out lines."""

from __future__ import annotations

from hardware.receipt_raster import render_receipt
from pos_app.receipt import PaperWidth, Receipt
from ui.qt import QImage, QLabel, QPixmap, QScrollArea, Qt, QWidget
from ui.touch_dialog import TouchDialog


def receipt_pixmap(receipt: Receipt, paper: PaperWidth) -> QPixmap:
    picture = render_receipt(receipt, paper).convert("L")
    image = QImage(
        picture.tobytes(), picture.width, picture.height, picture.width, QImage.Format.Format_Grayscale8
    )
    return QPixmap.fromImage(image.copy())  # copy: the bytes above are freed when this returns


class ReceiptPreviewDialog(TouchDialog):
    def __init__(self, receipt: Receipt, paper: PaperWidth, parent: QWidget | None) -> None:
        super().__init__(self.tr("Receipt preview"), parent, fraction=(0.6, 0.94), maximum=(720, 1000))
        self.picture = QLabel()
        self.picture.setPixmap(receipt_pixmap(receipt, paper))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidget(self.picture)
        scroll.setWidgetResizable(True)
        self.body.addWidget(scroll)
