"""The UI follows the window's size: 1024x768 is the design, 1920x1080 is drawn about 1.3 times larger."""

from __future__ import annotations

import pytest

from tests.ui.test_touch_targets import too_small
from ui import scaling
from ui.qt import QApplication
from ui.tender_dialog import TenderDialog


@pytest.mark.parametrize(
    ("size", "factor"),
    [
        ((1024, 768), 1.0),
        ((960, 640), 1.0),
        ((1280, 800), 1.05),
        ((1920, 1080), 1.3),
        ((1920, 768), 1.0),
        ((3840, 2160), 2.0),
    ],
)
def test_the_factor_follows_the_tighter_side_and_never_shrinks(size, factor):
    assert scaling.factor_for(*size) == factor


def test_theme_sizes_scale_but_hairlines_stay():
    qss = "QLabel { font-size: 18px; border: 1px solid #d5dce4; padding: 6px 2px; margin: 0.5px; }"

    assert scaling.scale_qss(qss, 1.3) == (
        "QLabel { font-size: 23px; border: 1px solid #d5dce4; padding: 8px 2px; margin: 0.5px; }"
    )


def sizes(window) -> dict[str, int]:
    screen = window.sale_screen
    return {
        "pay": screen.pay_button.height(),
        "row": screen.cart_panel.table.verticalHeader().defaultSectionSize(),
        "tile": screen.products.grid.gridSize().height(),
        "font": round(QApplication.font().pointSizeF()),
        "margin": screen.layout().contentsMargins().left(),
    }


def test_at_1920_by_1080_everything_is_larger_once_resizing_pauses(drive, codes, qtbot):
    window = drive.window
    drive.scan(codes.cola)
    small = sizes(window)

    window.resize(1920, 1080)
    assert scaling.factor() == 1.0  # debounced: nothing is restyled while the window is being resized
    qtbot.waitUntil(lambda: scaling.factor() == 1.3, timeout=2000)
    qtbot.wait(10)
    large = sizes(window)

    for name, value in small.items():
        assert 1.2 <= large[name] / value <= 1.4, (name, value, large[name])
    assert too_small(window.sale_screen) == []

    window.resize(1024, 768)
    qtbot.waitUntil(lambda: scaling.factor() == 1.0, timeout=2000)
    qtbot.wait(10)
    assert sizes(window) == small


def test_a_dialog_opened_at_1080p_grows_with_the_screen(drive, codes, qtbot):
    drive.window.resize(1920, 1080)
    drive.window.scaler.apply_now()
    drive.scan(codes.cola)
    drive.tap("pay")
    dialog = drive.dialog(TenderDialog)
    qtbot.wait(10)

    assert dialog.width() == scaling.px(1000) > 1000  # its maximum grew with the factor
    assert dialog.body.contentsMargins().left() == scaling.px(20)
    assert too_small(dialog) == []
    dialog.reject()
