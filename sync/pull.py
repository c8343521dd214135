"""Pulling what the cloud is master of, by version cursor: the catalog and the cashier accounts.

Each page is applied in one transaction together with its cursor, so an interrupted pull resumes where it
stopped and a page is never half applied (sync.catalog_apply writes a catalog page). Once the whole
catalog has arrived the first time after pairing, local products the cloud does not have are deactivated;
until that first pull completes it restarts from the beginning, since the set of products seen is only
known within one run.

Cashiers are matched by UUID and marked origin "cloud" (their PIN hashes use the merchant's pepper). Once
an active cloud manager exists, the accounts made on the till itself are deactivated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from pos_app.clock import Clock, to_storage
from pos_app.pinyin import initials
from pos_app.ports import JsonObject, SyncTransport
from pos_app.services.auth import CLOUD, LOCAL, Role
from pos_app.services.cashier_activity import CashierActivity
from pos_app.services.sync_state import state_row
from pos_app.store.db import Store
from pos_app.store.models import CashierRow, SyncStateRow
from pos_app.sync_errors import CloudProtocolError, SyncError
from sync.catalog_apply import apply_products, deactivate_unseen, drop_quick_keys_of_inactive
from sync.protocol import MAX_PULL_PAGE, Cashier, CashierPage, CatalogPage

Page = TypeVar("Page", bound=BaseModel)


@dataclass
class PullReport:
    products: int = 0
    cashiers: int = 0
    deactivated_products: int = 0  # local products the cloud does not have (first pull only)
    deactivated_cashiers: int = 0  # accounts made on the till, once a cloud manager exists
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (product uuid, why it cannot be sold)
    error: SyncError | None = None


CHUNK = 500  # products per transaction: the write lock is held for milliseconds at a time


class Pull:
    def __init__(
        self,
        store: Store,
        transport: SyncTransport,
        clock: Clock,
        page_size: int = MAX_PULL_PAGE,
        activity: CashierActivity | None = None,
    ) -> None:
        self._store = store
        self._transport = transport
        self._clock = clock
        self._page_size = page_size
        self._activity = activity

    def run(self) -> PullReport:
        """The catalog, then the cashiers; stops at the first failure, keeping every page applied so far."""
        report = PullReport()
        try:
            self.catalog(report)
            self.cashiers(report)
        except SyncError as exc:
            report.error = exc
        return report

    # -- the catalog ------------------------------------------------------------------------------------
    def catalog(self, report: PullReport) -> None:
        with self._store.unit_of_work() as session:
            state = state_row(session)
            mastered, stored = state.catalog_mastered, state.catalog_cursor
        seen: set[str] | None = None if mastered else set()  # cloud UUIDs received in the first pull
        after = stored if mastered else 0
        while True:
            self._quiet()
            page = self._page(CatalogPage, "catalog", after)
            chunks = [page.products[i : i + CHUNK] for i in range(0, len(page.products), CHUNK)] or [[]]
            for n, chunk in enumerate(chunks, 1):
                last = n == len(chunks)
                cursor = page.next_cursor if last else chunk[-1].version  # pages are in version order
                names = {p.name: initials(p.name) for p in chunk}  # the CPU part, outside the write lock
                self._quiet()
                now = to_storage(self._clock.now())
                with self._store.transaction() as conn:
                    if not _cursor_still(conn, SyncStateRow.catalog_cursor, stored):
                        return  # another sync run got ahead of this one; it carries on
                    applied = apply_products(conn, chunk, now, seen, names)
                    report.products += applied.applied
                    report.skipped += applied.skipped
                    # an empty cloud catalog is a merchant who has not loaded one yet, not an order to
                    # stop selling: the till keeps its own until the first pull that brings products
                    finished_first = seen is not None and last and not page.has_more and bool(seen)
                    if finished_first:
                        assert seen is not None
                        report.deactivated_products += deactivate_unseen(conn, seen, now)
                    drop_quick_keys_of_inactive(conn)
                    conn.execute(
                        update(SyncStateRow)
                        .where(SyncStateRow.id == 1)
                        .values(catalog_cursor=cursor, catalog_mastered=mastered or finished_first)
                    )
                stored = cursor
            after = page.next_cursor
            if not page.has_more:
                return

    def _quiet(self) -> None:
        """Bulk writes wait while a cashier is at work, so a sale's commit never queues behind them."""
        if self._activity is not None:
            self._activity.wait_for_quiet()

    # -- the cashiers -----------------------------------------------------------------------------------
    def cashiers(self, report: PullReport) -> None:
        with self._store.unit_of_work() as session:
            after = state_row(session).cashier_cursor
        while True:
            page = self._page(CashierPage, "cashiers", after)
            with self._store.unit_of_work() as session:
                if not _cursor_still(session.connection(), SyncStateRow.cashier_cursor, after):
                    return
                for cashier in page.cashiers:
                    _upsert_cashier(session, cashier)
                report.cashiers += len(page.cashiers)
                report.deactivated_cashiers += _retire_local_accounts(session)
                session.execute(
                    update(SyncStateRow).where(SyncStateRow.id == 1).values(cashier_cursor=page.next_cursor)
                )
            after = page.next_cursor
            if not page.has_more:
                return

    def _page(self, model: type[Page], feed: str, after: int) -> Page:
        answer: JsonObject = self._transport.pull(feed, after, self._page_size)
        try:
            page = model.model_validate(answer)
        except ValidationError as exc:
            raise CloudProtocolError(f"{feed} page: {exc.error_count()} bad fields") from None
        if getattr(page, "has_more", False) and getattr(page, "next_cursor", 0) <= after:
            raise CloudProtocolError(f"the {feed} cursor did not move past {after}")
        return page


