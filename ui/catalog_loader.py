"""The catalog's in-memory search index, built in the background; searches wait for it, the GUI does not.

CatalogService.index() builds on first use and can take seconds with 100k products. Until `ready`, the
screens show a loading note instead of calling search(), categories() or in_category().
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pos_app.catalog import Product
from pos_app.services.catalog_service import ImportResult
from pos_app.services.till import Till
from ui.formatting import describe
from ui.qt import QObject, Signal
from ui.worker import run_in_background

log = logging.getLogger(__name__)


class CatalogLoader(QObject):
    changed = Signal()  # ready flipped, or the loaded data changed
    failed = Signal(str)

    def __init__(self, till: Till, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._till = till
        self._generation = 0
        self.ready = False
        self.count = 0
        self.categories: list[str] = []
        self.quick_keys: list[Product] = []

    def reload(self) -> None:
        """Marks the index stale at once (no GUI call may build it), then builds it in a worker."""
        self._generation += 1
        generation = self._generation
        self.ready = False
        self.changed.emit()
        catalog = self._till.catalog

        def build() -> tuple[int, list[str], list[Product]]:
            index = catalog.index()
            return len(index), index.categories(), catalog.quick_keys()

        run_in_background(
            build,
            lambda result: self._loaded(generation, result),
            lambda exc: self._failed(generation, exc),
        )

    def import_file(
        self,
        path: Path,
        on_done: Callable[[ImportResult], None],
        on_error: Callable[[BaseException], None],
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Imports a catalog CSV in a worker; the index is stale from now and rebuilt after a success.

        `progress(done, total)` is called on the worker thread: pass a signal's emit, not a widget method.
        """
        self._generation += 1
        self.ready = False
        self.changed.emit()
        catalog = self._till.catalog

        def done(result: ImportResult) -> None:
            self.reload()
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.reload()  # nothing was imported; the old index comes back
            on_error(exc)

        run_in_background(lambda: catalog.import_file(path, progress), done, failed)

    def _loaded(self, generation: int, result: tuple[int, list[str], list[Product]]) -> None:
        if generation != self._generation:
            return  # a newer reload is under way
        self.count, self.categories, self.quick_keys = result
        self.ready = True
        self.changed.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.failed.emit(describe(exc))

    def search(self, text: str, limit: int = 30) -> list[Product]:
        return self._till.catalog.search(text, limit) if self.ready else []

    def in_category(self, category: str) -> list[Product]:
        return self._till.catalog.in_category(category) if self.ready else []
