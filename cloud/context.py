"""What the routes share: settings, database, clock and the pairing throttle of one running app."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Annotated, cast

from fastapi import Depends, Request

from cloud.config import Settings
from cloud.db import Database
from cloud.throttle import FailureThrottle
from pos_app.clock import Clock


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Clock
    pair_throttle: FailureThrottle
    nonces_pruned_at: float = 0.0  # unix seconds of the last sweep of old nonces
    lock: threading.Lock = field(default_factory=threading.Lock)


def app_context(request: Request) -> AppContext:
    return cast(AppContext, request.app.state.cloud)


Ctx = Annotated[AppContext, Depends(app_context)]
