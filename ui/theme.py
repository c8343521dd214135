"""The look: one QSS file (resources/theme/till.qss) and the dynamic properties it keys on."""

from __future__ import annotations

import logging
from pathlib import Path

from ui.qt import QPushButton, QWidget

log = logging.getLogger(__name__)

THEME_FILE = Path(__file__).resolve().parent.parent / "resources" / "theme" / "till.qss"
MIN_TOUCH = 44  # px: the smallest target a finger hits reliably


def load_theme(path: Path = THEME_FILE) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("theme %s not loaded: %s", path, exc)
        return ""


def set_prop(widget: QWidget, name: str, value: object) -> None:
    """Sets a property the QSS selects on and re-applies the style so the change shows at once."""
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def button(
    text: str, kind: str = "", name: str = "", checkable: bool = False, footer: bool = False
) -> QPushButton:
    """A touch button: `kind` picks its QSS look (primary, pay, danger, chip, key, ...); `footer` makes
    it one of a dialog's wide closing buttons (Cancel, Save, ...)."""
    b = QPushButton(text)
    if kind:
        b.setProperty("kind", kind)
    if footer:
        b.setProperty("role", "footer")
    if name:
        b.setObjectName(name)
    b.setCheckable(checkable)
    b.setAutoDefault(False)  # in dialogs Enter presses only the button made default on purpose
    b.setMinimumHeight(MIN_TOUCH)
    return b
