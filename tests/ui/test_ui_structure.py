"""The GUI's own rules: Qt comes in through ui/qt.py only, and files stay small."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"


def imports_pyside(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(a.name.startswith("PySide6") for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6"):
            return True
    return False


def test_qt_is_imported_only_through_ui_qt():
    assert [p.name for p in sorted(UI.glob("*.py")) if p.name != "qt.py" and imports_pyside(p)] == []


def test_gui_files_stay_small():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in UI.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > 300} == {}
