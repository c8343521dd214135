"""Installs the till's Chinese translation (the default) and Qt's own, unless the shop chose English."""

from __future__ import annotations

import logging
from pathlib import Path

from ui.qt import QCoreApplication, QLibraryInfo, QTranslator

log = logging.getLogger(__name__)

I18N_DIR = Path(__file__).resolve().parent.parent / "resources" / "i18n"
TS_FILE = I18N_DIR / "till_zh_CN.ts"
QM_FILE = I18N_DIR / "till_zh_CN.qm"
_installed: list[QTranslator] = []  # a translator must outlive its installation


def install_translator(app: QCoreApplication, language: str) -> bool:
    """Chinese unless `language` is 'en'. Returns whether the till's own translation was installed."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return False
    qt_own = QTranslator(app)
    if qt_own.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    ours = QTranslator(app)
    if not ours.load(str(QM_FILE)):
        log.warning("translation %s not found; the till shows English", QM_FILE)
        return False
    app.installTranslator(ours)
    _installed.append(ours)
    return True
