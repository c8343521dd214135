"""Money parsing and formatting; GTIN check digits against vectors computed outside this project."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.barcodes import ScaleTemplate, is_valid_gtin, validate_product_code
from pos_app.errors import InvalidBarcode, InvalidInput
from pos_app.money import div_round_half_up, format_yuan, parse_yuan

VECTORS = json.loads((Path(__file__).parents[1] / "fixtures" / "vectors" / "check_digits.json").read_text())


@pytest.mark.parametrize(("text", "fen"), [("12.5", 1250), ("12.50", 1250), ("0.05", 5), ("8", 800), ("￥3.20", 320)])
def test_prices_typed_in_yuan_become_fen(text: str, fen: int) -> None:
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["1,2.3", "-5", "1.234", "", "abc", "1.2.3", "1e3", " . "])
def test_malformed_prices_are_refused_with_the_text_in_the_message(text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_yuan(text)
    assert text.strip() in err.value.en


@given(st.integers(min_value=0, max_value=10**11 - 1))
def test_format_and_parse_round_trip(fen: int) -> None:
    assert parse_yuan(format_yuan(fen)) == fen


def test_negative_amounts_show_the_sign_before_the_symbol() -> None:
    assert format_yuan(-5, "￥") == "-￥0.05"


def test_half_a_fen_rounds_up() -> None:
    assert div_round_half_up(5, 10) == 1
    assert div_round_half_up(4, 10) == 0
    assert div_round_half_up(-5, 10) == -1


@pytest.mark.parametrize(("code", "valid"), sorted(VECTORS["gtin_check_digit"].items()))
def test_gtin_check_digits_match_the_reference_vectors(code: str, valid: bool) -> None:
    assert is_valid_gtin(code) is valid


def test_a_wrong_check_digit_names_the_expected_one() -> None:
    with pytest.raises(InvalidBarcode) as err:
        validate_product_code("6901234567891")
    assert "expected 2" in err.value.en


def test_in_store_codes_of_up_to_seven_digits_are_accepted() -> None:
    assert validate_product_code(" 10001 ") == "10001"
    with pytest.raises(InvalidBarcode):
        validate_product_code("123456789")  # 9 digits: neither a GTIN nor an in-store code


def test_price_scale_label_carries_plu_and_price() -> None:
    template = ScaleTemplate("22PPPPP$$$$$C")
    code = template.make("10001", 1234)
    assert code == "2210001012346"[:12] + code[-1] and is_valid_gtin(code)
    label = template.parse(code)
    assert (label.plu, label.price_fen, label.grams) == ("10001", 1234, None)


def test_weight_scale_label_carries_grams() -> None:
    template = ScaleTemplate("2PPPPPPWWWWWC")
    label = template.parse(template.make("42", 255))
    assert (label.plu, label.grams, label.price_fen) == ("42", 255, None)


def test_a_scale_label_with_a_bad_check_digit_is_refused() -> None:
    template = ScaleTemplate("22PPPPP$$$$$C")
    good = template.make("10001", 1234)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidBarcode, match="校验位"):
        template.parse(bad)


@pytest.mark.parametrize("pattern", ["12PPPPP$$$$$C", "22PPPPP$$$$$", "22PPPPP$$W$$C", "22PP", "22PPPPPP$$$$$C"])
def test_malformed_scale_templates_are_refused(pattern: str) -> None:
    with pytest.raises(InvalidInput):
        ScaleTemplate(pattern)
