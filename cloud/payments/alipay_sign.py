"""Alipay open-API RSA2 on the wire: request signing, answer verification, and the raw text that is signed.

Request (payments.md, Alipay "自行实现签名"): drop `sign` and empty values, sort by key, join `k=v` with
`&`, SHA256withRSA (PKCS#1 v1.5) with the app's private key, base64. Checked against
tests/fixtures/vectors/alipay_rsa2_sign.json.

Answer: Alipay signs the exact text of the `<method>_response` object as it appears in the body, not a
re-serialisation, so we cut that text out of the body (raw_members) and verify it with Alipay's public key,
as Alipay's own SDKs do. Re-encoding the parsed JSON would change spacing or escapes and break the check.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa


class BadKey(ValueError):
    """A configured key is not a usable RSA key (the message never contains the key)."""


def string_to_sign(params: Mapping[str, str]) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "sign" and v != "")
    return "&".join(f"{k}={v}" for k, v in pairs)


def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    """PKCS#8 or PKCS#1 PEM, or the bare base64 (PKCS#8) the Alipay console hands out."""
    text = pem.strip()
    if "-----BEGIN" not in text:
        text = f"-----BEGIN PRIVATE KEY-----\n{text}\n-----END PRIVATE KEY-----"
    try:
        key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise BadKey("the app private key is not a readable PEM RSA key") from exc
    if not isinstance(key, rsa.RSAPrivateKey):
        raise BadKey("the app private key is not an RSA key")
    return key


def load_public_key(pem: str) -> rsa.RSAPublicKey:
    text = pem.strip()
    if "-----BEGIN" not in text:
        text = f"-----BEGIN PUBLIC KEY-----\n{text}\n-----END PUBLIC KEY-----"
    try:
        key = serialization.load_pem_public_key(text.encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise BadKey("the Alipay public key is not a readable PEM RSA key") from exc
    if not isinstance(key, rsa.RSAPublicKey):
        raise BadKey("the Alipay public key is not an RSA key")
    return key


def sign_text(text: str, key: rsa.RSAPrivateKey) -> str:
    signature = key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def verify_text(text: str, signature_b64: str, key: rsa.RSAPublicKey) -> bool:
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        key.verify(signature, text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


def sign_params(params: Mapping[str, str], key: rsa.RSAPrivateKey) -> str:
    return sign_text(string_to_sign(params), key)


def verify_params(params: Mapping[str, str], key: rsa.RSAPublicKey) -> bool:
    return verify_text(string_to_sign(params), params.get("sign", ""), key)


def raw_members(body: str) -> dict[str, str]:
    """The top-level members of a JSON object, each value as its exact source text.

    '{"a_response":{"code":"10000"},"sign":"xx"}' -> {"a_response": '{"code":"10000"}', "sign": '"xx"'}.
    Raises ValueError when the body is not one JSON object.
    """
    decoder = json.JSONDecoder()
    members: dict[str, str] = {}
    at = _skip(body, 0)
    if body[at : at + 1] != "{":
        raise ValueError("not a JSON object")
    at = _skip(body, at + 1)
    if body[at : at + 1] == "}":
        return members
    while True:
        name, at = decoder.raw_decode(body, at)
        at = _skip(body, at)
        if not isinstance(name, str) or body[at : at + 1] != ":":
            raise ValueError("malformed member")
        start = _skip(body, at + 1)
        _, end = decoder.raw_decode(body, start)
        if name in members:
            raise ValueError(f"repeated member {name!r}")
        members[name] = body[start:end]
        at = _skip(body, end)
        if body[at : at + 1] == ",":
            at = _skip(body, at + 1)
            continue
        if body[at : at + 1] == "}" and not body[at + 1 :].strip():
            return members
        raise ValueError("malformed object")


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at
