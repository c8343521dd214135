"""The receipt as a document, and its layout in printer columns.

Pure: the same laid-out lines feed the ESC/POS text encoder, the raster renderer and the till's preview,
so all three print the same thing. Receipts are Chinese; money is shown with ￥ (U+FFE5), never ¥
(U+00A5), which GBK printers cannot print.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from enum import Enum

from pos_app.money import format_yuan
from pos_app.text_width import display_width, pad_left, pad_right, wrap

__all__ = [
    "SIMPLIFIED",
    "TRADITIONAL",
    "CodeKind",
    "ItemLine",
    "Labels",
    "PaperWidth",
    "Receipt",
    "ReceiptLine",
    "Tender",
    "display_width",
    "layout",
    "sample_receipt",
    "wrap",
]

YUAN = "￥"


class PaperWidth(Enum):
    """Paper in mm; its columns of the 12-dot printer font and its printable dots at 203 dpi."""

    MM58 = 58
    MM80 = 80

    @property
    def columns(self) -> int:
        return 32 if self is PaperWidth.MM58 else 48

    @property
    def dots(self) -> int:
        return 384 if self is PaperWidth.MM58 else 576


class CodeKind(Enum):
    QR = "qr"
    BARCODE = "barcode"  # CODE128: the till's own scanner reads it back for returns and reprints
    NONE = "none"


@dataclass(frozen=True)
class ItemLine:
    name: str
    quantity_text: str  # '2', or '0.255kg' for weighed goods
    unit_price_fen: int  # per piece, or per kg
    amount_fen: int  # before the line's discount
    discount_fen: int = 0


@dataclass(frozen=True)
class Tender:
    label: str  # 现金, 微信, 支付宝 ...
    amount_fen: int
    reference: str = ""  # the channel's transaction number, printed so a dispute can be traced


@dataclass
class Receipt:
    shop_name: str
    order_no: str
    cashier: str
    time_text: str  # already in the shop's local time
    lines: list[ItemLine]
    subtotal_fen: int
    total_fen: int
    discount_fen: int = 0
    rounding_fen: int = 0  # 抹零, signed: negative when it takes money off
    tenders: list[Tender] = field(default_factory=list)
    change_fen: int = 0
    address: str = ""
    phone: str = ""
    footer: str = "谢谢惠顾，欢迎再次光临！"
    copy: bool = False  # a reprint says so, loudly, so it cannot pass as a second sale
    extra_sections: list[tuple[str, list[str]]] = field(default_factory=list)  # points, invoice, journal
    code_text: str = ""  # what the bottom code encodes; the order number when empty
    code_kind: CodeKind = CodeKind.QR
    journal_code: str = ""  # the sale's journal entry (pos_app.journal.short_code), printed above the code

    def __post_init__(self) -> None:
        if not self.code_text:
            self.code_text = self.order_no


@dataclass(frozen=True)
class ReceiptLine:
    """One printed line. `text` fits the paper: display width <= columns (<= columns / 2 when double)."""

    text: str
    bold: bool = False
    double: bool = False  # double width and height: the shop name and the reprint mark
    center: bool = False
    code: str | None = None  # set on the one line that is the bottom QR code or barcode (text is empty)
    code_kind: CodeKind = CodeKind.QR


def _clean(text: str) -> str:
    """Control characters would move the printer's head; format characters have no width to lay out."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            out.append(" ")
        elif category != "Cf":
            out.append(char)
    return "".join(out)


def _money(fen: int) -> str:
    return format_yuan(fen, YUAN)


def _pair(left: str, right: str, columns: int, bold: bool = False) -> list[ReceiptLine]:
    """Left text and a right-aligned value; the value goes to its own line when both do not fit."""
    gap = columns - display_width(left) - display_width(right)
    if gap >= 1:
        return [ReceiptLine(left + " " * gap + right, bold=bold)]
    return [ReceiptLine(t, bold=bold) for t in wrap(left, columns)] + [
        ReceiptLine(pad_left(t, columns), bold=bold) for t in wrap(right, columns)
    ]


@dataclass(frozen=True)
class Labels:
    """The receipt's own words. Big5 printers have no simplified characters, so they get TRADITIONAL."""

    phone: str = "电话"
    order_no: str = "单号"
    cashier: str = "收银员"
    time: str = "时间"
    name: str = "品名"
    quantity: str = "数量"
    price: str = "单价"
    amount: str = "金额"
    discount: str = "优惠"
    count: str = "件数"
    subtotal: str = "商品合计"
    rounding: str = "抹零"
    total: str = "应收"
    change: str = "找零"
    reference: str = "单号"
    copy: str = "重印 / COPY"
    journal: str = "防伪码"


SIMPLIFIED = Labels()
TRADITIONAL = Labels(
    phone="電話", order_no="單號", cashier="收銀員", time="時間", quantity="數量", price="單價", amount="金額",
    discount="優惠", count="件數", subtotal="商品合計", total="應收", reference="單號", journal="防偽碼",
)  # fmt: skip


@dataclass(frozen=True)
class _Table:
    """Where the item columns end: quantity, unit price, then the amount at the right edge."""

    columns: int
    labels: Labels

    @property
    def qty_end(self) -> int:
        return self.columns * 5 // 16

    @property
    def price_end(self) -> int:
        return self.qty_end + 3 + self.columns // 4

    def header(self) -> str:
        labels = pad_left(self.labels.quantity, self.qty_end)
        labels += pad_left(self.labels.price, self.price_end - self.qty_end)
        return pad_right(labels, self.columns - display_width(self.labels.amount)) + self.labels.amount

    def row(self, item: ItemLine) -> list[ReceiptLine]:
        left = pad_left(item.quantity_text, self.qty_end) + " x "
        left += pad_left(format_yuan(item.unit_price_fen), self.price_end - display_width(left))
        rows = _pair(left, format_yuan(item.amount_fen), self.columns)
        if item.discount_fen:
            rows += _pair("  " + self.labels.discount, format_yuan(-item.discount_fen), self.columns)
        return rows


