"""The GUI's composition root: the QApplication, translation, fonts, theme, the window and its event loop."""

from __future__ import annotations

import logging
import sys
import time

from pos_app.services.till import Till
from ui.fonts import load_cjk_font
from ui.i18n import install_translator
from ui.main_window import MainWindow
from ui.qt import QApplication, QThreadPool, QTimer
from ui.scaling import apply_scale

log = logging.getLogger(__name__)


def prepare_application(app: QApplication, language: str) -> None:
    """Everything the look depends on; shared by run_gui, the tests and the screenshot script.

    The theme goes in at the 1024x768 scale; each MainWindow re-scales it to its own size when shown.
    """
    install_translator(app, language)
    load_cjk_font(app)
    apply_scale(app, 1.0, force=True)


def build_main_window(till: Till) -> MainWindow:
    """The window, not shown and with no event loop: what run_gui shows and what tests drive."""
    return MainWindow(till)


def _log_unexpected(kind: type[BaseException], value: BaseException, tb: object) -> None:
    """A bug in a slot is logged; the till stays up rather than showing a crash dialog."""
    log.critical("unexpected error", exc_info=(kind, value, tb))  # type: ignore[arg-type]


def _report_ready_and_quit(window: MainWindow, app: QApplication) -> None:
    """Paints the first screen, prints the wall-clock moment it was on screen, and quits."""
    window.repaint()
    sys.stdout.write(f"ready {time.time():.3f}\n")
    sys.stdout.flush()
    app.quit()


def run_gui(till: Till, argv: list[str], quit_when_ready: bool = False) -> int:
    """Runs the till's window; `quit_when_ready` paints the first screen and quits (start-up benchmark)."""
    app = QApplication.instance() or QApplication(argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("till")
    prepare_application(app, till.settings().language)
    sys.excepthook = _log_unexpected
    window = build_main_window(till)
    screen = app.primaryScreen().availableGeometry()
    if "--fullscreen" in argv:
        window.setGeometry(app.primaryScreen().geometry())  # also where no window manager honours full screen
        window.scaler.apply_for(screen.width(), screen.height())  # styled once, before the first paint
        window.showFullScreen()
    else:
        window.resize(min(1280, screen.width()), min(800, screen.height()))  # never larger than the screen
        window.scaler.apply_now()
        window.show()
    window.activateWindow()  # the scanner types into the focused search field
    window.start_background_loading()
    if quit_when_ready:
        QTimer.singleShot(0, lambda: _report_ready_and_quit(window, app))
    try:
        return app.exec()
    finally:
        QThreadPool.globalInstance().waitForDone()  # a sale being stored finishes before the caller closes
