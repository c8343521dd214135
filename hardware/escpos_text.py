"""ESC/POS bytes for printers that print text with their own Chinese font.

We own the Chinese path instead of using python-escpos's "magic encode", which sends GB18030 without
switching Chinese mode on and turns ¥ into bytes GBK printers print as junk (python-escpos #190, #269,
#491, #678). The rule that keeps a printer from printing garbage: a byte >= 0x80 only ever goes out
between FS & (Chinese mode on) and FS . (off). Every character keeps the width the layout gave it, so a
character the printer's encoding lacks becomes '?' or '？', and the columns still line up.
python-escpos is used only where it is right: images (GS v 0) and the native QR (GS ( k).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from PIL import Image

from hardware.receipt_codes import code128_module_width, qr_box_size, qr_image
from pos_app.printer_config import PrinterConfig
from pos_app.receipt import SIMPLIFIED, TRADITIONAL, CodeKind, PaperWidth, Receipt, ReceiptLine, layout
from pos_app.text_width import char_width

ESC, GS, FS, LF = b"\x1b", b"\x1d", b"\x1c", b"\n"
INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
CODECS = {"gbk": "gbk", "gb18030": "gb18030", "big5": "cp950", "utf8": "utf-8"}  # Big5 printers are CP950
PROFILES = {PaperWidth.MM58: "POS-5890", PaperWidth.MM80: "TM-T20II"}
# One-column characters outside ASCII print two columns wide in Chinese mode; these stand in for them.
_LOOKALIKE = dict(zip("·×—–‘’“”…°¥€ˉ", ".x--''\"\".oYE-", strict=True))


def _narrow(char: str) -> bytes:
    """A one-column character as one ASCII byte: itself, its unaccented letter, a look-alike, or '?'."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if len(base) == 1 and 32 <= ord(base) < 127:
        return base.encode("ascii")
    return _LOOKALIKE.get(char, "?").encode("ascii")


def encode_text(text: str, encoding: str) -> bytes:
    """The line's bytes in the printer's encoding, one printed column per layout column."""
    codec = CODECS[encoding]
    out = bytearray()
    for char in text:
        width = char_width(char)
        if 32 <= ord(char) < 127:
            out += char.encode("ascii")
        elif width == 2:
            try:
                out += char.encode(codec)
            except UnicodeEncodeError:
                out += "？".encode(codec)
        elif width == 1:
            out += _narrow(char)
    return bytes(out)


def drawer_kick(pin: int) -> bytes:
    """ESC p m t1 t2: a 50 ms pulse on drawer pin 2 (m=0) or pin 5 (m=1), then 500 ms rest."""
    if pin not in (2, 5):
        raise ValueError("the cash drawer is on pin 2 or pin 5")
    return ESC + b"p" + bytes((0 if pin == 2 else 1, 25, 250))


def feed_and_cut(cutter: bool) -> bytes:
    """Feeds the last line past the cutter or tear bar; a partial cut keeps the slip from falling."""
    return ESC + b"d\x05" + (GS + b"V\x01" if cutter else b"")


def _dummy(paper: PaperWidth) -> Any:
    """python-escpos's in-memory printer; imported on first use, as loading its printer profiles takes
    a third of a second that the till's start-up should not pay."""
    from escpos.printer import Dummy

    return Dummy(profile=PROFILES[paper])


def image_bytes(image: Image.Image, paper: PaperWidth) -> bytes:
    printer = _dummy(paper)
    printer.image(image, impl="bitImageRaster")
    return bytes(printer.output)


def _barcode(data: str, paper: PaperWidth) -> bytes:
    """The printer's own CODE128 (GS k, code set B) with the digits printed under the bars."""
    width = code128_module_width(data, paper.dots)
    code = b"{B" + data.encode("ascii")
    setup = [ESC + b"a\x01", GS + b"H\x02", GS + b"h\x50", GS + b"w" + bytes((width,))]  # centre, HRI, size
    return b"".join([*setup, GS + b"k\x49" + bytes((len(code),)) + code, LF, ESC + b"a\x00"])


def code_bytes(line: ReceiptLine, paper: PaperWidth, native_qr: bool) -> bytes:
    data = line.code or ""
    if line.code_kind is CodeKind.BARCODE and code128_module_width(data, paper.dots):
        return _barcode(data, paper)
    if native_qr:
        printer = _dummy(paper)
        printer.qr(data, native=True, size=qr_box_size(data, paper.dots))
        return ESC + b"a\x01" + bytes(printer.output) + LF + ESC + b"a\x00"
    return image_bytes(qr_image(data, paper.dots), paper)


class _Style:
    """The printer's current alignment, emphasis and size, so each command is sent only on a change."""

    def __init__(self) -> None:
        self.state = (False, False, False)

    def change(self, line: ReceiptLine) -> bytes:
        wanted = (line.center, line.bold, line.double)
        out = b""
        for i, (now, then) in enumerate(zip(wanted, self.state, strict=True)):
            if now != then:
                out += (ESC + b"a", ESC + b"E", GS + b"!")[i] + bytes((0x11 if i == 2 and now else int(now),))
        self.state = wanted
        return out


def encode_lines(lines: Sequence[ReceiptLine], config: PrinterConfig) -> bytes:
    """Laid-out lines as text; Chinese mode is on only around the lines that need it."""
    style, out = _Style(), bytearray()
    for line in lines:
        if line.code is not None:
            out += style.change(ReceiptLine("")) + code_bytes(line, config.paper, config.native_qr)
            continue
        out += style.change(line)
        text = line.text.rstrip(" ") if line.center else line.text
        data = encode_text(text, config.encoding)
        out += (CHINESE_ON + data + CHINESE_OFF if any(b >= 0x80 for b in data) else data) + LF
    return bytes(out + style.change(ReceiptLine("")))


def encode_text_receipt(receipt: Receipt, config: PrinterConfig, kick_drawer: bool = False) -> bytes:
    """The whole job: reset, the drawer first (it opens while the slip prints), lines, code, cut.

    A Big5 printer gets the receipt's own words in traditional characters; it has no simplified ones.
    """
    labels = TRADITIONAL if config.encoding == "big5" else SIMPLIFIED
    lines = layout(receipt, config.paper.columns, labels)
    kick = drawer_kick(config.drawer_pin) if kick_drawer else b""
    return INIT + CHINESE_OFF + kick + encode_lines(lines, config) + feed_and_cut(config.cutter)