def _centered(text: str, columns: int, big: bool = False) -> list[ReceiptLine]:
    return [ReceiptLine(t, bold=big, double=big, center=True) for t in wrap(text, columns)]


def _plain(text: str, columns: int, indent: str = "") -> list[ReceiptLine]:
    return [ReceiptLine(indent + t) for t in wrap(text, columns - display_width(indent))]


def _item_count(lines: list[ItemLine]) -> int:
    """Pieces count as their number, a weighed line as one item, as the cart counts them."""
    return sum(int(i.quantity_text) if i.quantity_text.isdigit() else 1 for i in lines)


def _head(receipt: Receipt, columns: int, words: Labels) -> list[ReceiptLine]:
    out = _centered(_clean(receipt.shop_name), columns // 2, big=True)
    if receipt.address:
        out += _centered(_clean(receipt.address), columns)
    if receipt.phone:
        out += _centered(f"{words.phone}：{_clean(receipt.phone)}", columns)
    if receipt.copy:
        out += _centered(words.copy, columns // 2, big=True)
    out.append(ReceiptLine("-" * columns))
    for label, value in ((words.order_no, receipt.order_no), (words.cashier, receipt.cashier),
                         (words.time, receipt.time_text)):  # fmt: skip
        out += _plain(f"{label}：{_clean(value)}", columns)
    return out


def _money_block(receipt: Receipt, columns: int, words: Labels) -> list[ReceiptLine]:
    out = _pair(words.count, str(_item_count(receipt.lines)), columns)
    out += _pair(words.subtotal, _money(receipt.subtotal_fen), columns)
    if receipt.discount_fen:
        out += _pair(words.discount, _money(-receipt.discount_fen), columns)
    if receipt.rounding_fen:
        out += _pair(words.rounding, _money(receipt.rounding_fen), columns)
    out += _pair(words.total, _money(receipt.total_fen), columns, bold=True)
    if receipt.tenders or receipt.change_fen:
        out.append(ReceiptLine("-" * columns))
    for tender in receipt.tenders:
        out += _pair(_clean(tender.label), _money(tender.amount_fen), columns)
        if tender.reference:
            out += _plain(f"{words.reference}：{_clean(tender.reference)}", columns, indent="  ")
    if receipt.change_fen:
        out += _pair(words.change, _money(receipt.change_fen), columns)
    return out


def layout(receipt: Receipt, columns: int, labels: Labels = SIMPLIFIED) -> list[ReceiptLine]:
    """The receipt as lines for a paper of `columns` columns (32 for 58 mm, 48 for 80 mm)."""
    if columns < 24:
        raise ValueError("a receipt needs at least 24 columns")
    rule = ReceiptLine("-" * columns)
    table = _Table(columns, labels)
    out = _head(receipt, columns, labels)
    out += [rule, ReceiptLine(labels.name), ReceiptLine(table.header()), rule]
    for item in receipt.lines:
        out += _plain(_clean(item.name), columns) + table.row(item)
    out += [rule, *_money_block(receipt, columns, labels)]
    for title, texts in receipt.extra_sections:
        out += [rule, *(ReceiptLine(t, bold=True) for t in wrap(_clean(title), columns))]
        for text in texts:
            out += _plain(_clean(text), columns)
    out.append(rule)
    for paragraph in receipt.footer.splitlines():
        out += _centered(_clean(paragraph), columns)
    if receipt.journal_code:
        out += _centered(f"{labels.journal} {_clean(receipt.journal_code)}", columns)
    if receipt.code_kind is not CodeKind.NONE and receipt.code_text:
        out.append(ReceiptLine("", center=True, code=receipt.code_text, code_kind=receipt.code_kind))
    return out


def sample_receipt() -> Receipt:
    """A realistic sale at a corner shop: the CLI's `receipt --sample`, the preview and the benchmarks."""
    lines = [
        ItemLine("农夫山泉 饮用天然水 550ml", "2", 200, 400),
        ItemLine("可口可乐 330ml", "3", 350, 1050),
        ItemLine("康师傅 红烧牛肉面 105g", "2", 450, 900),
        ItemLine("蒙牛 特仑苏 纯牛奶 250ml*12盒 整箱装（礼盒装）", "1", 6990, 6990, discount_fen=500),
        ItemLine("苹果 红富士", "0.255kg", 980, 250),
        ItemLine("香蕉", "0.732kg", 598, 438),
        ItemLine("Oreo 奥利奥 夹心饼干 原味 97g", "1", 650, 650),
        ItemLine("白猫 洗洁精 1.5kg", "1", 1290, 1290),
    ]
    subtotal = sum(i.amount_fen for i in lines)
    discount = sum(i.discount_fen for i in lines)
    rounding = -((subtotal - discount) % 10)  # 抹分: the odd fen are taken off
    total = subtotal - discount + rounding
    return Receipt(
        shop_name="好又多便利店",
        address="深圳市南山区科技园南路 88 号",
        phone="0755-2688 1234",
        order_no="20261125-0007",
        cashier="张三",
        time_text="2026-11-25 14:32:08",
        lines=lines,
        subtotal_fen=subtotal,
        discount_fen=discount,
        rounding_fen=rounding,
        total_fen=total,
        tenders=[Tender("现金", 12000)],
        change_fen=12000 - total,
        footer="谢谢惠顾，欢迎再次光临！\n请保留小票，七日内凭小票退换",
    )
