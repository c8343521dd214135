"""What a scanned text is: every payment channel at its edges, products, scale labels, junk, scanner noise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.barcodes import ScaleTemplate
from pos_app.errors import InvalidInput
from pos_app.i18n import language, set_language
from pos_app.scan_codes import PAYMENT_RULES, CodeKind, classify

PATTERNS = {kind: pattern for pattern, kind in PAYMENT_RULES}


@pytest.fixture
def english() -> Iterator[None]:
    before = language()
    set_language("en")
    yield
    set_language(before)


def digits(prefix: str, length: int) -> str:
    return (prefix + "3141592653589793238462643383279")[:length]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        *[(digits(p, 18), CodeKind.WECHAT) for p in ("10", "11", "12", "13", "14", "15")],
        (digits("16", 18), CodeKind.UNKNOWN),  # WeChat's prefixes stop at 15
        (digits("13", 17), CodeKind.UNKNOWN),
        (digits("13", 19), CodeKind.UNKNOWN),
        *[(digits(p, n), CodeKind.ALIPAY) for p in ("25", "27", "28", "29", "30") for n in (16, 20, 24)],
        (digits("24", 18), CodeKind.UNKNOWN),
        (digits("31", 18), CodeKind.UNKNOWN),
        (digits("28", 15), CodeKind.UNKNOWN),  # Alipay needs 16 digits at least ...
        (digits("28", 25), CodeKind.UNKNOWN),  # ... and at most 24
        (digits("62", 19), CodeKind.UNIONPAY),
        (digits("62", 18), CodeKind.UNKNOWN),
        (digits("62", 20), CodeKind.UNKNOWN),
        (digits("01", 19), CodeKind.ECNY),
        (digits("01", 18), CodeKind.UNKNOWN),
        (digits("01", 20), CodeKind.UNKNOWN),
        (digits("51", 18), CodeKind.BESTPAY),
        (digits("51", 17), CodeKind.UNKNOWN),
        (digits("51", 19), CodeKind.UNKNOWN),
        (digits("18", 18), CodeKind.JDPAY),
        (digits("18", 19), CodeKind.UNKNOWN),
    ],
)
def test_payment_codes_are_told_apart_by_prefix_and_length(text: str, kind: CodeKind) -> None:
    scanned = classify(text)
    assert scanned.kind is kind
    assert scanned.is_payment is (kind is not CodeKind.UNKNOWN)


@pytest.mark.parametrize(
    ("kind", "label"),
    [(CodeKind.WECHAT, "微信"), (CodeKind.ALIPAY, "支付宝"), (CodeKind.UNIONPAY, "云闪付"),
     (CodeKind.ECNY, "数字人民币"), (CodeKind.BESTPAY, "翼支付"), (CodeKind.JDPAY, "京东支付")],
)  # fmt: skip
def test_each_channel_has_its_chinese_name(kind: CodeKind, label: str) -> None:
    prefix = {
        "微信": "13",
        "支付宝": "28",
        "云闪付": "62",
        "数字人民币": "01",
        "翼支付": "51",
        "京东支付": "18",
    }
    length = {CodeKind.UNIONPAY: 19, CodeKind.ECNY: 19}.get(kind, 18)
    scanned = classify(digits(prefix[label], length))
    assert scanned.kind is kind and scanned.channel_label() == label


@pytest.mark.parametrize(
    "code", ["6901234567892", "96385074", "036000291452", "1", "10001", "1234567", "2000000000008"]
)
def test_products_are_gtins_with_a_good_check_digit_or_short_in_store_codes(code: str) -> None:
    scanned = classify(code)
    assert (scanned.kind, scanned.is_payment) == (CodeKind.PRODUCT, False)


@pytest.mark.parametrize("code", ["6901234567891", "96385075", "036000291453", "12345678", "123456789"])
def test_a_bad_check_digit_or_an_odd_length_is_not_a_product(code: str) -> None:
    assert classify(code).kind is CodeKind.UNKNOWN


def test_a_label_of_the_shops_scale_is_a_scale_label_not_a_product_nor_alipay() -> None:
    template = "22PPPPP$$$$$C"
    label = ScaleTemplate(template).make("10001", 1234)
    assert classify(label, template).kind is CodeKind.SCALE_LABEL
    assert classify(label).kind is CodeKind.PRODUCT  # no template configured: a store-internal EAN-13
    bad = label[:-1] + str((int(label[-1]) + 1) % 10)
    assert classify(bad, template).kind is CodeKind.UNKNOWN


def test_a_weight_label_matches_a_weight_template_only() -> None:
    weight = ScaleTemplate("2PPPPPPWWWWWC").make("42", 255)
    assert classify(weight, "2PPPPPPWWWWWC").kind is CodeKind.SCALE_LABEL
    assert classify(weight, "22PPPPP$$$$$C").kind is CodeKind.PRODUCT  # flag 20 is not 22


def test_a_broken_scale_template_is_a_setup_error() -> None:
    with pytest.raises(InvalidInput):
        classify("6901234567892", "22PPPP")


@pytest.mark.parametrize(
    ("raw", "text", "kind"),
    [
        ("130123456789012345\r\n", "130123456789012345", CodeKind.WECHAT),
        ("\t 6901234567892 \n", "6901234567892", CodeKind.PRODUCT),
        ("\u200b1301234567890\u200d12345\ufeff", "130123456789012345", CodeKind.WECHAT),
        ("１３０１２３４５６７８９０１２３４５", "130123456789012345", CodeKind.WECHAT),  # full-width digits
        ("1301 2345 6789 0123 45", "130123456789012345", CodeKind.WECHAT),  # typed from the phone
        ("\u3000６２１２３４５６７８９０１２３４５６７\u3000", "6212345678901234567", CodeKind.UNIONPAY),
        ("  hello world \r\n", "hello world", CodeKind.UNKNOWN),  # spaces inside text stay
    ],
)
def test_scanner_noise_is_stripped(raw: str, text: str, kind: CodeKind) -> None:
    scanned = classify(raw)
    assert (scanned.text, scanned.kind) == (text, kind)


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "\r\n", "ABC123", "13012345678901234X", "https://qr.alipay.com/bax01234", "1" * 5000,
     "١٣٠١٢٣٤٥٦٧٨٩٠١٢٣٤٥", "²³", "13-0123-4567-8901-2345"],
)  # fmt: skip
def test_junk_is_unknown_and_never_a_payment(raw: str) -> None:
    scanned = classify(raw)
    assert scanned.kind is CodeKind.UNKNOWN and not scanned.is_payment


def test_an_unknown_code_is_quoted_to_the_cashier_in_chinese_and_shortened() -> None:
    assert classify("ABC123").message() == "无法识别的条码：ABC123"
    long = classify("X" * 500).message()
    assert long.startswith("无法识别的条码：XXXX") and long.endswith("…") and len(long) < 60


def test_the_unknown_message_follows_the_cashiers_language(english: None) -> None:
    assert classify("ABC123").message() == "Unrecognized code: ABC123"
    assert classify(digits("13", 18)).message() == "WeChat Pay payment code"


@given(st.text())
def test_any_text_classifies_without_raising(raw: str) -> None:
    scanned = classify(raw)
    if scanned.is_payment:
        assert PATTERNS[scanned.kind].fullmatch(scanned.text)


@given(st.text(alphabet="0123456789１２\u200b \r\n\t", max_size=30))
def test_digit_soup_classified_as_a_payment_fits_that_channels_pattern(raw: str) -> None:
    scanned = classify(raw, "22PPPPP$$$$$C")
    if scanned.is_payment:
        assert PATTERNS[scanned.kind].fullmatch(scanned.text) and scanned.text.isascii()
    if scanned.kind in (CodeKind.PRODUCT, CodeKind.SCALE_LABEL):
        assert scanned.text.isdigit() and scanned.text.isascii()


@given(st.sampled_from(PAYMENT_RULES).flatmap(
    lambda rule: st.tuples(st.from_regex(rule[0].pattern.replace(r"\d", "[0-9]"), fullmatch=True),
                           st.just(rule[1]))))  # fmt: skip
def test_every_code_a_channel_can_issue_is_that_channel(case: tuple[str, CodeKind]) -> None:
    text, kind = case
    assert classify(text + "\r\n").kind is kind
