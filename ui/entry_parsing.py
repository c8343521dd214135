"""Turning what the cashier typed on a keypad into numbers; money goes through pos_app.money.parse_yuan."""

from __future__ import annotations

import re

from ui.qt import QCoreApplication

_INT = re.compile(r"^\d{1,6}$")
_DECIMAL = re.compile(r"^(?P<int>\d{1,6})(?:\.(?P<frac>\d*))?$")


class EntryError(ValueError):
    """What was typed is not a number of the expected form; the message is ready to show."""


def parse_count(text: str) -> int:
    """Whole pieces: '3' -> 3."""
    if not _INT.match(text.strip()):
        raise EntryError(QCoreApplication.translate("Entry", "Enter a whole number"))
    return int(text.strip())


def parse_grams(text: str, in_kg: bool) -> int:
    """'0.255' kg -> 255 g; '255' g -> 255 g. At most three decimals in kg, none in grams."""
    match = _DECIMAL.match(text.strip())
    frac = (match["frac"] or "") if match else ""
    if not match or (in_kg and len(frac) > 3) or (not in_kg and frac):
        raise EntryError(QCoreApplication.translate("Entry", "Enter a weight like 0.255 kg or 255 g"))
    if not in_kg:
        return int(match["int"])
    return int(match["int"]) * 1000 + int(frac.ljust(3, "0"))


def parse_percent_bp(text: str) -> int:
    """'12.5' (percent off) -> 1250 basis points."""
    match = _DECIMAL.match(text.strip())
    frac = (match["frac"] or "") if match else ""
    if not match or len(frac) > 2:
        raise EntryError(QCoreApplication.translate("Entry", "Enter a percentage like 10 or 12.5"))
    return int(match["int"]) * 100 + int(frac.ljust(2, "0"))
