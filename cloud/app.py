"""create_app(settings): the FastAPI application with its routes, error answers and middleware, and with
Settings.sandbox the payments sandbox mounted at /sandbox (demo and tests only)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel

from cloud import journal_api, pairing_api, payment_api, sync_api
from cloud.channel_book import ChannelBook
from cloud.channel_cipher import ChannelCipher
from cloud.config import Settings
from cloud.context import AppContext
from cloud.db import Database
from cloud.middleware import BodyLimit, DirectRoutes, ServerTime, direct_routes
from cloud.openapi import openapi_document
from cloud.payment_service import PaymentService
from cloud.payments.sandbox import Sandbox, include_sandbox
from cloud.problems import install_handlers
from cloud.refund_service import RefundService
from cloud.sandbox_orders import SandboxOrders
from cloud.sandbox_setup import sandbox_keys
from cloud.throttle import FailureThrottle
from pos_app.clock import Clock, SystemClock

log = logging.getLogger(__name__)


class Health(BaseModel):
    status: str


health = APIRouter(tags=["health"])


@health.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Opens (and migrates) the database at once; the engine is closed when the app shuts down."""
    settings = settings or Settings()
    clock = clock or SystemClock()
    db = Database(settings.db_url)
    throttle = FailureThrottle(
        clock,
        settings.pair_failures_per_ip,
        settings.pair_failures_global,
        settings.pair_failure_window_seconds,
    )

    cipher = ChannelCipher(settings)
    book = ChannelBook(db, cipher, clock)
    payments = PaymentService(db, clock, book)

    closing = [book.close, db.close]

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        for close in closing:
            close()

    app = FastAPI(
        title="pos-cloud",
        version="1",
        description="The merchant cloud of the till: pairing, sync push and pull (sync.protocol), "
        "payments (sync.payment_protocol).",
        lifespan=lifespan,
    )
    app.state.cloud = AppContext(
        settings=settings,
        db=db,
        clock=clock,
        pair_throttle=throttle,
        channels=book,
        payments=payments,
        refunds=RefundService(db, clock, book, payments),
    )
    app.include_router(health)
    app.include_router(pairing_api.router)
    app.include_router(sync_api.router)
    app.include_router(payment_api.router)
    app.include_router(journal_api.router)
    direct = direct_routes(payment_api.router)
    if settings.sandbox:
        kept = SandboxOrders(db, clock)
        closing.insert(0, kept.close)  # before the database closes
        app.state.sandbox = Sandbox(sandbox_keys(db, cipher, clock).config, keeper=kept.book)
        for prefix, router in include_sandbox(app, app.state.sandbox):
            direct.update(direct_routes(router, prefix))
        log.warning(
            "the payments sandbox is mounted at /sandbox: it accepts ANY payment code; never in production"
        )
    install_handlers(app, clock)
    # Innermost of ours: the payment routes (and the sandbox's channel calls) skip FastAPI's router.
    app.add_middleware(DirectRoutes, routes=direct, handlers=app.exception_handlers)
    app.add_middleware(BodyLimit, clock=clock)
    app.add_middleware(ServerTime, clock=clock)  # added last: outermost, so it stamps the 413s too

    def openapi() -> dict[str, Any]:
        return openapi_document(app)

    app.openapi = openapi  # type: ignore[method-assign]
    return app
