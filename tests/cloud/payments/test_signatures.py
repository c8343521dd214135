"""Signatures against vectors computed outside this project (copied from the shared reference into
tests/fixtures/vectors/ so a clone elsewhere can run them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cloud.payments import alipay_sign, wechat_v2_sign
from cloud.payments.generic import body_sign, signature_ok

VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "vectors"


def load(name: str) -> Any:
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


WECHAT = load("wechat_v2_sign.json")["cases"]
ALIPAY = load("alipay_rsa2_sign.json")


@pytest.mark.parametrize("case", WECHAT, ids=["micropay", "hmac-declared"])
def test_wechat_string_to_sign_drops_empty_values_and_sorts(case: dict[str, Any]) -> None:
    assert wechat_v2_sign.string_to_sign(case["params"], case["key"]) == case["string_to_sign"]


@pytest.mark.parametrize("case", WECHAT, ids=["micropay", "hmac-declared"])
def test_wechat_md5_and_hmac_sha256_match_the_vectors(case: dict[str, Any]) -> None:
    assert wechat_v2_sign.sign(case["params"], case["key"], "MD5") == case["md5"]
    assert wechat_v2_sign.sign(case["params"], case["key"], "HMAC-SHA256") == case["hmac_sha256"]


@pytest.mark.parametrize(("sign_type", "field"), [("MD5", "md5"), ("HMAC-SHA256", "hmac_sha256")])
def test_wechat_verify_accepts_the_vector_and_refuses_a_tampered_parameter(
    sign_type: str, field: str
) -> None:
    case = WECHAT[0]
    signed = {**case["params"], "sign": case[field]}

    assert wechat_v2_sign.verify(signed, case["key"], sign_type)  # type: ignore[arg-type]
    assert wechat_v2_sign.verify({**signed, "sign": case[field].lower()}, case["key"], sign_type)  # type: ignore[arg-type]
    assert not wechat_v2_sign.verify({**signed, "total_fee": "100"}, case["key"], sign_type)  # type: ignore[arg-type]
    assert not wechat_v2_sign.verify({**signed, "sign": ""}, case["key"], sign_type)  # type: ignore[arg-type]
    assert not wechat_v2_sign.verify(signed, case["key"] + "x", sign_type)  # type: ignore[arg-type]


def test_wechat_xml_round_trips_chinese_and_markup_characters() -> None:
    fields = {"body": "好又多<便利店>&商品]]>", "total_fee": "1", "empty": ""}

    assert wechat_v2_sign.from_xml(wechat_v2_sign.to_xml(fields)) == fields


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE xml [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><a>&e;</a></xml>',
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><xml><a>&lol;</a></xml>',
        b"<xml><!-- a comment --><a>1</a></xml>",
        b"<xml><a><b>nested</b></a></xml>",
        b"<xml><a>1</a><a>2</a></xml>",
        b"<other><a>1</a></other>",
        b"<xml><a>1</a>",
    ],
)
def test_wechat_xml_refuses_declarations_entities_and_odd_shapes(body: bytes) -> None:
    with pytest.raises(wechat_v2_sign.XmlRejected):
        wechat_v2_sign.from_xml(body)


def test_alipay_string_to_sign_matches_the_vector() -> None:
    assert alipay_sign.string_to_sign(ALIPAY["params"]) == ALIPAY["string_to_sign"]
    assert (
        alipay_sign.string_to_sign({**ALIPAY["params"], "sign": "x", "notify_url": ""})
        == ALIPAY["string_to_sign"]
    )


def test_alipay_rsa2_signature_matches_the_vector_and_verifies() -> None:
    private = alipay_sign.load_private_key(ALIPAY["private_key_pem"])
    public = alipay_sign.load_public_key(ALIPAY["public_key_pem"])

    # PKCS#1 v1.5 signatures are deterministic: the same key and text give the vector's bytes.
    assert alipay_sign.sign_params(ALIPAY["params"], private) == ALIPAY["sign"]
    assert alipay_sign.verify_params({**ALIPAY["params"], "sign": ALIPAY["sign"]}, public)


def test_alipay_verification_refuses_a_tampered_parameter_or_signature() -> None:
    public = alipay_sign.load_public_key(ALIPAY["public_key_pem"])
    signed = {**ALIPAY["params"], "sign": ALIPAY["sign"]}
    biz = ALIPAY["params"]["biz_content"].replace("88.88", "0.01")

    assert not alipay_sign.verify_params({**signed, "biz_content": biz}, public)
    assert not alipay_sign.verify_params({**signed, "timestamp": "2026-11-25 20:00:01"}, public)
    assert not alipay_sign.verify_params({**signed, "sign": "not base64!"}, public)
    assert not alipay_sign.verify_params({**signed, "sign": ""}, public)


def test_alipay_keys_are_read_from_bare_base64_as_the_console_shows_them() -> None:
    bare = "".join(line for line in ALIPAY["private_key_pem"].splitlines() if "-----" not in line)
    public_bare = "".join(line for line in ALIPAY["public_key_pem"].splitlines() if "-----" not in line)

    private = alipay_sign.load_private_key(bare)

    assert alipay_sign.sign_params(ALIPAY["params"], private) == ALIPAY["sign"]
    assert alipay_sign.verify_params(
        {**ALIPAY["params"], "sign": ALIPAY["sign"]}, alipay_sign.load_public_key(public_bare)
    )


def test_an_unreadable_alipay_key_raises_without_showing_the_key() -> None:
    with pytest.raises(alipay_sign.BadKey) as caught:
        alipay_sign.load_private_key("MIIBsecretmaterial")

    assert "secret" not in str(caught.value)


def test_alipay_answer_verification_uses_the_raw_response_text() -> None:
    """Alipay signs the response object's exact text; re-serialising it would change spaces and escapes."""
    private = alipay_sign.load_private_key(ALIPAY["private_key_pem"])
    public = alipay_sign.load_public_key(ALIPAY["public_key_pem"])
    raw = '{"code": "10000", "msg":"Success" ,"total_amount":"88.88","subject":"\\u597d"}'
    body = f'{{ "alipay_trade_pay_response" : {raw} , "sign":"{alipay_sign.sign_text(raw, private)}" }}'

    members = alipay_sign.raw_members(body)

    assert members["alipay_trade_pay_response"] == raw
    assert alipay_sign.verify_text(members["alipay_trade_pay_response"], json.loads(members["sign"]), public)
    assert not alipay_sign.verify_text(json.dumps(json.loads(raw)), json.loads(members["sign"]), public)


@pytest.mark.parametrize("body", ["[]", '{"a":1', '{"a":1,"a":2}', '{"a" 1}', '{"a":1} trailing', ""])
def test_raw_members_refuses_what_is_not_one_json_object(body: str) -> None:
    with pytest.raises(ValueError):
        alipay_sign.raw_members(body)


def test_generic_body_signature_is_md5_of_body_and_key() -> None:
    body = b'{"terminal_sn":"T1","client_sn":"A1"}'

    assert body_sign(body, "k") == "8190ae684c115bdaa63f3a2f956dcd5d"  # md5 of the bytes, then "k"
    assert signature_ok(f"T1 {body_sign(body, 'k')}", "T1", body, "k")
    assert signature_ok(f"T1 {body_sign(body, 'k').upper()}", "T1", body, "k")
    assert not signature_ok(f"T2 {body_sign(body, 'k')}", "T1", body, "k")
    assert not signature_ok(f"T1 {body_sign(body, 'k')}", "T1", body + b" ", "k")
