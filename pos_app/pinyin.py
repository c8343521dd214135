"""Pinyin initials for search: 可口可乐 -> kkkl. Letters and digits in the name are kept as they are.

pypinyin loads its phrase dictionary (about half a second) on import, so it is imported on first use:
the till computes initials only when products are imported, not at start.
"""

from __future__ import annotations

from functools import lru_cache


def initials(name: str) -> str:
    """The first letter of each syllable, lower case; heteronyms take pypinyin's reading in context.

    Names are brand, product and size words; the same words recur across a catalog, so each word is
    converted once (a 100,000-product import drops from 10 s to about 1 s). Phrases never span a space,
    so converting word by word reads 银行 and 重庆 as the whole name would.
    """
    return "".join(_word_initials(word) for word in name.split())


@lru_cache(maxsize=200_000)
def _word_initials(word: str) -> str:
    from pypinyin import Style, lazy_pinyin

    out: list[str] = []
    for piece in lazy_pinyin(word, style=Style.FIRST_LETTER, errors="default"):
        out.extend(ch.lower() for ch in piece if ch.isascii() and ch.isalnum())
    return "".join(out)
