"""How amounts, quantities and errors read on screen; the only place yuan strings are made for display."""

from __future__ import annotations

import logging

from pos_app.cart import CartLine
from pos_app.errors import PosError
from pos_app.money import format_yuan
from pos_app.scan_codes import CodeKind, ScannedCode
from ui.qt import QCoreApplication

log = logging.getLogger(__name__)
YUAN = "¥"


def money(fen: int) -> str:
    """1250 -> '¥12.50'."""
    return format_yuan(fen, YUAN)


def unit_price(line: CartLine) -> str:
    """'¥3.00', or '¥12.80/kg' for goods sold by weight."""
    return f"{money(line.unit_price_fen)}/kg" if line.weighed else money(line.unit_price_fen)


def channel_label(channel: str) -> str:
    """'wechat' -> '微信': a payment channel by the name its customers know (the receipt uses it too)."""
    try:
        return ScannedCode("", CodeKind(channel)).channel_label()
    except ValueError:
        return channel


def describe(exc: BaseException) -> str:
    """The cashier's message for an error: the domain's own words for a PosError, a plain note otherwise."""
    if isinstance(exc, PosError):
        return str(exc)
    log.error("unexpected error shown to the cashier", exc_info=exc)
    return QCoreApplication.translate("Errors", "Unexpected error: {error}").format(error=exc)
