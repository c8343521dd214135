"""Drawing camera-like frames of codes: a phone's payment screen or a product label, placed in a shop scene.

The pieces the corpus generator (scan_corpus.py) combines per difficulty level. Codes are drawn crisp on
a large canvas, shrunk with area averaging (what a sensor's pixels do), then rotated and warped in
perspective into the frame; the frame then gets what a cheap USB camera over a counter adds: uneven light,
lost contrast, glare off a phone screen, defocus or motion blur, sensor noise and JPEG compression.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import qrcode
from barcode.codex import Code128
from barcode.ean import EAN13
from PIL import Image, ImageDraw, ImageFont

FRAME_W, FRAME_H = 1280, 720
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
HEADER_COLOURS = ((7, 193, 96), (22, 119, 255), (230, 60, 50), (200, 30, 40), (20, 120, 220))
Rng = np.random.Generator


@dataclass(frozen=True)
class Drawn:
    """An object to place: its RGB canvas, its opacity, the size in canvas px of one module of its code,
    and where that code lies on the canvas (x0, y0, x1, y1, quiet zone included)."""

    rgb: np.ndarray
    alpha: np.ndarray
    module: int
    code_box: tuple[int, int, int, int]


@dataclass(frozen=True)
class Placement:
    """Where an object landed in the frame: its centre and size, and its code's four corners."""

    centre: tuple[float, float]
    size: float
    code_quad: list[list[float]]


def qr_modules(text: str, ecc: int) -> np.ndarray:
    code = qrcode.QRCode(border=0, error_correction=ecc)
    code.add_data(text)
    code.make(fit=True)
    return np.array(code.get_matrix(), dtype=bool)


def bar_modules(text: str, symbology: str) -> np.ndarray:
    bars = Code128(text).build()[0] if symbology == "Code128" else EAN13(text[:12]).build()[0]
    return np.array([c == "1" for c in bars], dtype=bool)


def _paint(canvas: np.ndarray, dark: np.ndarray, x: int, y: int, ink: int, quiet: int) -> tuple[int, ...]:
    """Inks the dark modules at (x, y); returns the code's box with `quiet` px of quiet zone around it."""
    h, w = dark.shape
    canvas[y : y + h, x : x + w][dark] = ink
    return (x - quiet, y - quiet, x + w + quiet, y + h + quiet)


