"""What a scanned code is: a payment code (and whose), a product, a scale label, or nothing we know.

Handheld scanners type what they read followed by CR/LF; the camera's decoders hand over the text. Either
way the till must decide from the text alone, at once, whether to start a payment or add a product, so
the order of the tests below is part of the contract:

1. Payment codes, by the channels' own patterns (pos_app reference: payments.md; WeChat micropay docs,
   jeepay JeepayKit, Lakala SDK). They are 16 digits or more, so they never collide with a GTIN (8, 12,
   13 digits), a scale label (13) or an in-store code (1-7): an 18-digit string starting 10-15 is WeChat
   although it is "all digits", and a 13-digit label starting with 2 is never Alipay (Alipay needs 16+).
   The prefixes of the channels are disjoint, so their order among themselves does not matter.
2. A scale label, when the shop has a scale template: it is also a valid EAN-13, so it must win over the
   product rule or the weighed item would be looked up as a packaged one.
3. A product: EAN-13 / EAN-8 / UPC-A with a correct check digit, or an in-store code of 1-7 digits.
4. The shop's own codes (member cards, coupons; later issues) from SHOP_RULES: tried last so that a
   shop-defined pattern can never steal a customer's payment code or a product.
5. Anything else is UNKNOWN; its message() tells the cashier what was read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from pos_app.barcodes import IN_STORE_CODE, ScaleTemplate, is_valid_gtin
from pos_app.i18n import pick


class CodeKind(Enum):
    WECHAT = "wechat"
    ALIPAY = "alipay"
    UNIONPAY = "unionpay"
    ECNY = "ecny"
    BESTPAY = "bestpay"
    JDPAY = "jdpay"
    PRODUCT = "product"
    SCALE_LABEL = "scale_label"
    MEMBER = "member"  # no pattern yet: the members issue adds its rule to SHOP_RULES
    COUPON = "coupon"  # no pattern yet: the coupons issue adds its rule to SHOP_RULES
    UNKNOWN = "unknown"


# re.ASCII: Python's \d also matches Arabic-Indic or Devanagari digits, which no channel issues.
PAYMENT_RULES: tuple[tuple[re.Pattern[str], CodeKind], ...] = (
    (re.compile(r"^1[0-5]\d{16}$", re.ASCII), CodeKind.WECHAT),
    (re.compile(r"^(2[5-9]|30)\d{14,22}$", re.ASCII), CodeKind.ALIPAY),  # 16-24 digits: trust the length
    (re.compile(r"^62\d{17}$", re.ASCII), CodeKind.UNIONPAY),
    (re.compile(r"^01\d{17}$", re.ASCII), CodeKind.ECNY),
    (re.compile(r"^51\d{16}$", re.ASCII), CodeKind.BESTPAY),
    (re.compile(r"^18\d{16}$", re.ASCII), CodeKind.JDPAY),  # provisional: one public source only
)

# The hook for the shop's own codes, tried after payments and products (see the module docstring).
# The members and coupons issues append (pattern, CodeKind.MEMBER / CodeKind.COUPON) here.
SHOP_RULES: tuple[tuple[re.Pattern[str], CodeKind], ...] = ()

PAYMENT_KINDS = frozenset(kind for _, kind in PAYMENT_RULES)

_LABELS_ZH = {
    CodeKind.WECHAT: "微信",
    CodeKind.ALIPAY: "支付宝",
    CodeKind.UNIONPAY: "云闪付",
    CodeKind.ECNY: "数字人民币",
    CodeKind.BESTPAY: "翼支付",
    CodeKind.JDPAY: "京东支付",
    CodeKind.PRODUCT: "商品条码",
    CodeKind.SCALE_LABEL: "电子秤条码",
    CodeKind.MEMBER: "会员码",
    CodeKind.COUPON: "优惠券",
    CodeKind.UNKNOWN: "未知条码",
}
_LABELS_EN = {
    CodeKind.WECHAT: "WeChat Pay",
    CodeKind.ALIPAY: "Alipay",
    CodeKind.UNIONPAY: "UnionPay QuickPass",
    CodeKind.ECNY: "e-CNY",
    CodeKind.BESTPAY: "Bestpay",
    CodeKind.JDPAY: "JD Pay",
    CodeKind.PRODUCT: "product barcode",
    CodeKind.SCALE_LABEL: "scale label",
    CodeKind.MEMBER: "member code",
    CodeKind.COUPON: "coupon",
    CodeKind.UNKNOWN: "unknown code",
}

# Zero-width characters some input methods and QR generators leave in the text; never part of a code.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_FULL_WIDTH_DIGITS = {0xFF10 + i: str(i) for i in range(10)}
_SHOWN_MAX = 40  # characters of an unknown code quoted back to the cashier; a QR may hold kilobytes


@dataclass(frozen=True)
class ScannedCode:
    text: str
    kind: CodeKind

    @property
    def is_payment(self) -> bool:
        return self.kind in PAYMENT_KINDS

    def channel_label(self) -> str:
        """The Chinese name printed on the receipt and shown on the payment screen (channels' own names)."""
        return _LABELS_ZH[self.kind]

    def masked(self) -> str:
        """A payment code as shown on screen and in logs: enough to tell codes apart, not to replay one."""
        if len(self.text) <= 8:
            return self.text
        return f"{self.text[:4]} •••• {self.text[-4:]}"

    def message(self) -> str:
        """What the cashier reads about this scan, in the cashier's language."""
        if self.kind is CodeKind.UNKNOWN:
            shown = self.text if len(self.text) <= _SHOWN_MAX else self.text[:_SHOWN_MAX] + "…"
            return pick(f"Unrecognized code: {shown}", f"无法识别的条码：{shown}")
        suffix = pick(" payment code", "付款码") if self.is_payment else ""
        return pick(_LABELS_EN[self.kind] + suffix, _LABELS_ZH[self.kind] + suffix)


def normalize(raw: str) -> str:
    """The code as the channel issued it: without the scanner's CR/LF/Tab, invisible marks, full-width digits.

    Spaces inside are removed only when what remains is digits: a payment number typed from the phone
    comes in groups of four ("1304 5678 …"), while spaces inside a QR's text belong to that text.
    """
    text = raw.translate(_INVISIBLE).translate(_FULL_WIDTH_DIGITS).strip()
    packed = "".join(text.split())
    return packed if packed.isascii() and packed.isdigit() else text


def classify(raw: str, scale_template: str | None = None) -> ScannedCode:
    """Never raises for any text; an invalid scale_template pattern raises InvalidInput (a setup error)."""
    text = normalize(raw)
    template = ScaleTemplate(scale_template) if scale_template else None
    for pattern, kind in PAYMENT_RULES:
        if pattern.fullmatch(text):
            return ScannedCode(text, kind)
    digits = text.isascii() and text.isdigit()
    if digits and template is not None and template.matches(text) and is_valid_gtin(text):
        return ScannedCode(text, CodeKind.SCALE_LABEL)
    if digits and (is_valid_gtin(text) or IN_STORE_CODE.match(text)):
        return ScannedCode(text, CodeKind.PRODUCT)
    for pattern, kind in SHOP_RULES:
        if pattern.fullmatch(text):
            return ScannedCode(text, kind)
    return ScannedCode(text, CodeKind.UNKNOWN)
