"""Cashier accounts: PIN login with lock-out, and a manager's single-use approval of one action.

PIN hashes are peppered argon2id (pos_app.pin_hash); the pepper lives in a file outside the database.
Accounts made on this till use the till's own pepper; accounts pulled from the merchant's cloud (origin
"cloud") were hashed there with the merchant's pepper, which the till keeps in its own file once paired.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import select

from pos_app.clock import Clock, from_storage, to_storage
from pos_app.errors import AccountLocked, InvalidInput, NotAuthorized, WrongPin
from pos_app.i18n import pick
from pos_app.journal import OVERRIDE
from pos_app.pin_hash import hash_pin, pin_matches
from pos_app.services import outbox
from pos_app.services.fiscal_log import FiscalLog
from pos_app.store.db import Store
from pos_app.store.models import CashierRow, OverrideRow

MAX_ATTEMPTS = 5
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(hours=1)
LOCAL, CLOUD = "local", "cloud"  # CashierRow.origin


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"


class OverrideAction(StrEnum):
    """Restricted actions: each needs a manager's PIN, once, with a reason."""

    VOID_ORDER = "void_order"
    DISCOUNT_OVER_LIMIT = "discount_over_limit"
    PRICE_OVERRIDE = "price_override"
    OPEN_PRICE = "open_price"
    NO_SALE_DRAWER = "no_sale_drawer"
    CHANGE_SETTINGS = "change_settings"
    REFUND = "refund"
    VIEW_REPORTS = "view_reports"  # the manager screen: the day's figures and orders
    CLOSE_DAY = "close_day"  # 日结 from the manager screen when a cashier, not a manager, is logged in

    def label(self) -> str:
        return pick(*_ACTION_LABELS[self])


_ACTION_LABELS = {
    OverrideAction.VOID_ORDER: ("Void a completed order", "作废已完成订单"),
    OverrideAction.DISCOUNT_OVER_LIMIT: ("Discount above the limit", "超出权限的折扣"),
    OverrideAction.PRICE_OVERRIDE: ("Price change", "改价"),
    OverrideAction.OPEN_PRICE: ("Open-price item", "手工录入商品"),
    OverrideAction.NO_SALE_DRAWER: ("Open the drawer with no sale", "无销售开钱箱"),
    OverrideAction.CHANGE_SETTINGS: ("Change the shop settings", "修改店铺设置"),
    OverrideAction.REFUND: ("Refund", "退款"),
    OverrideAction.VIEW_REPORTS: ("Open the reports", "查看报表"),
    OverrideAction.CLOSE_DAY: ("Close the business day (Z report)", "日结（Z 报表）"),
}


@dataclass(frozen=True)
class Cashier:
    id: int
    name: str
    role: Role

    @property
    def is_manager(self) -> bool:
        return self.role is Role.MANAGER


@dataclass
class Approval:
    """A manager's yes to one action; spent when the action is done, so it cannot be used twice."""

    override_id: int
    action: OverrideAction
    manager: Cashier
    reason: str
    spent: bool = field(default=False)

    def spend(self, action: OverrideAction) -> None:
        if self.spent or self.action is not action:
            raise NotAuthorized(
                "this approval was already used or is for another action", "该授权已使用或不适用于此操作"
            )
        self.spent = True


