"""Where in a frame a code may be, found in about 1.5 ms, so the slow decoders look only there.

A barcode or a QR code is a patch of many strong edges of both signs close together: summed as vectors
their gradients cancel, summed as magnitudes they do not. A plain edge (a box, a shelf) has gradients
that add up. So, on the half-size frame, per 8x8 cell: score = sum |g| - |sum g|, divided by the cell's
brightness (a dim code counts as much as a bright one). Cells over a threshold, closed into blobs, are
the candidates; the strongest few are returned with their orientation:

  coherence near 1   the edges run one way: bars (EAN, Code 128); `across` is the direction across them,
                     so the crop can be turned until the bars stand upright for the 1-D readers
  coherence low      edges in every direction: a QR code (or text, or a shelf's pattern)

Shelves with stripes and lines of text are candidates too; the caller bounds the cost by taking few.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

CELL = 8  # full-frame px per cell
LINEAR_COHERENCE = 0.45  # above: bars; below: a 2-D code (or clutter)
_REL_THRESHOLD = 0.15  # of the frame's best cell: a weak code next to a strong one is still found
_MIN_THRESHOLD = 0.06  # an empty, flat frame yields nothing rather than its noise
_CLOSE = np.ones((5, 5), np.uint8)  # joins the halves of an EAN split by a glare or the centre guard
_MIN_CELLS = 6


@dataclass(frozen=True)
class Region:
    centre: tuple[float, float]
    size: tuple[float, float]  # of the rotated rectangle around the blob, full-frame px
    angle: float  # of that rectangle, degrees (OpenCV's minAreaRect convention)
    across: float  # direction of the gradients, degrees: across the bars of a 1-D code
    coherence: float
    score: float

    @property
    def linear(self) -> bool:
        return self.coherence > LINEAR_COHERENCE


def find_regions(gray: Any, limit: int = 3) -> list[Region]:
    """The `limit` most code-like regions of a 2-D uint8 frame, strongest first."""
    h, w = gray.shape
    if min(h, w) < 8 * CELL:
        return []  # a thumbnail: nothing to search that the whole-frame pass did not see
    half = cv2.resize(gray, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    gx = cv2.Sobel(half, cv2.CV_16S, 1, 0, ksize=3)
    gy = cv2.Sobel(half, cv2.CV_16S, 0, 1, ksize=3)
    step = CELL // 2
    grid = (half.shape[1] // step, half.shape[0] // step)

    def pool(a: Any) -> Any:
        return cv2.resize(a, grid, interpolation=cv2.INTER_AREA).astype(np.float32)

    # |g| scaled by 1/4 fits in uint8 (a 3x3 Sobel of 8-bit pixels is at most 1020), which pools fast.
    spread = pool(cv2.convertScaleAbs(gx, alpha=0.25)) + pool(cv2.convertScaleAbs(gy, alpha=0.25))
    net = (np.abs(pool(gx)) + np.abs(pool(gy))) * 0.25
    score = cv2.blur((spread - net) / (pool(half) + 30), (3, 3))
    mask = (score > max(_MIN_THRESHOLD, _REL_THRESHOLD * float(score.max()))).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(
        cv2.morphologyEx(mask, cv2.MORPH_CLOSE, _CLOSE), connectivity=8
    )
    if count <= 1:
        return []
    sums = np.bincount(labels.ravel(), weights=score.ravel(), minlength=count)
    order = [i for i in np.argsort(-sums[1:]) + 1 if stats[i, cv2.CC_STAT_AREA] >= _MIN_CELLS][:limit]
    return [_region(labels, int(i), stats[i], gx, gy, score, step) for i in order]


def _region(labels: Any, i: int, stat: Any, gx: Any, gy: Any, score: Any, step: int) -> Region:
    x, y, bw, bh = (int(v) for v in stat[:4])
    blob = labels[y : y + bh, x : x + bw] == i
    ys, xs = np.nonzero(blob)
    (cx, cy), (rw, rh), angle = cv2.minAreaRect(np.column_stack([xs + x, ys + y]).astype(np.float32))
    # The structure tensor of the blob, each pixel weighted by its cell's score: the bars themselves
    # decide the direction, not the label's printed text or the glare that joined the blob.
    weight = np.where(blob, score[y : y + bh, x : x + bw], 0).astype(np.float32) ** 2
    weight = np.repeat(np.repeat(weight, step, axis=0), step, axis=1)
    rx = gx[y * step : (y + bh) * step, x * step : (x + bw) * step].astype(np.float32)
    ry = gy[y * step : (y + bh) * step, x * step : (x + bw) * step].astype(np.float32)
    jxx, jyy, jxy = (float(np.sum(weight * a * b)) for a, b in ((rx, rx), (ry, ry), (rx, ry)))
    across = 0.5 * float(np.degrees(np.arctan2(2 * jxy, jxx - jyy)))
    coherence = float(np.hypot(jxx - jyy, 2 * jxy) / (jxx + jyy + 1e-6))
    total = float(score[y : y + bh, x : x + bw][blob].sum())
    return Region(
        ((cx + 0.5) * CELL, (cy + 0.5) * CELL),
        ((rw + 1) * CELL, (rh + 1) * CELL),
        angle,
        across,
        coherence,
        total,
    )


def crop(gray: Any, region: Region, scale: float, max_side: int, upright: bool) -> Any:
    """The region cut out with a margin for the quiet zone, scaled, and for bars turned upright.

    Upright bars let the 1-D readers scan rows only; `max_side` bounds the decoders' work on big blobs.
    """
    turn = region.across if upright else 0.0
    box = cv2.boxPoints((region.centre, region.size, region.angle))
    turned = np.c_[box, np.ones(4)] @ cv2.getRotationMatrix2D(region.centre, turn, 1.0).T
    w, h = (float(turned[:, i].max() - turned[:, i].min()) * 1.3 + 16 for i in (0, 1))
    k = min(scale, max_side / max(w, h))
    m = cv2.getRotationMatrix2D(region.centre, turn, k)
    m[0, 2] += w * k / 2 - region.centre[0]
    m[1, 2] += h * k / 2 - region.centre[1]
    size = (max(1, int(w * k)), max(1, int(h * k)))
    return cv2.warpAffine(gray, m, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
