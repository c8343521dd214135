"""The code at the bottom of a receipt (QR or CODE128) as a 1-bit image the full paper width.

Shared by the text encoder (which sends it as a GS v 0 image, because cheap printers ignore the native
GS ( k QR command) and by the raster renderer, so the preview shows the same code the paper gets. The
image is centred by blank dots on its left: not every printer applies ESC a (centring) to images, every
printer prints blank dots. Nothing is padded on the right, which keeps a 58 mm QR near 5 kB.
"""

from __future__ import annotations

import qrcode
from barcode.codex import Code128
from PIL import Image

# CODE128 wants 10 blank modules each side; the paper's unprintable margin (about 5 mm a side, 40 dots)
# gives that at 2 dots a module, so the bars may use the whole printable width.


def qr_box_size(data: str, dots: int) -> int:
    """Dots per QR module: the code takes about 45% of the paper width, 3 to 8 dots a module."""
    return _box(len(_qr_matrix(data)), dots)


def _box(modules: int, dots: int) -> int:
    return max(3, min(8, int(dots * 0.45) // modules))


def _qr_matrix(data: str) -> list[list[bool]]:
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    return matrix


def qr_image(data: str, dots: int) -> Image.Image:
    matrix = _qr_matrix(data)
    size = len(matrix)
    box = _box(size, dots)
    small = Image.new("1", (size, size), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    code = small.resize((size * box, size * box), Image.Resampling.NEAREST)
    left = (dots - code.width) // 2
    out = Image.new("1", (left + code.width, code.height), 1)
    out.paste(code, (left, 0))
    return out


def code128_module_width(data: str, dots: int) -> int:
    """Dots per bar module (2 or 3) so the printer's own CODE128 (code set B) fits; 0 when it cannot."""
    if not data or not all(32 <= ord(c) < 127 for c in data):
        return 0
    modules = 11 * (len(data) + 2) + 13
    return next((w for w in (3, 2) if modules * w <= dots), 0)


def barcode_image(data: str, dots: int, height: int) -> Image.Image | None:
    """CODE128 bars centred on the paper, or None when the data is not ASCII or too long to fit."""
    if not code128_module_width(data, dots):
        return None
    bars = Code128(data).build()[0]
    width = next((w for w in (3, 2) if len(bars) * w <= dots), 2)
    left = (dots - len(bars) * width) // 2
    out = Image.new("1", (left + len(bars) * width, height), 1)
    for i, bit in enumerate(bars):
        if bit == "1":
            out.paste(0, (left + i * width, 0, left + (i + 1) * width, height))
    return out
