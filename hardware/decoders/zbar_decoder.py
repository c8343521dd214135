"""pyzbar (ZBar) behind CodeDecoder: the second opinion, better than zxing-cpp on some noisy EAN-13s.

ZBar is a system library (Debian: libzbar0); pyzbar only wraps it and fails at import when it is missing,
so the import happens here, at construction, and its absence becomes a typed setup error that names the
package to install instead of an ImportError deep in the camera worker.
"""

from __future__ import annotations

from typing import Any

from pos_app.ports import DecodedCode
from pos_app.scan_errors import DecoderUnavailable

# ZBar's names for the shop's symbologies, mapped to the spelling zxing-cpp uses, so results compare.
_NAMES = {"QRCODE": "QRCode", "EAN13": "EAN13", "EAN8": "EAN8", "UPCA": "UPCA", "CODE128": "Code128"}
LINEAR = ("EAN13", "EAN8", "UPCA", "CODE128")


def _load(symbols: tuple[str, ...]) -> tuple[Any, list[Any]]:
    try:
        from pyzbar import pyzbar
        from pyzbar.pyzbar import ZBarSymbol
    except ImportError as err:
        raise DecoderUnavailable(
            "ZBar",
            f"install the system package libzbar0 (apt-get install --no-install-recommends libzbar0): {err}",
            f"请安装系统软件包 libzbar0（apt-get install --no-install-recommends libzbar0）：{err}",
        ) from err
    return pyzbar.decode, [getattr(ZBarSymbol, name) for name in symbols]


class ZbarDecoder:
    """Raises DecoderUnavailable at construction when libzbar0 is missing, never later."""

    def __init__(self, symbols: tuple[str, ...] = tuple(_NAMES)) -> None:
        # Fewer symbologies, less work: each enabled one is another scanner ZBar runs over every line.
        self._decode, self._symbols = _load(symbols)

    def decode(self, gray: Any) -> list[DecodedCode]:
        """`gray` must be 2-D: given a colour image, ZBar would read its first channel only."""
        by_text: dict[str, DecodedCode] = {}
        for symbol in self._decode(gray, symbols=self._symbols):
            text = symbol.data.decode("utf-8", "replace")
            by_text.setdefault(text, DecodedCode(text, _NAMES.get(symbol.type, symbol.type)))
        return list(by_text.values())
