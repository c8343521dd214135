"""What a Chinese thermal printer prints from our text-mode bytes, read back by the strict decoder."""

from __future__ import annotations

import pytest

from hardware.escpos_text import drawer_kick, encode_text, encode_text_receipt
from hardware.receipt_job import drawer_job
from pos_app.printer_config import PrinterConfig, parse_printer_url
from pos_app.receipt import (
    SIMPLIFIED,
    TRADITIONAL,
    CodeKind,
    ItemLine,
    Labels,
    Receipt,
    Tender,
    display_width,
    layout,
    sample_receipt,
)
from tests.hardware.escpos_decode import EscPosError, decode

ENCODINGS = ["gbk", "gb18030", "big5", "utf8"]


def config(**options: str) -> PrinterConfig:
    query = "&".join(f"{k}={v}" for k, v in options.items())
    return parse_printer_url("tcp://192.168.1.50:9100" + (f"?{query}" if query else ""))


def laid_out(receipt: Receipt, columns: int, labels: Labels = SIMPLIFIED) -> list[str]:
    return [line.text for line in layout(receipt, columns, labels) if line.code is None]


@pytest.mark.parametrize("width", ["58", "80"])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf8"])
def test_the_sample_prints_exactly_the_laid_out_lines(encoding: str, width: str) -> None:
    cfg = config(encoding=encoding, width=width)
    printout = decode(encode_text_receipt(sample_receipt(), cfg), encoding)
    assert printout.texts == laid_out(sample_receipt(), cfg.paper.columns)
    assert all(
        display_width(t) * (2 if line.double else 1) <= cfg.paper.columns
        for t, line in zip(printout.texts, printout.lines, strict=True)
    )


def test_styles_reach_the_printer() -> None:
    printout = decode(encode_text_receipt(sample_receipt(), config(encoding="gbk")), "gbk")
    title = printout.lines[0]
    assert (title.text, title.double, title.bold, title.center) == ("好又多便利店", True, True, True)
    total = next(line for line in printout.lines if line.text.startswith("应收"))
    assert total.bold and not total.double and not total.center
    assert not printout.lines[-1].bold and not printout.lines[-1].double


def test_big5_prints_traditional_chinese_and_keeps_columns_for_simplified_characters() -> None:
    traditional = Receipt(
        "好又多便利商店",
        "20261125-0002",
        "陳小明",
        "2026-11-25 10:00:00",
        [ItemLine("農夫山泉 礦泉水 550ml", "2", 200, 400)],
        subtotal_fen=400,
        total_fen=400,
        tenders=[Tender("現金", 500)],
        change_fen=100,
        footer="謝謝惠顧",
    )
    printed = decode(encode_text_receipt(traditional, config(encoding="big5")), "big5").texts
    assert printed == laid_out(traditional, 48, TRADITIONAL)
    assert "單號：20261125-0002" in printed and any(t.startswith("應收") for t in printed)
    printed = decode(encode_text_receipt(sample_receipt(), config(encoding="big5", width="58")), "big5").texts
    expected = laid_out(sample_receipt(), 32, TRADITIONAL)
    assert [display_width(t) for t in printed] == [display_width(t) for t in expected]
    assert "农" not in "".join(printed) and "？" in "".join(printed)  # simplified-only characters
    assert any(t.endswith("￥114.60") for t in printed)  # ￥ is in Big5 (CP950: A2 44)


def test_yuan_sign_is_a3a4_in_gbk_and_never_the_four_byte_yen() -> None:
    data = encode_text_receipt(sample_receipt(), config(encoding="gbk"))
    assert "￥".encode("gbk") == b"\xa3\xa4" and b"\xa3\xa4114.60" in data
    assert b"\x81\x30\x84\x36" not in data


def test_chinese_mode_is_switched_on_around_chinese_text_and_off_before_ascii() -> None:
    data = encode_text_receipt(sample_receipt(), config(encoding="gbk"))
    assert data.startswith(b"\x1b@\x1c.")  # a known state, whatever the printer's default
    assert b"\x1c&" + "单号：20261125-0007".encode("gbk") + b"\x1c.\n" in data
    assert b"\n--------------------------------" in data  # ASCII-only lines go out plain
    decode(data, "gbk")  # raises on any byte >= 0x80 outside Chinese mode


def test_the_decoder_rejects_chinese_bytes_outside_chinese_mode() -> None:
    with pytest.raises(EscPosError, match="Chinese mode is off"):
        decode(b"\x1b@" + "好".encode("gbk") + b"\n", "gbk")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_characters_the_printer_lacks_keep_their_width(encoding: str) -> None:
    text = "咖啡😀 Café·×“好”"
    data = encode_text(text, encoding)
    printed = data.decode({"big5": "cp950", "utf8": "utf-8"}.get(encoding, encoding))
    assert display_width(printed) == display_width(text)
    assert printed.startswith("咖啡") and printed.endswith('Cafe.x"好"')


def test_drawer_kick_bytes_for_pin_2_and_pin_5() -> None:
    assert drawer_kick(2) == b"\x1bp\x00\x19\xfa"
    assert drawer_kick(5) == b"\x1bp\x01\x19\xfa"
    assert decode(drawer_job(config(drawer_pin="5")), "gbk").kinds("drawer") == [("drawer", 5)]
    with pytest.raises(ValueError):
        drawer_kick(3)


def test_the_drawer_opens_before_the_slip_prints_and_only_when_asked() -> None:
    events = decode(encode_text_receipt(sample_receipt(), config(), kick_drawer=True), "gb18030").events
    assert events[:2] == [("init",), ("drawer", 2)]
    assert not decode(encode_text_receipt(sample_receipt(), config()), "gb18030").kinds("drawer")


def test_cut_only_with_a_cutter_and_feed_always() -> None:
    with_cutter = decode(encode_text_receipt(sample_receipt(), config(cutter="1")), "gb18030")
    without = decode(encode_text_receipt(sample_receipt(), config(cutter="0")), "gb18030")
    assert with_cutter.kinds("cut") == [("cut", 1)] and with_cutter.events[-1] == ("cut", 1)
    assert without.kinds("cut") == [] and without.events[-1] == ("feed", 5)


@pytest.mark.parametrize(("width", "dots"), [("58", 384), ("80", 576)])
def test_qr_is_an_image_by_default_and_native_when_configured(width: str, dots: int) -> None:
    image = decode(encode_text_receipt(sample_receipt(), config(width=width)), "gb18030")
    assert not image.kinds("qr") and len(image.kinds("raster")) == 1
    qr_width, qr_height = (int(str(v)) for v in image.kinds("raster")[0][1:])
    assert dots // 2 < qr_width <= dots and 120 <= qr_height <= dots // 2  # centred by blank dots on the left
    native = decode(encode_text_receipt(sample_receipt(), config(width=width, native_qr="1")), "gb18030")
    assert native.kinds("qr") == [("qr", "20261125-0007")] and not native.kinds("raster")


def test_barcode_uses_the_printers_code128() -> None:
    receipt = sample_receipt()
    receipt.code_kind = CodeKind.BARCODE
    printout = decode(encode_text_receipt(receipt, config(width="58")), "gb18030")
    assert printout.kinds("barcode") == [("barcode", "{B20261125-0007")]
    assert printout.texts == [*laid_out(receipt, 32), ""]  # the line feed after the bars
