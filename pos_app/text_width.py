"""Text width in printer columns, and wrapping by it.

A thermal printer's font is a grid: a Latin letter takes one column, a Chinese character two. Counting
characters instead of columns is how receipts end up with ragged amounts and names cut in half, so every
receipt measurement goes through `display_width`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def char_width(char: str) -> int:
    """East Asian Wide/Fullwidth take two columns; combining marks and format characters none."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(char_width(c) for c in text)


def pad_right(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def pad_left(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


@dataclass(frozen=True)
class _Token:
    text: str
    width: int
    space: bool


def clusters(text: str) -> list[str]:
    """A character with the combining marks that follow it: the unit that is never split."""
    out: list[str] = []
    for char in text:
        if out and char_width(char) == 0 and out[-1] != " ":
            out[-1] += char
        else:
            out.append(char)
    return out


def _tokens(text: str) -> list[_Token]:
    """Runs of spaces, Latin words (broken only when longer than a line) and single wide characters."""
    tokens: list[_Token] = []
    word = ""
    for cluster in clusters(text):
        width = display_width(cluster)
        if cluster == " " or width == 2:
            if word:
                tokens.append(_Token(word, display_width(word), False))
                word = ""
            tokens.append(_Token(cluster, width, cluster == " "))
        else:
            word += cluster
    if word:
        tokens.append(_Token(word, display_width(word), False))
    return tokens


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most `columns` display columns; breaks at spaces (dropped) or between wide characters.

    A Latin word longer than a whole line is cut between characters. Always returns at least one line.
    """
    if columns < 2:
        raise ValueError("columns must be at least 2 (a Chinese character is 2 wide)")
    lines: list[str] = []
    current, used, pending = "", 0, ""
    for token in _tokens(text):
        if token.space:
            pending += token.text
            continue
        gap = len(pending)
        if used + gap + token.width <= columns:
            current, used, pending = current + pending + token.text, used + gap + token.width, ""
            continue
        if token.width <= columns:
            if current:
                lines.append(current)
            current, used, pending = token.text, token.width, ""
            continue
        if used + gap + 1 < columns:  # a long word starts on this line when there is room for some of it
            current, used = current + pending, used + gap
        elif current:
            lines.append(current)
            current, used = "", 0
        pending = ""
        for cluster in clusters(token.text):
            width = display_width(cluster)
            if used + width > columns:
                lines.append(current)
                current, used = "", 0
            current, used = current + cluster, used + width
    if current or not lines:
        lines.append(current)
    return lines
