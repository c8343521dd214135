"""Alipay's yuan strings: the only place money is not integer fen, converted exactly (never a float)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cloud.payments.alipay import fen_to_yuan, yuan_to_fen
from cloud.payments.model import MAX_AMOUNT_FEN


@given(st.integers(min_value=0, max_value=MAX_AMOUNT_FEN))
def test_fen_to_yuan_and_back_round_trips(fen: int) -> None:
    text = fen_to_yuan(fen)

    assert yuan_to_fen(text) == fen
    whole, _, cents = text.partition(".")
    assert len(cents) == 2 and int(whole) * 100 + int(cents) == fen


@given(st.integers(min_value=0, max_value=MAX_AMOUNT_FEN))
def test_the_yuan_string_is_what_alipay_expects(fen: int) -> None:
    text = fen_to_yuan(fen)

    assert text.count(".") == 1 and text.replace(".", "").isdigit()
    assert not text.startswith("0") or text.startswith("0.")


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (0, "0.00"),
        (1, "0.01"),
        (10, "0.10"),
        (1234, "12.34"),
        (8888, "88.88"),
        (10_000_000_000, "100000000.00"),
    ],
)
def test_known_amounts(fen: int, text: str) -> None:
    assert fen_to_yuan(fen) == text


@pytest.mark.parametrize(("text", "fen"), [("12.3", 1230), ("12", 1200), ("0.01", 1), ("0.10", 10)])
def test_alipay_answers_with_fewer_decimals_are_read(text: str, fen: int) -> None:
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize(
    "text", ["", "1.234", "-1.00", "1e3", " 1.00", "1.00 ", "01.00", "1,000.00", "1.", ".5", "NaN", "１.00"]
)
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        yuan_to_fen(text)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "100"])
def test_fen_must_be_a_non_negative_integer(bad: object) -> None:
    with pytest.raises(ValueError):
        fen_to_yuan(bad)  # type: ignore[arg-type]
