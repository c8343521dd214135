"""What the routes share: settings, database, clock, the pairing throttle and the payment services of one
running app."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Annotated, cast

from fastapi import Depends, Request

from cloud.channel_book import ChannelBook
from cloud.config import Settings
from cloud.db import Database
from cloud.payment_service import PaymentService
from cloud.refund_service import RefundService
from cloud.throttle import FailureThrottle
from pos_app.clock import Clock


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Clock
    pair_throttle: FailureThrottle
    channels: ChannelBook
    payments: PaymentService
    refunds: RefundService
    nonces_pruned_at: float = 0.0  # unix seconds of the last sweep of old nonces
    lock: threading.Lock = field(default_factory=threading.Lock)


def app_context(request: Request) -> AppContext:
    return cast(AppContext, request.app.state.cloud)


async def _context(request: Request) -> AppContext:
    """As a dependency: async, so FastAPI does not hand it to a worker thread (it only reads an attribute)."""
    return app_context(request)


Ctx = Annotated[AppContext, Depends(_context)]