class AuthService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        pepper: bytes,
        journal: FiscalLog,
        merchant_pepper: Callable[[], bytes | None] = lambda: None,
    ) -> None:
        self._store = store
        self._clock = clock
        self._journal = journal
        self._pepper = pepper
        self._merchant_pepper = merchant_pepper  # read when needed: pairing writes it while the till runs

    def hash_pin(self, pin: str) -> str:
        return hash_pin(self._pepper, pin)

    def create(self, name: str, role: Role, pin: str) -> Cashier:
        name = name.strip()
        if not name:
            raise InvalidInput("a cashier needs a name", "收银员姓名不能为空")
        pin_hash = self.hash_pin(pin)
        with self._store.unit_of_work() as session:
            if session.scalar(select(CashierRow.id).where(CashierRow.name == name)) is not None:
                raise InvalidInput(f"there is already a cashier called {name}", f"已有名为 {name} 的收银员")
            row = CashierRow(name=name, role=role.value, pin_hash=pin_hash, failed_attempts=0, active=True)
            session.add(row)
            session.flush()
            return Cashier(row.id, row.name, role)

    def cashiers(self) -> list[Cashier]:
        with self._store.read() as session:
            rows = session.scalars(select(CashierRow).where(CashierRow.active).order_by(CashierRow.id))
            return [Cashier(r.id, r.name, Role(r.role)) for r in rows]

    def cashier(self, cashier_id: int) -> Cashier:
        """Anyone who ever worked here, retired or not (a sale finished after a restart keeps its cashier)."""
        with self._store.read() as session:
            row = session.get(CashierRow, cashier_id)
            if row is None:
                raise InvalidInput(f"no cashier {cashier_id}", f"没有编号为 {cashier_id} 的收银员")
            return Cashier(row.id, row.name, Role(row.role))

    def managers(self) -> list[Cashier]:
        return [c for c in self.cashiers() if c.is_manager]

    def login(self, cashier_id: int, pin: str) -> Cashier:
        """Checks the PIN; wrong ones count towards a lock that grows with every further failure."""
        now = self._clock.now()
        with self._store.unit_of_work() as session:
            row = session.get(CashierRow, cashier_id)
            if row is None or not row.active:
                raise NotAuthorized("unknown cashier", "未知的收银员")
            if row.locked_until is not None and from_storage(row.locked_until) > now:
                left = from_storage(row.locked_until) - now
                raise AccountLocked(from_storage(row.locked_until), int(left.total_seconds()) + 1)
            if self._verify(row, pin):
                row.failed_attempts = 0
                row.locked_until = None
                return Cashier(row.id, row.name, Role(row.role))
            row.failed_attempts += 1
            over = row.failed_attempts - MAX_ATTEMPTS
            if over >= 0:
                lock = min(FIRST_LOCK * (2**over), LONGEST_LOCK)
                row.locked_until = to_storage(now + lock)
                error: Exception = AccountLocked(now + lock, int(lock.total_seconds()))
            else:
                error = WrongPin(-over)
        raise error  # raised after the commit, so the failed attempt is counted

    def _verify(self, row: CashierRow, pin: str) -> bool:
        if row.origin != CLOUD:
            return pin_matches(self._pepper, row.pin_hash, pin)
        pepper = self._merchant_pepper()
        if pepper is None:
            raise NotAuthorized(
                f"{row.name}'s account comes from the cloud, but the merchant's key file is missing; "
                "pair the till again",
                f"{row.name} 的账号来自云端，但商户密钥文件丢失，请重新绑定收银台",
            )
        return pin_matches(pepper, row.pin_hash, pin)

    def authorize(
        self,
        manager_id: int,
        pin: str,
        action: OverrideAction,
        reason: str,
        cashier: Cashier | None,
        detail: str = "",
        order_uuid: str | None = None,
    ) -> Approval:
        """A manager's own PIN approves one action; the approval is recorded with who, what and why.

        The record and its outbox event for the cloud are written in one transaction.
        """
        if not reason.strip():
            raise InvalidInput("say why the override is needed", "请填写授权原因")
        manager = self.login(manager_id, pin)
        if not manager.is_manager:
            raise NotAuthorized(f"{manager.name} is not a manager", f"{manager.name} 不是店长，无权授权")
        now = self._clock.now()
        with self._store.unit_of_work() as session:
            row = OverrideRow(
                created_at=to_storage(now),
                action=action.value,
                manager_id=manager.id,
                cashier_id=cashier.id if cashier else None,
                reason=reason.strip(),
                detail=detail,
                order_uuid=order_uuid,
            )
            session.add(row)
            session.flush()
            event = outbox.add_override(session.connection(), row.id)
            self._journal.record(session.connection(), OVERRIDE, row.uuid, event["override"], now)
            return Approval(row.id, action, manager, reason.strip())
