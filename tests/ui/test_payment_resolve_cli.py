"""`pos-till payment resolve` prints one JSON line per payment it finished, and exits non-zero while one is
left for later or must be given back by hand."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from pos_app.ports import GatewayRefund
from tests.pos_app.test_refund_instead import script
from ui.cli_payment import run_payment

RESOLVE = argparse.Namespace(payment_command="resolve")


@pytest.mark.parametrize(
    ("answer", "outcome", "exit_code"),
    [
        (GatewayRefund("x", "refunded"), "refunded", 0),
        (GatewayRefund("x", "unknown"), "pending", 1),
        (GatewayRefund("x", "failed", "商户账户余额不足"), "refund_failed", 1),
    ],
)
def test_resolve_exits_non_zero_while_money_is_not_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: GatewayRefund, outcome: str, exit_code: int
) -> None:
    till, _, _ = script(tmp_path, answer)
    assert run_payment(till, RESOLVE) == exit_code
    (line,) = [json.loads(text) for text in capsys.readouterr().out.splitlines()]
    assert (line["outcome"], line["amount_fen"], line["channel"]) == (outcome, 800, "wechat")
