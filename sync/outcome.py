"""What one sync run did, as the window learns it from `pos-till sync --once --json` in another process.

The window syncs in a process of its own: the JSON parsing and catalog work of a sync would otherwise
take the interpreter's lock from the cashier's sale (measured: a sale's commit p95 went from 9 ms to
72 ms during a 100,000-product pull in a thread).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from pos_app.errors import PosError
from pos_app.sync_errors import ClockSkew, CloudUnreachable

if TYPE_CHECKING:  # the window reads outcomes; only the sync process makes them from a summary
    from sync.worker import SyncSummary


@dataclass(frozen=True)
class SyncOutcome:
    error: str = ""  # the reason in the cashier's language; empty when the run went through
    offline: bool = False  # the cloud could not be reached
    retry: bool = True  # worth trying again later (offline, a wrong clock); not for a revoked till
    pushed: int = 0
    products: int = 0
    cashiers: int = 0

    @property
    def ok(self) -> bool:
        return not self.error

    @classmethod
    def of(cls, summary: SyncSummary) -> SyncOutcome:
        error = summary.error
        return cls(
            error=str(error) if error else "",
            offline=isinstance(error, CloudUnreachable),
            retry=error is None or isinstance(error, CloudUnreachable | ClockSkew),
            pushed=summary.push.pushed,
            products=summary.pull.products,
            cashiers=summary.pull.cashiers,
        )

    @classmethod
    def failed(cls, error: PosError) -> SyncOutcome:
        """Not paired, credentials gone: nothing to retry until someone pairs the till."""
        return cls(error=str(error), retry=False)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SyncOutcome:
        return cls(**json.loads(text))
