"""Text the databases can store: PostgreSQL refuses NUL characters and neither takes lone surrogates
(which JSON's \\ud800 escapes can carry), so such text is refused or cleaned before it reaches SQL."""

from __future__ import annotations

import json

_NUL_ESCAPED = "\\u0000"


def storable(value: object) -> bool:
    """True when every string inside `value` (JSON data: dicts, lists, scalars) can be stored.

    json.dumps runs in C: lone surrogates pass through it raw (so encoding to UTF-8 finds them) and
    NUL comes out escaped; only when that escape shows up is the slow, exact walk needed.
    """
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return _NUL_ESCAPED not in text or _no_nul(value)


def _no_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, dict):
        return all(_no_nul(k) and _no_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_no_nul(v) for v in value)
    return True


def clean_line(text: str) -> str:
    """One line of printable text: control characters and lone surrogates dropped, spaces collapsed."""
    kept = "".join(ch for ch in text if ch.isprintable() and not "\ud800" <= ch <= "\udfff")
    return " ".join(kept.split())
