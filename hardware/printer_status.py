"""Reading a printer's real-time status answers (DLE EOT n), shared by every connection that can read.

An Epson-compatible printer answers DLE EOT 1 (printer status) and DLE EOT 4 (paper roll sensor) with
one byte each, at once, even mid-job. Bits 1 and 4 are always 1 and bits 0 and 7 always 0: a byte that
breaks this pattern is not a status answer (some printers echo, others send their own 'automatic status
back' chatter) and is ignored rather than trusted.
"""

from __future__ import annotations

from pos_app.ports import PrinterStatus

DLE_EOT = b"\x10\x04"
QUERY = DLE_EOT + b"\x01" + DLE_EOT + b"\x04"  # printer status, then paper sensor: the answers come in order
OFFLINE_BIT = 0x08  # in the DLE EOT 1 answer
PAPER_END_BITS = 0x60  # in the DLE EOT 4 answer; 0x0C is 'near end', which still prints


def is_status_byte(byte: int) -> bool:
    return byte & 0x93 == 0x12


def status_from_answers(answers: bytes) -> PrinterStatus | None:
    """The status told by the answers to QUERY, or None when the printer did not answer both."""
    valid = [b for b in answers if is_status_byte(b)]
    if len(valid) < 2:
        return None
    printer, paper = valid[0], valid[1]
    if paper & PAPER_END_BITS:
        return PrinterStatus.PAPER_OUT
    if printer & OFFLINE_BIT:
        return PrinterStatus.OFFLINE
    return PrinterStatus.ONLINE
