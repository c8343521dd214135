"""The report as a PDF: written offscreen, its Chinese embedded as text, its charts drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument

from pos_app.errors import PosError
from tests.pos_app.test_report_forms import TZ, z_report
from ui.fonts import load_cjk_font
from ui.qt import QApplication, QColor, QFont, QSize
from ui.report_charts import TENDER_COLORS
from ui.report_pdf import write_report_pdf


def open_pdf(path: Path) -> QPdfDocument:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    return document


def colors_on(document: QPdfDocument, page: int) -> set[str]:
    size = document.pagePointSize(page)
    image = document.render(page, QSize(int(size.width()), int(size.height())))
    return {
        QColor(image.pixel(x, y)).name()
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
    }


def test_the_pdf_holds_the_figures_as_chinese_text_and_the_two_charts(
    qapp: QApplication, tmp_path: Path
) -> None:
    target = tmp_path / "z.pdf"
    write_report_pdf(z_report(), TZ, target, qapp)
    document = open_pdf(target)
    text = "".join(document.getAllText(page).text() for page in range(document.pageCount()))
    for words in (
        "好又多便利店",
        "Z 报表",
        "No.0003",
        "营业日 2026-11-25",
        "净销售额",
        "31.78",
        "微信支付",
        "张三",
    ):
        assert words in text
    assert "累计总额 ￥12345.67" in text
    seen = colors_on(document, 0)
    assert TENDER_COLORS["wechat"] in seen and TENDER_COLORS["cash"] in seen  # the pie's slices
    assert "#1f77b4" in seen  # the bars of sales by hour


def test_a_pdf_that_cannot_be_written_is_a_clear_error(qapp: QApplication, tmp_path: Path) -> None:
    with pytest.raises(PosError, match="无法写入 PDF"):
        write_report_pdf(z_report(), TZ, tmp_path / "no such folder" / "z.pdf", qapp)


def test_writing_a_pdf_from_the_window_leaves_the_windows_font_alone(
    qapp: QApplication, tmp_path: Path
) -> None:
    before = qapp.font()
    family = load_cjk_font(qapp)
    assert family is not None
    qapp.setFont(QFont(family, 17))  # as ui/scaling.py sizes it for the screen
    try:
        write_report_pdf(z_report(), TZ, tmp_path / "z.pdf", qapp)
        assert (qapp.font().family(), qapp.font().pointSize()) == (family, 17)
    finally:
        qapp.setFont(before)
    assert "微信支付" in open_pdf(tmp_path / "z.pdf").getAllText(0).text()
