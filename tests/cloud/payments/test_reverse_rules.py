"""When a reverse may be asked for (WeChat: not sooner than 15 s after the order was created, not older
than 7 days), and that a time without a zone is refused rather than guessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cloud.payments.errors import PaymentInputError
from cloud.payments.failures import FailureReason
from cloud.payments.model import PayState, ReverseState

from .conftest import CHANNELS, LiveSandbox
from .support import order_no, request


def test_a_wechat_reverse_sooner_than_15_s_is_deferred_without_a_call(live: LiveSandbox) -> None:
    adapter = live.adapter("wechat")
    req = request("wechat", "33")
    adapter.pay(req)
    created = datetime.now(UTC) - timedelta(seconds=5)

    result = adapter.reverse(req.out_trade_no, created)

    assert result.state is ReverseState.TOO_EARLY
    assert result.not_before == created + timedelta(seconds=15)
    assert adapter.query(req.out_trade_no).state is PayState.USERPAYING  # nothing was sent


def test_a_wechat_order_older_than_7_days_cannot_be_reversed(live: LiveSandbox) -> None:
    result = live.adapter("wechat").reverse(order_no(), datetime.now(UTC) - timedelta(days=7, seconds=1))

    assert result.state is ReverseState.REFUSED
    assert result.failure is not None and result.failure.reason is FailureReason.REVERSE_EXPIRED


@pytest.mark.parametrize("channel", CHANNELS)
def test_a_created_at_without_a_time_zone_is_refused(live: LiveSandbox, channel: str) -> None:
    with pytest.raises(PaymentInputError):
        live.adapter(channel).reverse(order_no(), datetime(2026, 11, 25, 12, 0))
