"""One running sandbox: its configuration, clock, an order book per wire protocol, and the test faults.

Faults are not scenarios: a scenario is chosen by the payment code and plays the same in a demo; a fault
is switched on by a test in the same process to break the sandbox itself (a tampered answer signature).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cloud.payments.sandbox.config import SandboxConfig
from cloud.payments.sandbox.engine import OrderBook, OrderKeeper
from pos_app.clock import Clock, SystemClock


@dataclass
class Faults:
    tamper_signatures: bool = False  # every answer's signature is corrupted before it leaves


def tamper(signature: str) -> str:
    """The same signature with one character changed: well-formed, and wrong."""
    if not signature:
        return "0"
    last = signature[-1]
    return signature[:-1] + ("0" if last != "0" else "1")  # a digit: differs in any letter case


@dataclass
class Sandbox:
    config: SandboxConfig
    clock: Clock = field(default_factory=SystemClock)
    faults: Faults = field(default_factory=Faults)
    keeper: Callable[[str], OrderKeeper] | None = None  # each book's keeper, by the book's name
    wechat: OrderBook = field(init=False)
    alipay: OrderBook = field(init=False)
    generic: OrderBook = field(init=False)

    def __post_init__(self) -> None:
        keep = self.keeper
        self.wechat = OrderBook(self.clock, "4200", keep("wechat") if keep else None)
        self.alipay = OrderBook(self.clock, "2026", keep("alipay") if keep else None)
        self.generic = OrderBook(self.clock, "78", keep("generic") if keep else None)