def _cursor_still(conn: Connection, cursor: InstrumentedAttribute[int], expected: int) -> bool:
    """Takes the write lock first, so two sync runs (the window's and the CLI's) never apply a page side by
    side, then checks the cursor is still where this run left it."""
    conn.execute(update(SyncStateRow).where(SyncStateRow.id == 1).values({cursor: cursor}))
    return conn.execute(select(cursor).where(SyncStateRow.id == 1)).scalar_one() == expected


def _upsert_cashier(session: Session, cashier: Cashier) -> None:
    uuid = str(cashier.uuid)
    row = session.scalar(select(CashierRow).where(CashierRow.uuid == uuid))
    _free_name(session, cashier.name, keep=row)
    if row is None:
        row = CashierRow(uuid=uuid, failed_attempts=0, locked_until=None)
        session.add(row)
    row.name = cashier.name
    row.role = Role(cashier.role).value
    row.pin_hash = cashier.pin_hash
    row.active = cashier.active
    row.origin = CLOUD
    session.flush()


def _free_name(session: Session, name: str, keep: CashierRow | None) -> None:
    """Names are unique on the till: another account holding this one is renamed, not lost."""
    holder = session.scalar(select(CashierRow).where(CashierRow.name == name))
    if holder is None or holder is keep:
        return
    suffix = "（本机）" if holder.origin == LOCAL else f"#{holder.id}"
    candidate = holder.name[: 64 - len(suffix)] + suffix
    if session.scalar(select(CashierRow.id).where(CashierRow.name == candidate)) is not None:
        candidate = holder.name[: 64 - len(suffix) - 12] + f"{suffix}#{holder.id}"
    holder.name = candidate
    session.flush()


def _retire_local_accounts(session: Session) -> int:
    """Once the cloud has an active manager, accounts made on the till stop working."""
    has_manager = session.scalar(
        select(CashierRow.id)
        .where(CashierRow.origin == CLOUD, CashierRow.role == Role.MANAGER.value, CashierRow.active)
        .limit(1)
    )
    if has_manager is None:
        return 0
    result = session.execute(
        update(CashierRow).where(CashierRow.origin == LOCAL, CashierRow.active).values(active=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
