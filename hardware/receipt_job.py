"""The bytes of one print job for a configured printer: the one entry point the print worker calls."""

from __future__ import annotations

from hardware.escpos_text import CHINESE_OFF, INIT, drawer_kick, encode_text_receipt
from hardware.receipt_raster import encode_raster_receipt
from pos_app.printer_config import PrinterConfig
from pos_app.receipt import Receipt


def receipt_job(receipt: Receipt, config: PrinterConfig, kick_drawer: bool = False) -> bytes:
    """Text with the printer's Chinese font, or one raster image when the URL says encoding=raster."""
    if config.raster:
        return encode_raster_receipt(receipt, config, kick_drawer)
    return encode_text_receipt(receipt, config, kick_drawer)


def drawer_job(config: PrinterConfig) -> bytes:
    """Opens the cash drawer without printing (the 'open drawer' key, a cash refund)."""
    return INIT + CHINESE_OFF + drawer_kick(config.drawer_pin)
