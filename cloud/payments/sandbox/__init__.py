"""A loopback stand-in for the payment channels: each wire protocol, real signatures, scripted scenarios.

Scenarios are chosen by the last two digits of the payment code (scenarios.py); orders live in memory
(engine.py); the routers (wechat_api.py, alipay_api.py, generic_api.py) speak the channels' formats; app.py
mounts them. Never mount it in production: it accepts any payment code.
"""

from __future__ import annotations

from cloud.payments.sandbox.app import create_sandbox_app, include_sandbox
from cloud.payments.sandbox.clock import ManualClock
from cloud.payments.sandbox.config import SandboxConfig
from cloud.payments.sandbox.state import Faults, Sandbox

__all__ = ["Faults", "ManualClock", "Sandbox", "SandboxConfig", "create_sandbox_app", "include_sandbox"]
