"""The receipt drawn as one 1-bit image: for printers without a Chinese font, and the till's preview.

The same laid-out lines as the text encoder, drawn on the printer's own grid: every column is
paper dots / columns wide (12 dots on both papers), a Chinese character takes two. Each character is
placed in its own cell, never flowed by the font's advance, so the columns line up exactly as on a text
printer; Latin glyphs wider than their cell are squeezed into it, as the printer's 12x24 font does.
The font is loaded from a file, never through fontconfig: a machine without a CJK font would draw boxes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from hardware.escpos_text import CHINESE_OFF, INIT, drawer_kick, feed_and_cut, image_bytes
from hardware.receipt_codes import barcode_image, qr_image
from pos_app.errors import PosError
from pos_app.printer_config import PrinterConfig
from pos_app.receipt import CodeKind, PaperWidth, Receipt, ReceiptLine, layout
from pos_app.text_width import clusters, display_width

FONT_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"
SYSTEM_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CODE_MARGIN = 12  # blank dots above and below the QR code or barcode
BARCODE_HEIGHT = 80


class FontMissing(PosError):
    def __init__(self) -> None:
        super().__init__(
            f"No Chinese font for receipts: install the Debian package fonts-wqy-microhei, "
            f"or put a .ttf/.ttc/.otf font in {FONT_DIR}",
            f"缺少打印小票用的中文字体：请安装 Debian 软件包 fonts-wqy-microhei，或将字体文件放入 {FONT_DIR}",
        )


def find_font() -> Path:
    """The shop's own font in resources/fonts/ wins; else WenQuanYi Micro Hei from Debian."""
    if FONT_DIR.is_dir():
        for path in sorted(FONT_DIR.iterdir()):
            if path.suffix.lower() in (".ttf", ".ttc", ".otf"):
                return path
    if SYSTEM_FONT.is_file():
        return SYSTEM_FONT
    raise FontMissing()


class _Glyphs:
    """Characters rendered once into cell-sized masks; a receipt reuses the same few hundred."""

    def __init__(self, font_path: Path, cell: int) -> None:
        self.cell = cell
        self.line = cell * 2 + 6  # a 24-dot character line plus spacing, as the printer's default
        self._fonts = {scale: ImageFont.truetype(str(font_path), (cell * 2 - 2) * scale) for scale in (1, 2)}
        self._masks: dict[tuple[str, int, int, bool], Image.Image] = {}

    def mask(self, cluster: str, columns: int, scale: int, bold: bool) -> Image.Image:
        key = (cluster, columns, scale, bold)
        if key not in self._masks:
            self._masks[key] = self._render(*key)
        return self._masks[key]

    def _render(self, cluster: str, columns: int, scale: int, bold: bool) -> Image.Image:
        """Bold is the printer's double strike, the glyph again one dot (two when double) to the right:
        an outline stroke fills the counters of dense characters such as 重 into a blot."""
        font = self._fonts[scale]
        shift = scale if bold else 0
        box_w, box_h = columns * self.cell * scale, self.line * scale
        natural = int(font.getlength(cluster)) + shift
        canvas = Image.new("L", (max(box_w, natural), box_h), 0)
        ascent, descent = font.getmetrics()
        baseline = (box_h - ascent - descent) // 2 + ascent
        draw = ImageDraw.Draw(canvas)
        for dx in range(shift + 1):
            draw.text(
                ((canvas.width - natural) // 2 + dx, baseline), cluster, fill=255, font=font, anchor="ls"
            )
        return canvas if canvas.width == box_w else canvas.resize((box_w, box_h), Image.Resampling.LANCZOS)


@lru_cache(maxsize=4)
def _glyphs(font_path: Path, cell: int) -> _Glyphs:
    return _Glyphs(font_path, cell)


def _code_image(line: ReceiptLine, paper: PaperWidth, glyphs: _Glyphs) -> Image.Image:
    data = line.code or ""
    bars = barcode_image(data, paper.dots, BARCODE_HEIGHT) if line.code_kind is CodeKind.BARCODE else None
    if bars is None:
        return qr_image(data, paper.dots)
    under = Image.new("L", (paper.dots, BARCODE_HEIGHT + glyphs.line), 255)
    under.paste(bars.convert("L"), (0, 0))
    _draw_text(under, ReceiptLine(data, center=True), BARCODE_HEIGHT, paper, glyphs)
    return under.convert("1", dither=Image.Dither.NONE)


def _draw_text(image: Image.Image, line: ReceiptLine, top: int, paper: PaperWidth, glyphs: _Glyphs) -> None:
    scale = 2 if line.double else 1
    x = 0
    if line.center:
        x = (paper.dots - display_width(line.text) * glyphs.cell * scale) // 2
    for cluster in clusters(line.text):
        columns = display_width(cluster)
        if columns and not cluster.isspace():
            image.paste(0, (x, top), glyphs.mask(cluster, columns, scale, line.bold))
        x += columns * glyphs.cell * scale


def render_lines(
    lines: Sequence[ReceiptLine], paper: PaperWidth, font_path: Path | None = None
) -> Image.Image:
    """A 1-bit image exactly the paper's printable width (384 or 576 dots), black text on white."""
    glyphs = _glyphs(font_path or find_font(), paper.dots // paper.columns)
    codes = {i: _code_image(line, paper, glyphs) for i, line in enumerate(lines) if line.code is not None}
    heights = [
        codes[i].height + 2 * CODE_MARGIN if i in codes else glyphs.line * (2 if line.double else 1)
        for i, line in enumerate(lines)
    ]
    image = Image.new("L", (paper.dots, sum(heights)), 255)
    top = 0
    for i, (line, height) in enumerate(zip(lines, heights, strict=True)):
        if i in codes:
            image.paste(codes[i].convert("L"), (0, top + CODE_MARGIN))
        else:
            _draw_text(image, line, top, paper, glyphs)
        top += height
    return image.convert("1", dither=Image.Dither.NONE)


def render_receipt(receipt: Receipt, paper: PaperWidth, font_path: Path | None = None) -> Image.Image:
    return render_lines(layout(receipt, paper.columns), paper, font_path)


def save_png(receipt: Receipt, path: Path, paper: PaperWidth) -> Path:
    """The preview the till shows before a reprint, and what a person looks at to judge the layout."""
    path.parent.mkdir(parents=True, exist_ok=True)
    render_receipt(receipt, paper).save(path)
    return path


def encode_raster_receipt(receipt: Receipt, config: PrinterConfig, kick_drawer: bool = False) -> bytes:
    """The whole job as GS v 0 raster: the printer needs no font and no encoding at all."""
    kick = drawer_kick(config.drawer_pin) if kick_drawer else b""
    image = render_receipt(receipt, config.paper)
    return INIT + CHINESE_OFF + kick + image_bytes(image, config.paper) + feed_and_cut(config.cutter)
