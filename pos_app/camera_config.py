"""Which camera scans payment codes, at what resolution: parsed from the shop settings.

The setting is empty for no camera (the handheld scanner alone), a camera index ("0", "1", ...) as the
operating system numbers them, or the path of a video file that plays as a camera (demos, training).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pos_app.errors import InvalidInput

RESOLUTIONS = ("640x480", "1280x720", "1920x1080")
DEFAULT_RESOLUTION = "1280x720"  # what the decode pipeline was measured on
_INDEX = re.compile(r"^\d{1,2}$")


@dataclass(frozen=True)
class CameraConfig:
    source: int | str  # a camera index, or a video file standing in for a camera
    width: int
    height: int


def parse_camera(camera: str, resolution: str) -> CameraConfig | None:
    if resolution not in RESOLUTIONS:
        raise InvalidInput(
            f"camera resolution must be one of {', '.join(RESOLUTIONS)}",
            f"摄像头分辨率必须是 {'、'.join(RESOLUTIONS)} 之一",
        )
    camera = camera.strip()
    if not camera:
        return None
    width, height = (int(n) for n in resolution.split("x"))
    return CameraConfig(int(camera) if _INDEX.match(camera) else camera, width, height)
