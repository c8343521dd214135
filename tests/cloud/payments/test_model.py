"""The channel-neutral request: what the till may ask, and how a payment code shows in logs."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cloud.payments.failures import FailureReason, failure
from cloud.payments.model import PayRequest, masked
from pos_app.i18n import set_language

GOOD = {
    "out_trade_no": "A20261125-0001_x",
    "auth_code": "134567890123456789",
    "amount_fen": 1,
    "subject": "商品",
}


def test_a_good_request_is_accepted() -> None:
    assert PayRequest.model_validate(GOOD).amount_fen == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("out_trade_no", "x" * 33),
        ("out_trade_no", ""),
        ("out_trade_no", "订单1"),
        ("out_trade_no", "a b"),
        ("out_trade_no", "a|b"),
        ("amount_fen", 0),
        ("amount_fen", -5),
        ("amount_fen", 12.0),
        ("amount_fen", "100"),
        ("amount_fen", 10_000_000_001),
        ("auth_code", "abc"),
        ("subject", ""),
        ("subject", "商" * 41),
    ],
)
def test_a_bad_request_is_refused(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        PayRequest.model_validate({**GOOD, field: value})


def test_the_payment_code_is_masked_in_repr_and_logs() -> None:
    req = PayRequest.model_validate(GOOD)

    assert "134567890123456789" not in repr(req)
    assert "1345**********6789" in repr(req)
    assert masked("134567890123456789") == "1345**********6789"
    assert masked("1234") == "****"


def test_a_failure_speaks_the_cashiers_language() -> None:
    expired = failure(FailureReason.AUTH_CODE_EXPIRED, "AUTHCODEEXPIRE")

    set_language("en")
    try:
        assert "expired" in expired.message()
    finally:
        set_language("zh_CN")
    assert expired.message() == "付款码已过期，请顾客刷新付款码后重新扫码"


def test_every_reason_has_both_messages() -> None:
    for reason in FailureReason:
        message = failure(reason, "X")
        assert message.zh and message.en
