"""Loads a CJK font explicitly, so Chinese never renders as empty boxes on a machine without fontconfig help."""

from __future__ import annotations

import logging
from pathlib import Path

from ui.qt import QApplication, QFont, QFontDatabase

log = logging.getLogger(__name__)

RESOURCE_FONTS = Path(__file__).resolve().parent.parent / "resources" / "fonts"
SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
)
FONT_SUFFIXES = (".ttf", ".ttc", ".otf")
BASE_POINT_SIZE = 12


def candidate_files(resource_dir: Path = RESOURCE_FONTS) -> list[Path]:
    """Fonts shipped in resources/fonts come first; then the usual Debian locations."""
    shipped = sorted(p for p in resource_dir.glob("*") if p.suffix.lower() in FONT_SUFFIXES)
    return shipped + [p for p in SYSTEM_FONTS if p.is_file()]


def load_cjk_font(app: QApplication, resource_dir: Path = RESOURCE_FONTS) -> str | None:
    """Registers the first loadable CJK font, makes it the application font, and returns its family."""
    for path in candidate_files(resource_dir):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        family = next((f for f in families if "mono" not in f.lower()), families[0] if families else None)
        if family is None:
            continue
        font = QFont(family, BASE_POINT_SIZE)
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        app.setFont(font)
        log.info("using font %s from %s", family, path)
        return family
    log.warning("no CJK font found in %s or %s; Chinese text may show as boxes", resource_dir, SYSTEM_FONTS)
    return None
