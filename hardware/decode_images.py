"""The core of `pos-till decode [--json] IMAGE...`: what codes a picture holds, and what the till makes of them.

For the shop's technician and for support: "the camera does not read this customer's code" becomes a
saved snapshot anyone can decode and classify the way the till does. The CLI (ui/cli) prints the dicts.
"""

from __future__ import annotations

import time
from pathlib import Path

from hardware.frame_sources import read_gray
from pos_app.ports import CodeDecoder
from pos_app.scan_codes import classify


def decode_file(path: str | Path, pipeline: CodeDecoder, template: str | None = None) -> dict[str, object]:
    """{"file", "codes": [{"text", "kind", "symbology"}], "ms"}; ImageUnreadable for a missing or bad file.

    `kind` is pos_app.scan_codes.CodeKind's value ("wechat", "product", "scale_label", "unknown", ...),
    with `template` the shop's scale-label template; `ms` is the decoding alone, not the file's reading.
    """
    gray = read_gray(path)
    started = time.perf_counter()
    found = pipeline.decode(gray)
    ms = (time.perf_counter() - started) * 1000
    codes = []
    for code in found:
        scanned = classify(code.text, template)
        codes.append({"text": scanned.text, "kind": scanned.kind.value, "symbology": code.symbology})
    return {"file": str(path), "codes": codes, "ms": round(ms, 1)}
