"""Mount the sandbox: its three wire protocols under /sandbox/wechat, /sandbox/alipay, /sandbox/generic.

include_sandbox() adds them to an existing FastAPI app (the cloud service, when the lead wires a demo
flag); create_sandbox_app() makes a stand-alone app for the tests and for a demo on loopback.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from cloud.payments.sandbox.alipay_api import alipay_router
from cloud.payments.sandbox.generic_api import generic_router
from cloud.payments.sandbox.state import Sandbox
from cloud.payments.sandbox.wechat_api import wechat_router

PREFIX = "/sandbox"
WECHAT_PATH = f"{PREFIX}/wechat"  # + /pay/micropay ...: the WeChat base URL
ALIPAY_GATEWAY_PATH = f"{PREFIX}/alipay/gateway.do"  # the Alipay gateway URL
GENERIC_PATH = f"{PREFIX}/generic"  # + /upay/v2/pay ...: the aggregator base URL


def include_sandbox(app: FastAPI, sandbox: Sandbox) -> list[tuple[str, APIRouter]]:
    """Includes the three routers; returns them with their prefixes."""
    routers = [
        (WECHAT_PATH, wechat_router(sandbox)),
        (f"{PREFIX}/alipay", alipay_router(sandbox)),
        (GENERIC_PATH, generic_router(sandbox)),
    ]
    for prefix, router in routers:
        app.include_router(router, prefix=prefix)
    return routers


def create_sandbox_app(sandbox: Sandbox) -> FastAPI:
    app = FastAPI(
        title="payments sandbox",
        description="WeChat Pay v2, Alipay and a generic aggregator on loopback (docs/payments-sandbox.md)",
    )
    include_sandbox(app, sandbox)
    return app
