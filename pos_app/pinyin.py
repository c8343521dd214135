"""Pinyin initials for search: 可口可乐 -> kkkl. Letters and digits in the name are kept as they are.

pypinyin loads its phrase dictionary (about half a second) on import, so it is imported on first use:
the till computes initials only when products are imported, not at start.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)
def initials(name: str) -> str:
    """The first letter of each syllable, lower case; heteronyms take pypinyin's most common reading."""
    from pypinyin import Style, lazy_pinyin

    out: list[str] = []
    for piece in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default"):
        out.extend(ch.lower() for ch in piece if ch.isascii() and ch.isalnum())
    return "".join(out)
