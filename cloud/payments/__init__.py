"""The payment-channel layer of the merchant cloud: one Protocol, an adapter per channel, and a sandbox.

model.py holds the channel-neutral types and the PaymentChannel Protocol; router.py picks the adapter for a
scanned code; sandbox/ speaks each wire protocol on loopback for tests and the demo (see
docs/payments-sandbox.md).
"""

from __future__ import annotations

from cloud.payments.failures import Failure, FailureReason
from cloud.payments.model import (
    PaymentChannel,
    PayRequest,
    PayResult,
    PayState,
    RefundResult,
    ReverseResult,
    ReverseState,
)

__all__ = [
    "Failure",
    "FailureReason",
    "PayRequest",
    "PayResult",
    "PayState",
    "PaymentChannel",
    "RefundResult",
    "ReverseResult",
    "ReverseState",
]
