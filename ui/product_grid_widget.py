"""Products as big touch tiles (name and price): search results, a category, or the quick keys.

A list view with a painted delegate, not one button per product, so a category of thousands stays quick.
"""

from __future__ import annotations

from pos_app.catalog import Product
from ui.formatting import money
from ui.qt import (
    Property,
    QAbstractListModel,
    QColor,
    QListView,
    QModelIndex,
    QObject,
    QPainter,
    QPersistentModelIndex,
    QRect,
    QScroller,
    QSize,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    Qt,
    QWidget,
    Signal,
)
from ui.scaling import notifier, px

Index = QModelIndex | QPersistentModelIndex
TILE_MIN_WIDTH = 150  # sizes at 1024x768; scaled with px()
TILE_HEIGHT = 92
GAP = 8


class ProductListModel(QAbstractListModel):
    PRODUCT_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.products: list[Product] = []

    def set_products(self, products: list[Product]) -> None:
        self.beginResetModel()
        self.products = list(products)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.products)

    def data(self, index: Index, role: int = 0) -> object:
        if not index.isValid():
            return None
        product = self.products[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return product.name
        if role == self.PRODUCT_ROLE:
            return product
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{product.name}  {money(product.price_fen)}"
        return None


class _TileDelegate(QStyledItemDelegate):
    """The tile's box comes from QSS (QListView::item); the name and price are painted here."""

    def __init__(self, view: ProductGridView) -> None:
        super().__init__(view)
        self._view = view

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        product = index.data(ProductListModel.PRODUCT_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = self._view.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, self._view)
        box = opt.rect.adjusted(px(12), px(8), -px(12), -px(8))
        painter.save()
        painter.setPen(opt.palette.color(opt.palette.ColorRole.Text))
        font = painter.font()
        font.setPixelSize(px(16))
        painter.setFont(font)
        name_box = QRect(box.left(), box.top(), box.width(), box.height() - px(26))
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        name = painter.fontMetrics().elidedText(
            product.name, Qt.TextElideMode.ElideRight, box.width() * 2 - 8
        )
        painter.drawText(name_box, int(flags), name)
        font.setPixelSize(px(17))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(self._view.priceColor)
        price = money(product.price_fen) + ("/kg" if product.weighed else "")
        painter.drawText(box, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), price)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return self._view.gridSize() - QSize(px(GAP), px(GAP))


class ProductGridView(QListView):
    """Emits `chosen(product)` when a tile is tapped; tiles stretch to fill the width."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("productGrid")
        self._price_color = QColor("#b42318")
        self.product_model = ProductListModel(self)
        self.setModel(self.product_model)
        self.setItemDelegate(_TileDelegate(self))
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setWrapping(True)
        self.setSpacing(0)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        self.clicked.connect(lambda index: self.chosen.emit(index.data(ProductListModel.PRODUCT_ROLE)))
        self._fit_tiles()
        notifier().changed.connect(self._fit_tiles)

    def set_products(self, products: list[Product]) -> None:
        self.product_model.set_products(products)
        self.scrollToTop()

    def products(self) -> list[Product]:
        return self.product_model.products

    def tap(self, row: int) -> None:
        """Taps a tile as a finger would (tests and scripts)."""
        self.clicked.emit(self.product_model.index(row, 0))

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit_tiles()

    def _fit_tiles(self, *_scale: object) -> None:
        """Columns that fill the width exactly, leaving room for the scroll bar so it never re-wraps."""
        # QListView lays out icons within the viewport minus the scroll bar's extent, shown or not
        scroll_bar = self.style().pixelMetric(
            QStyle.PixelMetric.PM_ScrollBarExtent, None, self.verticalScrollBar()
        )
        min_width = px(TILE_MIN_WIDTH)
        width = max(self.maximumViewportSize().width() - scroll_bar - 1, min_width)
        columns = max(1, width // min_width)
        self.setGridSize(QSize(width // columns, px(TILE_HEIGHT + GAP)))

    def _get_price_color(self) -> QColor:
        return self._price_color

    def _set_price_color(self, color: QColor) -> None:
        self._price_color = QColor(color)

    priceColor = Property(QColor, _get_price_color, _set_price_color)  # QSS: qproperty-priceColor
