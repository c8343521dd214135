"""One sale in progress: what the cashier does to the cart, with the shop's rules on who may do it."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.barcodes import ScaleTemplate
from pos_app.cart import Cart, CartLine, Totals
from pos_app.catalog import Product
from pos_app.errors import ApprovalRequired, InvalidInput, UnknownProduct
from pos_app.money import format_yuan
from pos_app.pricing import Discount
from pos_app.services.auth import Approval, Cashier, OverrideAction
from pos_app.services.catalog_service import CatalogService
from pos_app.settings import ShopSettings


class Sale:
    def __init__(
        self,
        catalog: CatalogService,
        settings: Callable[[], ShopSettings],
        cashier: Cashier,
        at_work: Callable[[], None] = lambda: None,
    ) -> None:
        self._catalog = catalog
        self._settings = settings
        self.cashier = cashier
        self.cart = Cart()
        self._at_work = at_work  # tells the sync a cashier is busy (see services/cashier_activity.py)

    # -- adding -----------------------------------------------------------------------------------------
    def scan(self, code: str) -> CartLine:
        """A scanned or typed code: a product barcode, or a scale label carrying price or weight."""
        code = code.strip()
        self._at_work()
        product = self._catalog.by_barcode(code)
        if product is not None:
            return self.cart.add_product(product, barcode=code)
        template = ScaleTemplate(self._settings().scale_template)
        if template.matches(code):
            label = template.parse(code)
            weighed = self._catalog.by_barcode(label.plu)
            if weighed is None:
                raise UnknownProduct(label.plu)
            if label.price_fen is not None:
                grams = round(label.price_fen * 1000 / weighed.price_fen) if weighed.price_fen else 1
                return self.cart.add_weighed(weighed, max(grams, 1), label.price_fen, barcode=code)
            assert label.grams is not None
            return self.cart.add_weighed(weighed, label.grams, barcode=code)
        raise UnknownProduct(code)

    def add(self, product: Product, quantity: int = 1) -> CartLine:
        self._at_work()
        return self.cart.add_product(product, quantity)

    def weigh(self, product: Product, grams: int) -> CartLine:
        self._at_work()
        return self.cart.add_weighed(product, grams)

    def add_open_price(self, name: str, price_fen: int, approval: Approval | None) -> CartLine:
        detail = f"{name} {format_yuan(price_fen)}"
        self._need(approval, OverrideAction.OPEN_PRICE, detail)
        line = self.cart.add_open_price(name, price_fen)
        self._spend(approval, OverrideAction.OPEN_PRICE)
        return line

    def load_cart(self, cart: Cart) -> None:
        """Puts a recalled (取单) cart on screen; refused while another cart is open, so none is lost."""
        if self.cart.lines:
            raise InvalidInput(
                "finish or hold the open cart before recalling another", "请先结账或挂起当前订单，再取单"
            )
        self.cart = cart

    # -- changing ---------------------------------------------------------------------------------------
    def set_quantity(self, line_id: str, quantity: int) -> None:
        self.cart.set_quantity(line_id, quantity)

    def void_line(self, line_id: str) -> CartLine:
        return self.cart.void_line(line_id)

    def discount_line(
        self, line_id: str, discount: Discount | None, approval: Approval | None = None
    ) -> None:
        line = self.cart.line(line_id)
        off = discount.off(line.gross_fen) if discount else 0
        if self._over_limit(off, line.gross_fen):
            self._need(approval, OverrideAction.DISCOUNT_OVER_LIMIT, f"{line.name} -{format_yuan(off)}")
            self._spend(approval, OverrideAction.DISCOUNT_OVER_LIMIT)
        self.cart.set_line_discount(line_id, discount)

    def discount_order(self, discount: Discount | None, approval: Approval | None = None) -> None:
        totals = self.totals()
        base = totals.subtotal_fen - totals.line_discount_fen
        off = discount.off(base) if discount else 0
        if self._over_limit(off, base):
            self._need(approval, OverrideAction.DISCOUNT_OVER_LIMIT, f"整单 -{format_yuan(off)}")
            self._spend(approval, OverrideAction.DISCOUNT_OVER_LIMIT)
        self.cart.order_discount = discount

    def override_price(self, line_id: str, price_fen: int, approval: Approval | None) -> None:
        line = self.cart.line(line_id)
        detail = f"{line.name} {format_yuan(line.unit_price_fen)} -> {format_yuan(price_fen)}"
        self._need(approval, OverrideAction.PRICE_OVERRIDE, detail)
        self.cart.override_price(line_id, price_fen)
        self._spend(approval, OverrideAction.PRICE_OVERRIDE)

    def totals(self) -> Totals:
        return self.cart.totals(self._settings().rounding)

    # -- rules ------------------------------------------------------------------------------------------
    def _over_limit(self, off_fen: int, base_fen: int) -> bool:
        if off_fen == 0:
            return False
        return off_fen * 10_000 > base_fen * self._settings().discount_limit_bp

    def _need(self, approval: Approval | None, action: OverrideAction, detail: str) -> None:
        """Managers too approve with their PIN, so every restricted action leaves a record."""
        if approval is None or approval.spent or approval.action is not action:
            raise ApprovalRequired(
                action.value,
                detail,
                f"A manager must approve: {action.label()} {detail}",
                f"需要店长授权：{action.label()} {detail}",
            )

    def _spend(self, approval: Approval | None, action: OverrideAction) -> None:
        if approval is not None:
            approval.spend(action)
