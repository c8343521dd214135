"""Importing a catalog CSV: a progress bar while CatalogService.import_file works, then the outcome.

import_file calls progress(done, total) on the worker thread; a signal carries each report to the GUI
thread (queued: its receiver lives there). The service goes over the rows twice, each pass reporting
0..total: first it checks every row, then it writes them. The bar gives checking the first fifth and
writing the rest; a report that does not advance past the previous one starts the writing pass.
All rows or none: a bad file changes nothing, and every bad row is listed with its line number.
"""

from __future__ import annotations

from pathlib import Path

from pos_app.errors import CatalogImportError
from pos_app.services.catalog_service import ImportResult
from ui.catalog_loader import CatalogLoader
from ui.formatting import describe
from ui.qt import QHBoxLayout, QLabel, QListWidget, QObject, QProgressBar, QScroller, QWidget, Signal
from ui.theme import button, set_prop
from ui.touch_dialog import TouchDialog

STEPS = 1000  # the bar's range: per mille


class _ProgressRelay(QObject):
    """Made on the GUI thread; `reported.emit` is what the worker calls."""

    reported = Signal(int, int)


class CatalogImportDialog(TouchDialog):
    """Emits `outcome(ok, summary)` when the import has finished either way."""

    outcome = Signal(bool, str)

    def __init__(self, loader: CatalogLoader, path: Path, parent: QWidget | None) -> None:
        super().__init__(self.tr("Import catalog"), parent, fraction=(0.8, 0.9), maximum=(820, 700))
        self._loader = loader
        self.path = path
        self.result: ImportResult | None = None
        self._relay = _ProgressRelay(self)
        self._relay.reported.connect(self._progress)
        file_label = QLabel(path.name)
        file_label.setObjectName("importFile")
        file_label.setWordWrap(True)
        self.stage = QLabel()
        self.stage.setObjectName("sectionCaption")
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, STEPS)
        self.progress.setValue(0)
        self.summary = QLabel()
        self.summary.setObjectName("inlineMessage")
        self.summary.setWordWrap(True)
        self.summary.hide()
        self.bad_rows = QListWidget()
        self.bad_rows.setObjectName("importErrors")
        self.bad_rows.setWordWrap(True)
        QScroller.grabGesture(self.bad_rows.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.bad_rows.hide()
        self.done_button = button(self.tr("Done"), "primary", "importDone", footer=True)
        self.done_button.clicked.connect(self.accept)
        self.done_button.setEnabled(False)
        self.body.addStretch(1)  # with the stretch below: the progress sits in the middle
        for widget in (file_label, self.stage, self.progress, self.summary):
            self.body.addWidget(widget)
        self.body.addWidget(self.bad_rows, 20)  # when shown, the bad rows take the room
        self.body.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.done_button)
        self.body.addLayout(row)

    def start(self) -> None:
        self.set_busy(True)
        self.stage.setText(self.tr("Reading {name}…").format(name=self.path.name))
        self._loader.import_file(self.path, self._imported, self._failed, self._relay.reported.emit)

    def _progress(self, done: int, total: int) -> None:
        """import_file counts checking as the first half of `total` and saving as the second."""
        if total <= 0:
            return
        self.progress.setValue(max(self.progress.value(), round(done / total * STEPS)))
        rows = total // 2
        if done <= rows:
            stage = self.tr("Checking: {done} of {total} rows").format(done=done, total=rows)
        else:
            stage = self.tr("Saving: {done} of {total} rows").format(done=done - rows, total=rows)
        self.stage.setText(stage)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        text = self.tr("Catalog imported: {created} new, {updated} updated").format(
            created=result.created, updated=result.updated
        )
        self._finish(True, text)

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        if isinstance(exc, CatalogImportError):
            self.bad_rows.addItems([str(row) for row in exc.rows])
            self.bad_rows.show()
        self._finish(False, describe(exc))

    def _finish(self, ok: bool, text: str) -> None:
        self.set_busy(False)
        self.stage.hide()  # the summary says it all
        self.summary.setText(text)
        set_prop(self.summary, "level", "info" if ok else "error")
        self.summary.show()
        self.done_button.setEnabled(True)
        self.done_button.setDefault(True)
        self.outcome.emit(ok, text)

    def bad_row_texts(self) -> list[str]:
        """Every bad row as listed (tests)."""
        return [self.bad_rows.item(i).text() for i in range(self.bad_rows.count())]
