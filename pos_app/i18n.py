"""The cashier's language for messages made outside Qt (errors, CLI output).

The Qt screens translate their own strings through Qt's translation system; messages that are born in the
domain (a bad CSV row, a locked account) are chosen here by language so the CLI and the UI say the same.
"""

from __future__ import annotations

LANGUAGES = ("zh_CN", "en")
_current = "zh_CN"


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; choose one of {', '.join(LANGUAGES)}")
    _current = language


def language() -> str:
    return _current


def pick(en: str, zh: str) -> str:
    """The text for the current language; both forms are written side by side where the message is made."""
    return zh if _current == "zh_CN" else en
