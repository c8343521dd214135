"""Chinese is the cashier's language: every UI string has a finished zh_CN translation, and it shows."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ui.app import build_main_window
from ui.i18n import QM_FILE, TS_FILE, install_translator
from ui.qt import QApplication, QFontMetrics, QPushButton

PLACEHOLDER = re.compile(r"\{\w*\}")


def messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS_FILE).getroot()
    return [
        (context.findtext("name"), message.findtext("source"), message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def test_every_source_string_has_a_finished_chinese_translation():
    found = messages()
    assert len(found) > 100
    unfinished = [
        (ctx, src)
        for ctx, src, tr in found
        if tr is None
        or not (tr.text or "").strip()
        or tr.get("type") in ("unfinished", "vanished", "obsolete")
    ]
    assert unfinished == []


def test_translations_keep_every_placeholder():
    wrong = [
        (src, tr.text)
        for _ctx, src, tr in messages()
        if sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(tr.text or ""))
    ]
    assert wrong == []


def test_the_compiled_translation_is_shipped_beside_the_source():
    assert QM_FILE.is_file() and QM_FILE.stat().st_mtime >= TS_FILE.stat().st_mtime - 1


def test_the_sale_screen_speaks_chinese(selling):
    texts = {b.text() for b in selling.sale_screen.findChildren(QPushButton)}
    assert {"数量", "删除", "单品折扣", "整单折扣", "改价", "挂单", "取单", "锁屏", "设置"} <= texts
    assert selling.sale_screen.pay_button.text().startswith("收款")
    assert selling.sale_screen.products.search.placeholderText().startswith("扫码")


def test_the_application_font_draws_chinese():
    family = QApplication.font().family()
    assert "WenQuanYi" in family or "Noto" in family or "Droid" in family
    assert QFontMetrics(QApplication.font()).inFont("收")


def test_english_is_there_for_a_shop_that_chooses_it(qapp, qtbot, till, people, catalog):
    assert not install_translator(qapp, "en")
    try:
        window = build_main_window(till)
        qtbot.addWidget(window)
        assert window.sale_screen.buttons["hold"].text() == "Hold"
        assert window.login_screen.pin_pad.ok_button.text() == "OK"
    finally:
        assert install_translator(qapp, "zh_CN")
