"""zxing-cpp behind CodeDecoder: the fast, self-contained decoder the till's pipeline leans on.

Restricting the formats to what a shop meets (payment QR and Code 128, EAN-13/EAN-8/UPC-A products) is
what makes it fast: all formats cost about 4 times more per frame (20 vs 5 ms on 1280x720) for no extra
read, and invite false reads (a Codabar or ITF "found" in a shelf's stripes). Measured on the corpus:
the LocalAverage binarizer reads most (GlobalHistogram and FixedThreshold lost 10-15 points on medium
frames); try_rotate and try_downscale, zxing-cpp's defaults and kept here for a decoder used alone (a
sideways barcode in a still photo), add 1.5-4 ms a frame and no read on camera frames, so the pipeline
turns them off and finds tilted codes itself.
"""

from __future__ import annotations

from typing import Any

import zxingcpp

from pos_app.ports import DecodedCode

# QR Model 2 only: payment codes use it; Micro QR and rMQR, which zxing-cpp 3 counts as "QRCode" too,
# are never used by a channel and only add work and false "found but unreadable" symbols.
SHOP_FORMATS = (
    zxingcpp.BarcodeFormat.QRCodeModel2,
    zxingcpp.BarcodeFormat.EAN13,
    zxingcpp.BarcodeFormat.EAN8,
    zxingcpp.BarcodeFormat.UPCA,
    zxingcpp.BarcodeFormat.Code128,
)


def symbology_name(fmt: Any) -> str:
    """The format's name (QRCode, EAN13, Code128): the spelling ZBar's results are mapped to as well."""
    return str(getattr(fmt, "name", fmt)).replace("BarcodeFormat.", "")


def to_decoded(barcode: Any) -> DecodedCode:
    """A zxing-cpp result as the till reports it; a UPC-A as its 12 digits.

    zxing-cpp 3 returns a UPC-A as 13 digits with a leading 0 (its EAN-13 form), ZBar and most handheld
    scanners as 12: the same product must not arrive in two spellings depending on the decoder.
    """
    text, name = barcode.text, symbology_name(barcode.format)
    if name in ("EAN13", "UPCA") and len(text) == 13 and text.startswith("0"):
        return DecodedCode(text[1:], "UPCA")
    return DecodedCode(text, name)


class ZxingDecoder:
    def __init__(
        self,
        formats: tuple[Any, ...] | None = SHOP_FORMATS,
        try_rotate: bool = True,
        try_downscale: bool = True,
        try_invert: bool = False,
        binarizer: Any = zxingcpp.Binarizer.LocalAverage,
    ) -> None:
        # try_invert off: payment screens and labels are dark on light; a dark-mode phone is the one case,
        # and WeChat and Alipay keep the code dark on white in dark mode too.
        self._options: dict[str, Any] = {
            "try_rotate": try_rotate,
            "try_downscale": try_downscale,
            "try_invert": try_invert,
            "binarizer": binarizer,
        }
        if formats is not None:
            self._options["formats"] = formats

    def decode(self, gray: Any) -> list[DecodedCode]:
        by_text: dict[str, DecodedCode] = {}
        for barcode in zxingcpp.read_barcodes(gray, **self._options):
            if barcode.valid:
                code = to_decoded(barcode)
                by_text.setdefault(code.text, code)
        return list(by_text.values())
