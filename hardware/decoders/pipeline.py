"""The till's camera decoder: one fast pass for the easy frames, then a close look where a code may be.

Chosen by measurement: benchmarks/bench_decode.py on the seeded corpus of benchmarks/scan_corpus.py.

1. zxing-cpp on the whole grayscale frame, shop formats, no rotation or downscale tries (~3 ms).
   It reads every easy frame and most medium ones, so the median frame ends here.
2. Otherwise find_regions() (~1.5 ms) names up to MAX_REGIONS code-like patches, strongest first.
   Each is cut out at 1.5x, turned so its bars stand upright, equalized (CLAHE) and read by
   zxing-cpp, which reads a QR code in it at any angle too. Then, by what the region looks like:
   - bars: smoothed along the bars (noise averages out, edges stay) and read again; then ZBar on a
     band through the middle (ZBar reads noisy, blurred EAN-13s that zxing-cpp misses; the band costs
     a fifth of the patch);
   - a QR code, or anything not plainly parallel lines: the patch at 2x, not equalized (CLAHE hurt
     QR codes); if zxing-cpp saw finder patterns but could not decode, the symbol is rectified from
     zxing-cpp's own corners and read again, sharp and smoothed; then 3x; then ZBar's QR reader.
   The first code read ends the frame: the camera sends 15-30 frames a second and the next one gets
   its own chance. An empty frame pays for the fast pass, the search and MAX_REGIONS looks.
Measured and dropped: CLAHE, sharpening or upscaling of the whole frame (2-6x the time for fewer reads
than the crops); zxing-cpp's try_rotate and try_downscale on the whole frame (+1.5-4 ms, no extra reads:
the upright crops read tilted and sideways bars); ZBar on the whole frame (25-40 ms); an adaptive
threshold of small QR codes (no extra reads). Light-on-dark codes are not looked for (try_invert off).
"""

from __future__ import annotations

import logging
from typing import Any

import cv2
import numpy as np
import zxingcpp

from hardware.decoders.code_regions import Region, crop, find_regions
from hardware.decoders.zbar_decoder import LINEAR, ZbarDecoder
from hardware.decoders.zxing_decoder import SHOP_FORMATS, to_decoded
from pos_app.ports import DecodedCode
from pos_app.scan_errors import DecoderUnavailable

log = logging.getLogger(__name__)

MAX_REGIONS = 3  # bounds an empty frame's cost: shelves and printed text look like codes too
REGION_SCALE = 1.5  # first look at a region; zxing-cpp's row reader does worse on bars enlarged more
QR_SCALES = (2.0, 3.0)  # a hard-level QR has 2.4-3.2 px modules; zxing-cpp wants 5 or more
ZBAR_QR_SCALE = 1.5
MAX_SIDE = 700  # px: a big blob is shrunk rather than handed whole to the decoders
ALONG_BARS = 9  # px of smoothing along upright bars: averages the noise away, keeps the edges
ZBAR_BAND = (0.4, 0.6)  # rows of an upright bars patch ZBar scans: a fifth of the cost, same reads
TURN_COHERENCE = 0.2  # below, the region has no direction worth turning to
ONLY_BARS = 0.95  # coherence above which a region is parallel lines only: no QR steps
_RECTIFIED = 240  # px a side for a rectified QR symbol: 6-10 px a module at payment-code sizes


