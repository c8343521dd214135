"""The arrows of ARCHITECTURE.md: pos_app imports no Qt, no IO library and no outer package."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN_IN_CORE = {
    "PySide6",
    "requests",
    "escpos",
    "cv2",
    "pyzbar",
    "zxingcpp",
    "httpx",
    "fastapi",
    "uvicorn",
    "PIL",
    "qrcode",
    "barcode",
    "serial",
    "usb",
    "ui",
    "hardware",
    "sync",
    "cloud",
}


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_the_core_imports_no_qt_io_library_or_outer_package() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN_IN_CORE)
        for path in (ROOT / "pos_app").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_qt_is_imported_only_by_the_ui() -> None:
    for package in ("pos_app", "hardware", "sync"):
        for path in (ROOT / package).rglob("*.py"):
            assert "PySide6" not in imported_roots(path), path
