"""The right-hand side of the sale screen: the scan/search field, category chips and product tiles."""

from __future__ import annotations

from pos_app.catalog import Product
from ui.catalog_loader import CatalogLoader
from ui.category_bar_widget import QUICK, CategoryBarWidget
from ui.product_grid_widget import ProductGridView
from ui.qt import (
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.theme import button

SEARCH_LIMIT = 30
SEARCH_DELAY_MS = 120  # a scanner types 13 digits in a few ms: search once it pauses


class SearchField(QLineEdit):
    """Esc clears; everything else is a plain line edit (a USB scanner types into it and presses Enter)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
        else:
            super().keyPressEvent(event)


class ProductPanelWidget(QWidget):
    code_entered = Signal(str)  # digits + Enter: a barcode or scale label, for sale.scan
    product_chosen = Signal(object)  # a tapped tile, or the single match of a typed search
    keypad_requested = Signal()

    def __init__(self, loader: CatalogLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loader = loader
        self._category = ""  # the chip to come back to when a search is cleared
        self.search = SearchField()
        self.search.setObjectName("searchField")
        self.search.setPlaceholderText(self.tr("Scan or search: barcode, name, pinyin initials"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self._enter)
        self.keypad_button = button(self.tr("Keypad"), "", "keypadButton")
        self.keypad_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keypad_button.clicked.connect(self.keypad_requested)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.categories = CategoryBarWidget()
        self.categories.chosen.connect(self._show_category)
        self.grid = ProductGridView()
        self.grid.chosen.connect(self._chosen)
        self.note = QLabel()
        self.note.setObjectName("gridNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.grid)
        self.pages.addWidget(self.note)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.search, 1)
        row.addWidget(self.keypad_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(row)
        layout.addWidget(self.categories)
        layout.addWidget(self.pages, 1)
        loader.changed.connect(self._catalog_changed)
        self._catalog_changed()

    # -- what is shown ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Search results while there is text; otherwise the chosen category (or quick keys)."""
        self._timer.stop()
        text = self.search.text().strip()
        if not self._loader.ready:
            self._note(self.tr("Loading the catalog…"))
        elif text:
            self.categories.clear_selection()
            found = self._loader.search(text, SEARCH_LIMIT)
            self._show(found, self.tr("No product matches “{text}”").format(text=text))
        elif self.categories.current() is None and self._category in self.categories.chip_keys():
            self.categories.select(self._category)
        else:
            self._show_category(self.categories.current() or "")

    def _show_category(self, key: str) -> None:
        self._category = key
        if self.search.text().strip():
            self.search.clear()  # a tapped chip means: browse, not search
            return  # clearing re-runs refresh through the timer
        if not self._loader.ready:
            return
        products = self._loader.quick_keys if key == QUICK else self._loader.in_category(key)
        self._show(products, self.tr("No products here yet"))

    def _show(self, products: list[Product], empty_note: str) -> None:
        self.grid.set_products(products)
        if products:
            self.pages.setCurrentWidget(self.grid)
        else:
            self._note(empty_note)

    def _note(self, text: str) -> None:
        self.note.setText(text)
        self.pages.setCurrentWidget(self.note)

    def _catalog_changed(self) -> None:
        """The index is (re)loaded: fresh chips, the same category as before if it still exists."""
        if self._loader.ready:
            self.categories.set_categories(
                self._loader.categories, with_quick_keys=bool(self._loader.quick_keys)
            )
            keys = self.categories.chip_keys()
            if keys:
                self._category = self._category if self._category in keys else keys[0]
                self.categories.select(self._category, emit=False)
        self.refresh()  # search results if the cashier typed while it loaded, else the category

    # -- input ------------------------------------------------------------------------------------------
    def _enter(self) -> None:
        self._timer.stop()
        text = self.search.text().strip()
        if not text:
            return
        if text.isdigit():
            self.search.clear()
            self.code_entered.emit(text)
            return
        found = self._loader.search(text, 2)
        if len(found) == 1:
            self.search.clear()
            self.product_chosen.emit(found[0])
        else:
            self.refresh()

    def _chosen(self, product: Product) -> None:
        self.product_chosen.emit(product)
        self.search.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