class ScanPipeline:
    """CodeDecoder for the camera; works with zxing-cpp alone when ZBar is missing (fewer hard reads)."""

    def __init__(self, use_zbar: bool = True) -> None:
        self._clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(4, 4))
        self._zbar_bars: ZbarDecoder | None = None
        self._zbar_qr: ZbarDecoder | None = None
        if use_zbar:
            try:
                self._zbar_bars, self._zbar_qr = ZbarDecoder(LINEAR), ZbarDecoder(("QRCODE",))
            except DecoderUnavailable as err:
                log.warning("camera decoding without ZBar: %s", err.en)
        self.last_stage = ""  # which step read the last frame: the benchmark's breakdown

    def decode(self, gray: Any) -> list[DecodedCode]:
        if gray.ndim == 3:
            gray = cv2.cvtColor(gray, cv2.COLOR_BGR2GRAY)
        self.last_stage = "fast"
        found = _zxing(gray)
        for n, region in enumerate([] if found else find_regions(gray, MAX_REGIONS)):
            stage, found = self._region(gray, region)
            if found:
                self.last_stage = f"region{n}-{stage}"
                break
        if not found:
            self.last_stage = ""
        return found

    def _region(self, gray: Any, region: Region) -> tuple[str, list[DecodedCode]]:
        """Bars turned upright, equalized, read; then what the region's kind calls for."""
        upright = region.coherence >= TURN_COHERENCE
        patch = self._clahe.apply(crop(gray, region, REGION_SCALE, MAX_SIDE, upright=upright))
        results = zxingcpp.read_barcodes(patch, **_OPTIONS, return_errors=True)
        found = _valid(results)
        if found:
            return "zxing", found
        if region.linear:
            stage, found = self._bars(patch)
            if found:
                return stage, found
        # A QR code beside bars (the phone's payment screen) makes a region look like bars; zxing-cpp's
        # finder patterns, found even when the symbol was not read, say there is one. Only regions of
        # pure parallel lines (shelves, printed text, a lone barcode) are spared the QR steps.
        finders = any(r.format == zxingcpp.BarcodeFormat.QRCode for r in results)
        if finders or region.coherence < ONLY_BARS:
            return self._matrix(gray, region, sure=finders or not region.linear)
        return "", []

    def _bars(self, patch: Any) -> tuple[str, list[DecodedCode]]:
        smooth = cv2.blur(patch, (1, ALONG_BARS))
        found = _zxing(smooth)
        if found or self._zbar_bars is None:
            return "bars-zxing", found
        h = smooth.shape[0]
        return "bars-zbar", self._zbar_bars.decode(smooth[int(h * ZBAR_BAND[0]) : int(h * ZBAR_BAND[1])])

    def _matrix(self, gray: Any, region: Region, sure: bool) -> tuple[str, list[DecodedCode]]:
        """A small, blurred or glared QR: enlarged, not equalized (CLAHE measured worse on QR codes).

        Unless `sure` there is a QR code here, the costly steps wait for zxing-cpp to see finder patterns.
        """
        patch = crop(gray, region, QR_SCALES[0], MAX_SIDE, upright=False)
        results = zxingcpp.read_barcodes(patch, **_OPTIONS, return_errors=True)
        found = _valid(results)
        if found:
            return "qr-zxing", found
        finders = [r for r in results if r.format == zxingcpp.BarcodeFormat.QRCode]
        for failed in finders:
            found = self._rectified(patch, failed.position)
            if found:
                return "qr-rectified", found
        if not (sure or finders):
            return "", []
        found = _zxing(crop(gray, region, QR_SCALES[1], int(1.5 * MAX_SIDE), upright=False))
        if found or self._zbar_qr is None:
            return "qr-zxing-3x", found
        return "qr-zbar", self._zbar_qr.decode(crop(gray, region, ZBAR_QR_SCALE, MAX_SIDE, upright=False))

    def _rectified(self, patch: Any, position: Any) -> list[DecodedCode]:
        corners = np.float32([[p.x, p.y] for p in (position.top_left, position.top_right,
                                                   position.bottom_right, position.bottom_left)])  # fmt: skip
        q, s = 24, _RECTIFIED
        target = np.float32([[q, q], [q + s, q], [q + s, q + s], [q, q + s]])
        warp = cv2.getPerspectiveTransform(corners, target)
        square = cv2.warpPerspective(patch, warp, (s + 2 * q, s + 2 * q), flags=cv2.INTER_CUBIC,
                                     borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
        for image in (square, cv2.GaussianBlur(square, (0, 0), 1.5)):
            found = _zxing(image, rotate=False) or (self._zbar_qr.decode(image) if self._zbar_qr else [])
            if found:
                return found
        return []


# try_rotate is left at zxing-cpp's default (on) where a region is read with return_errors, as measured.
_OPTIONS: dict[str, Any] = {"formats": SHOP_FORMATS, "try_invert": False, "try_downscale": False}


def _zxing(gray: Any, rotate: bool = False) -> list[DecodedCode]:
    return _valid(zxingcpp.read_barcodes(gray, **_OPTIONS, try_rotate=rotate))


def _valid(results: Any) -> list[DecodedCode]:
    """Each text once: the payment screen's barcode and QR code carry the same number."""
    first: dict[str, DecodedCode] = {}
    for barcode in results:
        if barcode.valid:
            code = to_decoded(barcode)
            first.setdefault(code.text, code)
    return list(first.values())
