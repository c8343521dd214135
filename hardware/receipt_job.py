"""The bytes of one print job for a configured printer: the one entry point the print worker calls."""

from __future__ import annotations

from collections.abc import Sequence

from hardware.escpos_text import (
    CHINESE_OFF,
    INIT,
    drawer_kick,
    encode_lines,
    encode_text_receipt,
    feed_and_cut,
    image_bytes,
)
from hardware.receipt_raster import encode_raster_receipt, render_lines
from pos_app.printer_config import PrinterConfig
from pos_app.receipt import Receipt, ReceiptLine


def receipt_job(receipt: Receipt, config: PrinterConfig, kick_drawer: bool = False) -> bytes:
    """Text with the printer's Chinese font, or one raster image when the URL says encoding=raster."""
    if config.raster:
        return encode_raster_receipt(receipt, config, kick_drawer)
    return encode_text_receipt(receipt, config, kick_drawer)


def drawer_job(config: PrinterConfig) -> bytes:
    """Opens the cash drawer without printing (the 'open drawer' key, a cash refund)."""
    return INIT + CHINESE_OFF + drawer_kick(config.drawer_pin)


def lines_job(lines: Sequence[ReceiptLine], config: PrinterConfig) -> bytes:
    """Lines laid out beforehand (an X or Z report) the way a receipt goes out: text, or one image for a
    raster printer; then the cut."""
    body = (
        image_bytes(render_lines(lines, config.paper), config.paper)
        if config.raster
        else encode_lines(lines, config)
    )
    return INIT + CHINESE_OFF + body + feed_and_cut(config.cutter)
