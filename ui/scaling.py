"""Sizes that follow the window, so a 1920x1080 till looks as deliberate as one at 1024x768.

The screens are designed at 1024x768 (factor 1.0). On a bigger window every size grows by `factor_for`,
recomputed when the window is resized (debounced). Three things follow the factor:

- the theme: resources/theme/till.qss is written at 1.0 and every `Npx` in it is multiplied
  (hairlines of 1-2 px stay hairlines);
- the application font;
- the margins and spacing of every layout (each layout's own values are remembered the first time).

The few sizes set in code (table rows, product tiles, painted text, dialog limits) use `px(n)` and
listen to `notifier().changed`. Nothing shrinks below 1.0, so the 44 px touch minimum holds everywhere.
"""

from __future__ import annotations

import re

from ui.fonts import BASE_POINT_SIZE
from ui.qt import (
    QApplication,
    QBoxLayout,
    QCoreApplication,
    QEvent,
    QGridLayout,
    QLayout,
    QObject,
    QTimer,
    QWidget,
    Signal,
)
from ui.theme import load_theme

BASE_SIZE = (1024, 768)
# Screens grow more than text needs to: 1080p touchscreens are also physically bigger. Damping the
# ratio (1920x1080: 1.41 -> 1.3) makes everything larger and still lets a big screen show more tiles.
DAMPING = 0.75
STEP = 0.05  # factors are quantized so that a small resize does not restyle the whole application
MAX_FACTOR = 2.0
HAIRLINE_PX = 2.0  # borders this thin keep their width
DEBOUNCE_MS = 150
_BASE_PROPERTY = "_scaleBase"
_PX = re.compile(r"(?<![\w.#-])(\d+(?:\.\d+)?)px\b")

_factor = 1.0
_theme: str | None = None


def factor_for(width: int, height: int) -> float:
    """1.0 up to 1024x768; above, the damped ratio of the tighter side, in steps of 0.05."""
    ratio = min(width / BASE_SIZE[0], height / BASE_SIZE[1])
    if ratio <= 1.0:
        return 1.0
    damped = min(1.0 + (ratio - 1.0) * DAMPING, MAX_FACTOR)
    return round(round(damped / STEP) * STEP, 2)


def factor() -> float:
    return _factor


def px(size: float) -> int:
    """A size designed at 1024x768, at the current factor (rounded half up)."""
    return int(size * _factor + 0.5)


def scale_qss(qss: str, scale: float) -> str:
    def scaled(match: re.Match[str]) -> str:
        value = float(match[1])
        return match[0] if value <= HAIRLINE_PX else f"{int(value * scale + 0.5)}px"

    return _PX.sub(scaled, qss)


class ScaleNotifier(QObject):
    changed = Signal(float)


_notifier: ScaleNotifier | None = None


def notifier() -> ScaleNotifier:
    """Emits `changed(factor)` after the theme and font were re-applied; lives as long as the app."""
    global _notifier
    if _notifier is None:
        _notifier = ScaleNotifier(QCoreApplication.instance())
    return _notifier


def apply_scale(app: QApplication, scale: float, force: bool = False) -> bool:
    """Restyles the whole application at `scale`; returns False (and does nothing) if it is current."""
    global _factor, _theme
    if scale == _factor and not force:
        return False
    _factor = scale
    if _theme is None or force:
        _theme = load_theme()
    app.setStyleSheet(scale_qss(_theme, scale))
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * scale)
    app.setFont(font)
    for widget in app.topLevelWidgets():
        scale_layouts(widget)
    notifier().changed.emit(scale)
    return True


def scale_layouts(root: QWidget) -> None:
    """Sets every layout under `root` to its own margins and spacing at the current factor."""
    for layout in root.findChildren(QLayout):
        if isinstance(layout, (QBoxLayout, QGridLayout)):
            _scale_layout(layout)


def _scale_layout(layout: QLayout) -> None:
    base = layout.property(_BASE_PROPERTY)
    if base is None:
        m = layout.contentsMargins()
        spacing = (
            (layout.horizontalSpacing(), layout.verticalSpacing())
            if isinstance(layout, QGridLayout)
            else (layout.spacing(), layout.spacing())
        )
        base = [m.left(), m.top(), m.right(), m.bottom(), *spacing]
        layout.setProperty(_BASE_PROPERTY, base)
    left, top, right, bottom, horizontal, vertical = (int(v) for v in base)
    layout.setContentsMargins(px(left), px(top), px(right), px(bottom))
    if isinstance(layout, QGridLayout):
        if horizontal >= 0:
            layout.setHorizontalSpacing(px(horizontal))
        if vertical >= 0:
            layout.setVerticalSpacing(px(vertical))
    elif horizontal >= 0:
        layout.setSpacing(px(horizontal))


class WindowScaler(QObject):
    """Follows one window: scales at once when it is shown, and after a resize once resizing pauses."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.apply_now)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window:
            if event.type() == QEvent.Type.Show:
                self.apply_now()
            elif event.type() == QEvent.Type.Resize and self._window.isVisible():
                self._timer.start()
        return False

    def apply_now(self) -> None:
        """Scales for the window's current size now (also for tests and the screenshot script)."""
        self.apply_for(self._window.width(), self._window.height())

    def apply_for(self, width: int, height: int) -> None:
        """Scales for a size the window is about to have: before the first show, so it is styled once."""
        self._timer.stop()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        if not apply_scale(app, factor_for(width, height)):
            scale_layouts(self._window)  # a new window at an unchanged factor
