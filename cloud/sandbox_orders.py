"""The payments sandbox's orders kept in the cloud's database (`serve --sandbox`, demo only), so a demo
shop's payments can be queried and refunded after the service restarts (cloud/payments/sandbox/engine.py).

Written behind: an order that changed waits in memory and a thread writes what changed every half second,
in one transaction, without waiting for the disk, and once more when the service stops. The sandbox plays a
payment channel inside the service, and a channel's bookkeeping is no cost of the service's: written at
each call, it took a third of the service's throughput in benchmarks/bench_cloud_pay.py. A demo's order
lost to a power cut within that half second costs nothing.
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from cloud.db import Database
from cloud.payment_models import SandboxOrderRow
from pos_app.clock import Clock

log = logging.getLogger(__name__)
FLUSH_EVERY_S = 0.5


class SandboxOrders:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._changed: dict[tuple[str, str], dict[str, Any]] = {}  # (book, key) -> the newest state
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._writer = threading.Thread(target=self._write_behind, name="sandbox-orders", daemon=True)
        self._writer.start()

    def book(self, name: str) -> BookOrders:
        """The OrderKeeper of one order book ("wechat", "alipay" or "generic")."""
        return BookOrders(self, name)

    def load(self, book: str) -> list[dict[str, Any]]:
        with self._db.read() as conn:
            states = conn.scalars(select(SandboxOrderRow.state).where(SandboxOrderRow.book == book))
            return [json.loads(state) for state in states]

    def save(self, book: str, key: str, state: dict[str, Any]) -> None:
        with self._lock:
            self._changed[(book, key)] = state

    def close(self) -> None:
        """Writes what is still waiting and stops the thread."""
        self._stop.set()
        self._writer.join()
        self.flush()

    def flush(self) -> None:
        with self._lock:
            changed, self._changed = self._changed, {}
        if not changed:
            return
        now = self._clock.now()
        rows = [
            {"book": book, "key": key, "state": json.dumps(state, ensure_ascii=False), "updated_at": now}
            for (book, key), state in changed.items()
        ]
        upsert = (sqlite.insert if self._db.is_sqlite else postgresql.insert)(SandboxOrderRow)
        upsert = upsert.on_conflict_do_update(
            index_elements=["book", "key"],
            set_={"state": upsert.excluded.state, "updated_at": upsert.excluded.updated_at},
        )
        try:
            with self._db.write(durable=False) as conn:
                conn.execute(upsert, rows)
        except SQLAlchemyError:
            with self._lock:  # kept for the next try, unless the order changed again meanwhile
                self._changed = {**changed, **self._changed}
            raise

    def _write_behind(self) -> None:
        while not self._stop.wait(FLUSH_EVERY_S):
            try:
                self.flush()
            except SQLAlchemyError as exc:  # the database is away for a moment: write it next time
                log.warning("the sandbox's orders were not written: %s", exc)


class BookOrders:
    def __init__(self, orders: SandboxOrders, book: str) -> None:
        self._orders = orders
        self._book = book

    def load(self) -> list[dict[str, Any]]:
        return self._orders.load(self._book)

    def save(self, key: str, state: dict[str, Any]) -> None:
        self._orders.save(self._book, key, state)
