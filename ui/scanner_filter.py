"""Handheld scanners in keyboard mode: a scan is caught wherever the focus is, and never typed.

An application-wide event filter feeds printable keys to pos_app's KeyBurst while the sale screen is in
front: a fast run ending in Enter or Tab becomes `scanned(code)`; anything a person types is handed on
to the focused widget unchanged, late by at most a few tens of milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable

from pos_app.key_burst import KeyBurst
from ui.qt import QApplication, QElapsedTimer, QEvent, QKeyEvent, QObject, Qt, QTimer, Signal

ENDS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
CHORDS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


class ScannerFilter(QObject):
    scanned = Signal(str)

    def __init__(self, active: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._active = active
        self._burst = KeyBurst()
        self._clock = QElapsedTimer()
        self._clock.start()
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(int(self._burst.gap_ms))
        self._pause.timeout.connect(self._release)
        self._replaying = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not self._burst.held and not self._active():
            return False
        now = float(self._clock.elapsed())
        if event.key() in ENDS:
            code = self._burst.end(now)
            if code is not None:
                self._pause.stop()
                self.scanned.emit(code)
                return True
            self._release()  # what was held goes first, then this Enter as the person pressed it
            return False
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & CHORDS:
            self._replay(self._burst.key(text, now))
            self._pause.start()
            return True
        self._release()  # another key (an F-key, an arrow) ends a run: it was typing
        return False

    def _release(self) -> None:
        self._pause.stop()
        self._replay(self._burst.release())

    def _replay(self, keys: list[str]) -> None:
        target = QApplication.focusWidget()
        if not keys or target is None:
            return
        self._replaying = True
        try:
            for text in keys:
                key = ord(text.upper()) if text.isascii() else 0
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))
        finally:
            self._replaying = False