def _text_blocks(canvas: np.ndarray, rng: Rng, box: tuple[int, int, int, int], ink: int) -> None:
    """Grey bars where an app or a package prints words: edges a decoder must look at and reject."""
    x0, y0, x1, y1 = box
    y = y0
    while y + 18 < y1:
        width = int(rng.integers((x1 - x0) // 4, x1 - x0))
        canvas[y : y + 14, x0 : x0 + width] = ink
        y += int(rng.integers(26, 44))


def phone(rng: Rng, number: str, layout: str) -> Drawn:
    """A payment-code screen. layout: "qr", "both" (barcode over QR, as WeChat and Alipay show it) or
    "bars" (the barcode tapped to full screen, which the apps show in landscape)."""
    sw, sh = (1200, 600) if layout == "bars" else (600, 1200)
    screen = np.full((sh, sw, 3), int(rng.integers(235, 256)), np.uint8)
    screen[:110] = HEADER_COLOURS[int(rng.integers(len(HEADER_COLOURS)))]
    _text_blocks(screen, rng, (30, 30, sw // 2, 100), 250)
    ink = int(rng.integers(0, 40))
    if layout == "bars":
        bars = bar_modules(number, "Code128")
        module = (sw - 120) // len(bars)
        stripe = np.repeat(bars, module)[None, :].repeat(300, axis=0)
        box = _paint(screen, stripe, (sw - stripe.shape[1]) // 2, 170, ink, 8 * module)
        _text_blocks(screen, rng, (300, 500, 900, 580), 190)
    else:
        qr = qr_modules(number, int(rng.choice([0, 1, 2, 3])))  # all four ECC levels
        top = 520 if layout == "both" else 300
        module = (400 if layout == "both" else 440) // qr.shape[0]
        cells = np.kron(qr, np.ones((module, module), dtype=bool))
        box = _paint(screen, cells, (sw - cells.shape[1]) // 2, top, ink, 3 * module)
        if layout == "both":
            bars = bar_modules(number, "Code128")
            bar_module = (sw - 80) // len(bars)
            stripe = np.repeat(bars, bar_module)[None, :].repeat(200, axis=0)
            _paint(screen, stripe, (sw - stripe.shape[1]) // 2, 190, ink, 0)
        _text_blocks(screen, rng, (60, top + cells.shape[0] + 60, sw - 60, sh - 40), 200)
    bezel = 24
    rgb = np.full((sh + 2 * bezel, sw + 2 * bezel, 3), int(rng.integers(10, 60)), np.uint8)
    rgb[bezel:-bezel, bezel:-bezel] = screen
    code_box = (box[0] + bezel, box[1] + bezel, box[2] + bezel, box[3] + bezel)
    return Drawn(rgb, _rounded(rgb.shape[1], rgb.shape[0], 60), module, code_box)


def label(rng: Rng, ean: str) -> Drawn:
    """An EAN-13 printed on a white sticker on a coloured package, digits underneath."""
    bars = bar_modules(ean, "EAN13")
    module = 6
    paper = int(rng.integers(205, 245))
    lw, lh = (len(bars) + 24) * module, 560
    sticker = np.full((lh, lw, 3), paper, np.uint8)
    stripe = np.repeat(bars, module)[None, :].repeat(400, axis=0)
    box = _paint(sticker, stripe, 12 * module, 40, int(rng.integers(20, 70)), 8 * module)
    image = Image.fromarray(sticker)
    ImageDraw.Draw(image).text((12 * module, 450), ean, fill=(30, 30, 30), font=_digits_font())
    pw, ph = lw + 500, lh + 420
    package = np.empty((ph, pw, 3), np.uint8)
    package[:] = rng.integers(30, 230, 3)
    _text_blocks(package, rng, (30, 20, pw - 30, 180), int(rng.integers(0, 255)))
    ox, oy = int(rng.integers(40, pw - lw - 40)), int(rng.integers(200, ph - lh - 20))
    package[oy : oy + lh, ox : ox + lw] = np.asarray(image)
    code_box = (box[0] + ox, box[1] + oy, box[2] + ox, box[3] + oy)
    return Drawn(package, np.ones(package.shape[:2], np.float32), module, code_box)


def _digits_font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans (Debian's fonts-dejavu-core) as the corpus was made with; Pillow's own font without it.

    Only the digits printed under an EAN-13 change: the bars, and so what the decoders read, do not.
    """
    try:
        return ImageFont.truetype(FONT, 64)
    except OSError:
        return ImageFont.load_default(64)


def _rounded(w: int, h: int, r: int) -> np.ndarray:
    mask = np.zeros((h, w), np.uint8)
    cv2.rectangle(mask, (r, 0), (w - r, h), 1, -1)
    cv2.rectangle(mask, (0, r), (w, h - r), 1, -1)
    for cx, cy in ((r, r), (w - r, r), (r, h - r), (w - r, h - r)):
        cv2.circle(mask, (cx, cy), r, 1, -1)
    return mask.astype(np.float32)


def counter_scene(rng: Rng) -> np.ndarray:
    """A shop counter: a lit surface with goods, shelf edges and price tags lying around (float BGR)."""
    yy, xx = np.mgrid[0:FRAME_H, 0:FRAME_W].astype(np.float32)
    base = rng.uniform(60, 200, 3).astype(np.float32)
    tilt = rng.uniform(-0.08, 0.08, 2)
    scene = base[None, None, :] + (xx * tilt[0] + yy * tilt[1])[..., None]
    for _ in range(int(rng.integers(6, 14))):
        x, y = int(rng.integers(-100, FRAME_W)), int(rng.integers(-100, FRAME_H))
        w, h = int(rng.integers(40, 360)), int(rng.integers(20, 260))
        colour = tuple(float(c) for c in rng.uniform(0, 255, 3))
        cv2.rectangle(scene, (x, y), (x + w, y + h), colour, -1)
        if rng.random() < 0.3:  # stripes on a package: 1-D-code-like edges
            for sx in range(x, x + w, int(rng.integers(4, 14))):
                cv2.line(scene, (sx, y), (sx, y + h), (20.0, 20.0, 20.0), int(rng.integers(1, 4)))
    return scene


def place(
    scene: np.ndarray,
    drawn: Drawn,
    rng: Rng,
    module_px: float,
    rot_deg: float,
    persp: float,
    centre: tuple[float, float] | None = None,
) -> Placement:
    """Shrinks the object so its code's module is module_px frame pixels, then rotates, warps, pastes it."""
    scale = module_px / drawn.module
    rgb = cv2.resize(drawn.rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    alpha = cv2.resize(drawn.alpha, (rgb.shape[1], rgb.shape[0]), interpolation=cv2.INTER_AREA)
    h, w = alpha.shape
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    angle = np.deg2rad(rot_deg)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    corners = (src - [w / 2, h / 2]) @ rot.T + rng.uniform(-persp, persp, (4, 2)) * max(w, h)
    span = corners.max(axis=0) - corners.min(axis=0)
    x0, y0, x1, y1 = (v * scale for v in drawn.code_box)
    box = np.float32([[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]])
    quad = cv2.perspectiveTransform(box, cv2.getPerspectiveTransform(src, np.float32(corners)))[0]
    # The code with its quiet zone stays wholly in the frame (a cut code is no test of a decoder);
    # the rest of the object may leave it.
    lo = -quad.min(axis=0) + 4
    hi = np.array([FRAME_W, FRAME_H]) - quad.max(axis=0) - 4
    cx, cy = (rng.uniform(a, b) if a < b else (a + b) / 2 for a, b in zip(lo, hi, strict=True))
    cx, cy = centre or (cx, cy)
    dst = np.float32(corners + np.array([cx, cy]))
    warp = cv2.getPerspectiveTransform(src, dst)
    size = (FRAME_W, FRAME_H)
    obj = cv2.warpPerspective(rgb[..., ::-1].astype(np.float32), warp, size, flags=cv2.INTER_LINEAR)
    cover = cv2.warpPerspective(alpha, warp, size, flags=cv2.INTER_LINEAR)[..., None]
    scene *= 1 - cover
    scene += obj * cover
    quad += [cx, cy]
    corners_out = [[round(float(v), 1) for v in pt] for pt in quad]
    return Placement((float(cx), float(cy)), float(min(span)), corners_out)


def degrade(scene: np.ndarray, rng: Rng, p: dict[str, tuple[float, float]], where: Placement) -> np.ndarray:
    """Light, contrast, glare, blur, noise, as a cheap camera does; p maps effects to (low, high) ranges.

    Glare is a reflection of the shop's lamps on the object (a phone's glass, a label's film): it falls
    somewhere on the object and may cover part of the code."""
    yy, xx = np.mgrid[0:FRAME_H, 0:FRAME_W].astype(np.float32)
    d = rng.uniform(-1, 1, 2)
    ramp = (xx / FRAME_W - 0.5) * d[0] + (yy / FRAME_H - 0.5) * d[1]
    lo = rng.uniform(*p["light"])
    light = 1 - (1 - lo) * (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    frame = scene * light[..., None]
    contrast = rng.uniform(*p["contrast"])
    frame = frame.mean() + (frame - frame.mean()) * contrast
    for _ in range(int(rng.uniform(*p["glare"]))):
        gx, gy = (c + rng.uniform(-0.5, 0.5) * where.size for c in where.centre)
        radius = rng.uniform(0.04, 0.12) * where.size
        blob = np.exp(-(((xx - gx) ** 2 + ((yy - gy) * rng.uniform(0.6, 1.6)) ** 2) / (2 * radius**2)))
        frame += (rng.uniform(120, 230) * blob)[..., None]
    if rng.random() < 0.5:
        frame = cv2.GaussianBlur(frame, (0, 0), rng.uniform(*p["defocus"]))
    else:
        # A streak `length` px long (the distance the code moved while the shutter was open), any angle.
        length = max(1.0, rng.uniform(*p["motion"]))
        half = max(1, int(np.ceil((length - 1) / 2)))
        kernel = np.zeros((2 * half + 1, 2 * half + 1), np.float32)
        kernel[half, 1 : 2 * half] = 1
        kernel[half, 0] = kernel[half, 2 * half] = (length - 2 * half + 1) / 2  # the fractional ends
        turn = cv2.getRotationMatrix2D((half, half), rng.uniform(0, 180), 1)
        kernel = cv2.warpAffine(kernel, turn, kernel.shape, flags=cv2.INTER_LINEAR)
        frame = cv2.filter2D(frame, -1, kernel / kernel.sum())
    frame += rng.normal(0, rng.uniform(*p["noise"]), frame.shape).astype(np.float32)
    return np.clip(frame, 0, 255).astype(np.uint8)
