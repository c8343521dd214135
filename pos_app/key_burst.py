"""A handheld scanner in keyboard mode, told apart from a person typing, by the rhythm of the keys.

USB and Bluetooth scanners "type" a whole code a key every few milliseconds and end it with Enter (or
Tab); a person types a key every 80 ms or more. Keys are held back while they come faster than
`gap_ms`: if Enter ends a fast run of at least `min_length` keys, the run is a scan and never reaches a
text field; the moment a pause shows a person is typing (or the run stops without Enter), the held keys
are released to wherever the focus is, late by at most `gap_ms`.
"""

from __future__ import annotations

SCANNER_GAP_MS = 35.0
MIN_SCAN_LENGTH = 4


class KeyBurst:
    def __init__(self, gap_ms: float = SCANNER_GAP_MS, min_length: int = MIN_SCAN_LENGTH) -> None:
        self.gap_ms = gap_ms
        self.min_length = min_length
        self.held: list[str] = []
        self._last_ms = 0.0

    def key(self, text: str, at_ms: float) -> list[str]:
        """A printable key arrives; returns the keys to release as typing now (a pause proved a person)."""
        released = self.release() if self.held and at_ms - self._last_ms > self.gap_ms else []
        self.held.append(text)
        self._last_ms = at_ms
        return released

    def end(self, at_ms: float) -> str | None:
        """Enter or Tab arrives: the scanned code if the held keys were a scanner's burst, else None
        (then release() the held keys as typing, before the Enter itself)."""
        if len(self.held) >= self.min_length and at_ms - self._last_ms <= self.gap_ms:
            code = "".join(self.held)
            self.held.clear()
            return code
        return None

    def release(self) -> list[str]:
        """The held keys, handed back as typing (a pause after them, or a key that is not part of a scan)."""
        released, self.held = self.held, []
        return released
