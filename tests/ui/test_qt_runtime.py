"""The Qt binding itself must survive a day of clicks: no reference to None lost per call.

PySide6 6.12.0 on CPython 3.11 lost one reference to None on every call of a method returning nothing
(setText, update, processEvents, ...), so a till crashed with "none_dealloc" after some thousands of
calls. pyproject pins a good release; this test fails if a bad one comes back.
"""

from __future__ import annotations

import sys

from ui.qt import QApplication, QLabel


def test_calls_of_qt_methods_leave_the_reference_count_of_none_alone(qapp: QApplication) -> None:
    label = QLabel()
    before = sys.getrefcount(None)
    for i in range(3000):
        label.setText(str(i))
        label.update()
        qapp.processEvents()
    assert abs(sys.getrefcount(None) - before) < 500
