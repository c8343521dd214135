"""The receipt as one raster image: its size, its ink where the layout puts text, its font, its bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from hardware import receipt_raster
from hardware.receipt_job import receipt_job
from hardware.receipt_raster import FontMissing, find_font, render_receipt, save_png
from pos_app.printer_config import parse_printer_url
from pos_app.receipt import PaperWidth, layout, sample_receipt
from tests.hardware.escpos_decode import decode

LINE = 30  # dots per text line: a 24-dot character plus spacing


@pytest.mark.parametrize("paper", list(PaperWidth))
def test_raster_job_is_gs_v_0_the_full_paper_width(paper: PaperWidth) -> None:
    config = parse_printer_url(f"tcp://192.168.1.50?encoding=raster&width={paper.value}")
    printout = decode(receipt_job(sample_receipt(), config, kick_drawer=True), "raster")
    images = printout.kinds("raster")
    assert images and all(width == paper.dots for _, width, _ in images)
    assert sum(height for _, _, height in images) == render_receipt(sample_receipt(), paper).height  # type: ignore[misc]
    assert printout.texts == []  # no text bytes at all: the printer needs neither font nor encoding
    assert printout.events[1] == ("drawer", 2)


@pytest.mark.parametrize("paper", list(PaperWidth))
def test_png_is_one_bit_paper_wide_with_ink_on_every_text_line(paper: PaperWidth, tmp_path: Path) -> None:
    path = save_png(sample_receipt(), tmp_path / "r.png", paper)
    image = Image.open(path)
    assert image.mode == "1" and image.width == paper.dots
    lines = layout(sample_receipt(), paper.columns)
    top = 0
    for line in lines[:-1]:  # the last line is the QR code
        height = LINE * (2 if line.double else 1)
        assert (_ink(image, top, height) is not None) == bool(line.text.strip()), line
        top += height


def _ink(image: Image.Image, top: int, height: int = LINE) -> tuple[int, int, int, int] | None:
    """The box around the black dots of one band of the image, None when the band is blank."""
    band = image.crop((0, top, image.width, top + height)).convert("L")
    return Image.eval(band, lambda v: 255 - v).getbbox()


@pytest.mark.parametrize("paper", list(PaperWidth))
def test_amounts_end_at_the_right_edge_in_the_image(paper: PaperWidth) -> None:
    image = render_receipt(sample_receipt(), paper)
    lines = layout(sample_receipt(), paper.columns)
    tops = [sum(LINE * (2 if x.double else 1) for x in lines[:i]) for i in range(len(lines))]
    money = [i for i, line in enumerate(lines) if " x " in line.text or "￥" in line.text]
    assert len(money) == 8 + 6
    edges = {box[2] for i in money if (box := _ink(image, tops[i])) is not None}
    assert max(edges) <= paper.dots and min(edges) >= paper.dots - 4  # every last digit in the last cell


def test_every_character_of_the_sample_has_a_glyph_in_the_font() -> None:
    """A missing glyph draws the font's empty box: the 'tofu' a machine without a CJK font prints."""
    font = ImageFont.truetype(str(find_font()), 22)

    def drawn(char: str) -> bytes:
        canvas = Image.new("L", (30, 30))
        ImageDraw.Draw(canvas).text((2, 2), char, fill=255, font=font)
        return canvas.tobytes()

    tofu = drawn("\U000f0000")
    assert drawn("𠀀") == tofu  # the check can tell: this rare character is not in the font
    text = "".join(line.text for line in layout(sample_receipt(), 48)) + "重印"
    assert {c for c in set(text) - {" "} if drawn(c) == tofu} == set()


def test_a_machine_without_a_cjk_font_gets_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(receipt_raster, "FONT_DIR", tmp_path / "none")
    monkeypatch.setattr(receipt_raster, "SYSTEM_FONT", tmp_path / "missing.ttc")
    with pytest.raises(FontMissing) as error:
        find_font()
    assert "fonts-wqy-microhei" in error.value.en and "fonts-wqy-microhei" in error.value.zh


def test_a_font_in_resources_wins_over_the_system_font(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "shop.ttc").write_bytes(Path(receipt_raster.SYSTEM_FONT).read_bytes())
    monkeypatch.setattr(receipt_raster, "FONT_DIR", tmp_path)
    assert find_font() == tmp_path / "shop.ttc"
