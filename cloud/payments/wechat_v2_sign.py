"""WeChat Pay API v2 on the wire: the MD5 / HMAC-SHA256 signature and the flat <xml> documents.

Signature (WeChat Pay v2 "安全规范", payments.md): drop empty values and `sign`, sort the keys by ASCII,
join `k=v` with `&`, append `&key=API_KEY`; MD5 of that, or HMAC-SHA256 keyed with API_KEY; uppercase
hex. Checked against vectors computed outside this project (tests/fixtures/vectors/wechat_v2_sign.json).

XML: the answers are parsed with the standard library, and any DOCTYPE, entity declaration or other
markup declaration is refused before parsing (WeChat's own security advisory on XXE in v2 callbacks).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Literal
from xml.sax.saxutils import escape

SignType = Literal["MD5", "HMAC-SHA256"]
_DECLARATION = re.compile(rb"<!(?!\[CDATA\[)")  # <!DOCTYPE, <!ENTITY, <!ELEMENT, comments: all refused
_TAG = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class XmlRejected(ValueError):
    """The body is not a flat WeChat <xml> document we are willing to read."""


def string_to_sign(params: Mapping[str, str], key: str) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "sign" and v != "")
    return "&".join(f"{k}={v}" for k, v in pairs) + f"&key={key}"


def sign(params: Mapping[str, str], key: str, sign_type: SignType) -> str:
    text = string_to_sign(params, key).encode("utf-8")
    if sign_type == "HMAC-SHA256":
        return hmac.new(key.encode("utf-8"), text, hashlib.sha256).hexdigest().upper()
    return hashlib.md5(text).hexdigest().upper()


def verify(params: Mapping[str, str], key: str, sign_type: SignType) -> bool:
    given = params.get("sign", "")
    return bool(given) and hmac.compare_digest(given.upper(), sign(params, key, sign_type))


def to_xml(params: Mapping[str, str]) -> bytes:
    """<xml><name>text</name>...</xml>, byte for byte what ElementTree writes (an empty value as <name />),
    built as one string: ElementTree's writer costs more than the rest of a payment's signing."""
    parts = ["<xml>"]
    for name, value in params.items():
        if not _TAG.match(name):
            raise ValueError(f"not an XML field name: {name!r}")
        parts.append(f"<{name}>{escape(value)}</{name}>" if value else f"<{name} />")
    if len(parts) == 1:
        return b"<xml />"
    parts.append("</xml>")
    return "".join(parts).encode("utf-8")


def from_xml(body: bytes) -> dict[str, str]:
    """The fields of a flat <xml> document; raises XmlRejected for anything else."""
    if _DECLARATION.search(body):
        raise XmlRejected("markup declaration (DOCTYPE/ENTITY) refused")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise XmlRejected(f"not XML: {exc}") from exc
    if root.tag != "xml":
        raise XmlRejected(f"root element is <{root.tag}>, not <xml>")
    fields: dict[str, str] = {}
    for child in root:
        if len(child) or child.tag in fields:
            raise XmlRejected(f"nested or repeated field <{child.tag}>")
        fields[child.tag] = child.text or ""
    return fields
