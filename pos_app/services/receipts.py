"""A stored order as a printed receipt: the same figures the order holds, in the shop's local time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pos_app.receipt import ItemLine, Receipt, Tender
from pos_app.services.orders import OrderView
from pos_app.settings import ShopSettings

TENDER_LABELS = {  # receipts are Chinese, whatever the till's language
    "cash": "现金",
    "card": "银行卡",
    "wechat": "微信支付",
    "alipay": "支付宝",
    "unionpay": "云闪付",
    "bestpay": "翼支付",
    "ecny": "数字人民币",
}


def receipt_for_order(order: OrderView, settings: ShopSettings, copy: bool = False) -> Receipt:
    """Lines voided before payment are left off: the customer's receipt lists what was paid for.

    A sale in the fiscal journal carries its entry's short code as text (防伪码 J123-1250-9f86d081) and as
    the QR code (pos_app.journal.receipt_qr), a copy the same as the first print; an order older than
    the journal keeps its order number in the QR code and prints no code."""
    when = order.created_at.astimezone(ZoneInfo(settings.timezone))
    lines = [
        ItemLine(line.name, line.quantity_text, line.unit_price_fen, line.gross_fen, line.line_discount_fen)
        for line in order.lines
        if not line.voided
    ]
    tenders = [
        Tender(TENDER_LABELS.get(t.kind, t.kind), t.tendered_fen or t.amount_fen, t.reference)
        for t in order.tenders
    ]
    return Receipt(
        shop_name=settings.shop_name,
        address=settings.address,
        phone=settings.phone,
        order_no=order.order_no,
        cashier=order.cashier,
        time_text=f"{when:%Y-%m-%d %H:%M:%S}",
        lines=lines,
        subtotal_fen=order.subtotal_fen,
        discount_fen=order.discount_fen,
        rounding_fen=order.rounding_fen,
        total_fen=order.total_fen,
        tenders=tenders,
        change_fen=order.change_fen,
        footer=settings.receipt_footer,
        copy=copy,
        code_text=order.journal_qr,
        journal_code=order.journal_code,
    )
