"""Shifts (班次): opened with a cash float, cash paid in and out with a reason, closed by counting the drawer.

A till has at most one open shift (a ShiftRow without its ShiftCloseRow); money moves in or out of the
drawer only while one is open (`require_open_shift`, called by the sale, the void and a cash refund in
their own transactions). Each step writes its record and its journal entry in one transaction, the
record first. The close compares the cash counted by denomination with the cash the drawer should hold
(`drawer`); with blind close (ShopSettings.blind_close) the cashier counts without seeing that figure,
and only the manager's views (`recent`, the X and Z reports) show the over or short.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import aliased

from pos_app.clock import Clock, from_storage, local_time, to_storage
from pos_app.errors import InvalidInput, ShiftAlreadyOpen, ShiftNotOpen
from pos_app.journal import CASH_MOVEMENT, SHIFT_CLOSE, SHIFT_OPEN, canonical
from pos_app.money import format_yuan
from pos_app.reports import DENOMINATIONS_FEN, CashSummary
from pos_app.services.auth import Cashier
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.shift_drawer import PAY_IN, PAY_OUT, drawer_of, load_shift, open_shifts
from pos_app.settings import ShopSettings
from pos_app.store import lean
from pos_app.store.db import Store
from pos_app.store.models import (
    CashierRow,
    CashMovementRow,
    ShiftCloseRow,
    ShiftRow,
    new_uuid,
)

MAX_CASH_FEN = 100_000_00  # a float, pay-in or pay-out: at most 100,000 yuan
MAX_PIECES = 99_999  # notes or coins of one denomination at a close
MAX_REASON = 120
_NO_SHIFT_FOR_CASH = (
    "Open a shift (count the drawer's float) before putting cash in or taking it out",
    "请先开班（输入钱箱备用金）再存取现金",
)
_NO_SHIFT_TO_CLOSE = ("There is no open shift to close", "当前没有未交班的班次")
_NO_SHIFT = ("There is no open shift on this till", "本机当前没有未交班的班次")


@dataclass(frozen=True)
class ShiftView:
    """The open shift as the cashier sees it; `expected_fen` is None under blind close."""

    uuid: str
    opened_at: datetime  # aware UTC
    opened_by: str
    float_fen: int
    pay_in_fen: int
    pay_out_fen: int
    expected_fen: int | None
    blind: bool  # the close will be blind: the screens show no expected figure

    def over_short_fen(self, counted_fen: int) -> int | None:
        """What a count would come to over (+, 长款) or short (−, 短款); None under blind close."""
        return None if self.expected_fen is None else counted_fen - self.expected_fen


@dataclass(frozen=True)
class ShiftClosed:
    """What a close recorded. Under blind close the cashier is shown `counted_fen` only."""

    shift_uuid: str
    closed_at: datetime
    counted_fen: int
    expected_fen: int
    blind: bool

    @property
    def over_short_fen(self) -> int:
        """Positive: more cash than expected (over, 长款); negative: short (短款)."""
        return self.counted_fen - self.expected_fen


@dataclass(frozen=True)
class ClosedShift:
    """A closed shift with its figures, for the manager (shift history, X and Z reports)."""

    uuid: str
    opened_at: datetime
    opened_by: str
    float_fen: int
    closed_at: datetime
    closed_by: str
    counts: dict[int, int]  # fen per note or coin -> pieces counted
    counted_fen: int
    expected_fen: int
    blind: bool

    @property
    def over_short_fen(self) -> int:
        return self.counted_fen - self.expected_fen


def counted_fen(counts: Mapping[int, int]) -> int:
    """Σ denomination × pieces; an unknown denomination or a negative count is refused."""
    total = 0
    for denomination, pieces in counts.items():
        if denomination not in DENOMINATIONS_FEN:
            raise InvalidInput(
                f"{format_yuan(denomination)} yuan is not a note or coin the till counts",
                f"{format_yuan(denomination)} 元不是可清点的纸币或硬币面额",
            )
        if isinstance(pieces, bool) or not isinstance(pieces, int) or not 0 <= pieces <= MAX_PIECES:
            raise InvalidInput(
                f"the count of {format_yuan(denomination)} yuan must be a whole number 0 to {MAX_PIECES}",
                f"{format_yuan(denomination)} 元的张数/枚数须为 0 到 {MAX_PIECES} 的整数",
            )
        total += denomination * pieces
    return total


def require_open_shift(conn: Connection, error: ShiftNotOpen | None = None) -> int:
    """The open shift's id, read in the caller's transaction; raises ShiftNotOpen without one.

    Only the newest shift can be open (a second one is refused while one is), so one indexed look-up
    answers it, cheap enough for every sale's commit.
    """
    shift_id = _open_shift_id(conn)
    if shift_id is None:
        raise error or ShiftNotOpen()
    return shift_id


# The newest shift and its close, if any: read at every sale, so a lean statement.
_NEWEST_SHIFT = (
    "SELECT s.id, c.id FROM shifts s LEFT JOIN shift_closes c ON c.shift_id = s.id ORDER BY s.id DESC LIMIT 1"
)


def _open_shift_id(conn: Connection) -> int | None:
    newest = lean.rows(conn, _NEWEST_SHIFT)
    return int(newest[0][0]) if newest and newest[0][1] is None else None


class ShiftService:
    def __init__(
        self, store: Store, clock: Clock, settings: Callable[[], ShopSettings], journal: FiscalLog
    ) -> None:
        self._store = store
        self._clock = clock
        self._settings = settings
        self._journal = journal

    # -- reading --------------------------------------------------------------------------------------
    def is_open(self) -> bool:
        with self._store.read() as session:
            return _open_shift_id(session.connection()) is not None

    def current(self) -> ShiftView | None:
        """The open shift, or None."""
        blind = self._settings().blind_close
        with self._store.read() as session:
            conn = session.connection()
            shift_id = _open_shift_id(conn)
            if shift_id is None:
                return None
            shift = load_shift(conn, shift_id)
            cash = drawer_of(conn, shift)
        return ShiftView(
            shift.uuid,
            from_storage(shift.opened_at),
            shift.opened_by,
            shift.float_fen,
            cash.pay_in_fen,
            cash.pay_out_fen,
            None if blind else cash.expected_fen,
            blind,
        )

    def drawer(self, shift_uuid: str | None = None) -> CashSummary:
        """The cash the drawer should hold over a shift (the open one by default), for the manager.

        expected = float
                 + cash taken by the shift's sales (the cash tenders' amount_fen, already net of change)
                 − cash given back by the shift's voids (the voided orders' cash tenders; a void is only
                   allowed on an order paid entirely in cash)
                 − the cash parts of the shift's refunds that are done
                 + pay-ins − pay-outs (CashMovementRow of the shift).
        A sale, void or refund belongs to the shift its journal entry falls in: after the shift's
        shift_open entry and before its shift_close entry, by sequence number. The journal's order is the
        order the records were committed in, so an event is counted in exactly one shift even when two
        happen in the same clock tick or the clock is set back; a refund counts when it is done (its
        journal entry), which is when its cash leaves the drawer. Card and payment-code tenders never
        touch the drawer. `counted_fen` is the count at the close, None while the shift is open.
        """
        with self._store.read() as session:
            conn = session.connection()
            if shift_uuid is None:
                shift_id = require_open_shift(conn, ShiftNotOpen(*_NO_SHIFT))
            else:
                found = conn.execute(select(ShiftRow.id).where(ShiftRow.uuid == shift_uuid)).scalar()
                if found is None:
                    raise InvalidInput(f"no shift {shift_uuid}", f"没有班次 {shift_uuid}")
                shift_id = int(found)
            return drawer_of(conn, load_shift(conn, shift_id))

    def expected_cash(self, shift_uuid: str | None = None) -> int:
        """What the drawer should hold now (or held at the close): see `drawer` for the rule."""
        return self.drawer(shift_uuid).expected_fen

    def recent(self, limit: int = 20) -> list[ClosedShift]:
        """Closed shifts, newest first, with the figures recorded at their close."""
        opener, closer = aliased(CashierRow), aliased(CashierRow)
        query = (
            select(ShiftRow, ShiftCloseRow, opener.name, closer.name)
            .join(ShiftCloseRow, ShiftCloseRow.shift_id == ShiftRow.id)
            .join(opener, opener.id == ShiftRow.cashier_id)
            .join(closer, closer.id == ShiftCloseRow.cashier_id)
            .order_by(ShiftRow.id.desc())
            .limit(limit)
        )
        with self._store.read() as session:
            return [
                ClosedShift(
                    shift.uuid,
                    from_storage(shift.opened_at),
                    opened_by,
                    shift.float_fen,
                    from_storage(close.closed_at),
                    closed_by,
                    _parse_counts(close.counts_json),
                    close.counted_fen,
                    close.expected_fen,
                    close.blind,
                )
                for shift, close, opened_by, closed_by in session.execute(query)
            ]

    # -- writing --------------------------------------------------------------------------------------
    def open(self, cashier: Cashier, float_fen: int) -> ShiftView:
        """开班 with the float counted into the drawer; refused while another shift is open."""
        _check_amount(float_fen, "float", "备用金", zero_ok=True)
        now = self._clock.now()
        with self._store.transaction() as conn:
            who = _cashier(conn, cashier.id)
            day = self._journal.day(conn, now)
            shift_uuid = new_uuid()
            shift_id = conn.execute(
                insert(ShiftRow).returning(ShiftRow.id),
                {
                    "uuid": shift_uuid,
                    "opened_at": to_storage(now),
                    "cashier_id": cashier.id,
                    "float_fen": float_fen,
                    "business_day": day,
                },
            ).scalar_one()
            # Checked after the insert, which holds the write lock: no other process can open one between.
            other = conn.execute(
                open_shifts().where(ShiftRow.id != shift_id).order_by(ShiftRow.id).limit(1)
            ).first()
            if other is not None:
                shift = load_shift(conn, other.id)
                opened = local_time(shift.opened_at, self._settings().timezone)
                raise ShiftAlreadyOpen(shift.opened_by, f"{opened:%Y-%m-%d %H:%M}")
            data = {
                "uuid": shift_uuid,
                "opened_at": now.isoformat(),
                "cashier": who,
                "float_fen": float_fen,
            }
            self._journal.record(conn, SHIFT_OPEN, shift_uuid, data, now, day)
        view = self.current()
        assert view is not None
        return view

    def pay_in(self, cashier: Cashier, amount_fen: int, reason: str) -> CashSummary:
        """存入现金: cash put into the drawer (more change, say); returns the drawer's figures after it."""
        return self._move(cashier, PAY_IN, amount_fen, reason)

    def pay_out(self, cashier: Cashier, amount_fen: int, reason: str) -> CashSummary:
        """取出现金: cash taken out (a supplier paid, a bank deposit); never more than the drawer holds."""
        return self._move(cashier, PAY_OUT, amount_fen, reason)

    def _move(self, cashier: Cashier, kind: str, amount_fen: int, reason: str) -> CashSummary:
        _check_amount(amount_fen, "amount", "金额", zero_ok=False)
        reason = reason.strip()
        if not reason:
            raise InvalidInput("say why the cash goes in or out", "请填写存取现金的原因")
        if len(reason) > MAX_REASON:
            raise InvalidInput(
                f"the reason is too long ({MAX_REASON} characters at most)",
                f"原因过长（最多 {MAX_REASON} 字）",
            )
        now = self._clock.now()
        with self._store.transaction() as conn:
            shift_id = require_open_shift(conn, ShiftNotOpen(*_NO_SHIFT_FOR_CASH))
            who = _cashier(conn, cashier.id)
            movement_uuid = new_uuid()
            conn.execute(
                insert(CashMovementRow),
                {
                    "uuid": movement_uuid,
                    "shift_id": shift_id,
                    "created_at": to_storage(now),
                    "cashier_id": cashier.id,
                    "kind": kind,
                    "amount_fen": amount_fen,
                    "reason": reason,
                },
            )
            shift = load_shift(conn, shift_id)
            cash = drawer_of(conn, shift)
            if cash.expected_fen < 0:  # only a pay-out can take it below zero
                raise _more_than_drawer(amount_fen, cash.expected_fen + amount_fen, self._settings())
            data = {
                "uuid": movement_uuid,
                "shift_uuid": shift.uuid,
                "kind": kind,
                "amount_fen": amount_fen,
                "reason": reason,
                "created_at": now.isoformat(),
                "cashier": who,
            }
            self._journal.record(conn, CASH_MOVEMENT, movement_uuid, data, now)
        return cash

    def close(self, cashier: Cashier, counts: Mapping[int, int]) -> ShiftClosed:
        """交班: the drawer counted by denomination against what it should hold; nothing is written when
        a count is refused."""
        counted = counted_fen(counts)
        kept = {d: counts[d] for d in DENOMINATIONS_FEN if counts.get(d)}
        counts_json = canonical({str(d): n for d, n in kept.items()}).decode()
        blind = self._settings().blind_close
        now = self._clock.now()
        with self._store.transaction() as conn:
            shift_id = require_open_shift(conn, ShiftNotOpen(*_NO_SHIFT_TO_CLOSE))
            who = _cashier(conn, cashier.id)
            shift = load_shift(conn, shift_id)
            expected = drawer_of(conn, shift).expected_fen
            close_uuid = new_uuid()
            conn.execute(
                insert(ShiftCloseRow),
                {
                    "uuid": close_uuid,
                    "shift_id": shift_id,
                    "closed_at": to_storage(now),
                    "cashier_id": cashier.id,
                    "counts_json": counts_json,
                    "counted_fen": counted,
                    "expected_fen": expected,
                    "blind": blind,
                },
            )
            data = {
                "uuid": close_uuid,
                "shift_uuid": shift.uuid,
                "closed_at": now.isoformat(),
                "cashier": who,
                "counts": {str(d): n for d, n in kept.items()},
                "counted_fen": counted,
                "expected_fen": expected,
                "over_short_fen": counted - expected,
                "blind": blind,
            }
            self._journal.record(conn, SHIFT_CLOSE, close_uuid, data, now)
        return ShiftClosed(shift.uuid, now, counted, expected, blind)


def _cashier(conn: Connection, cashier_id: int) -> dict[str, str]:
    """Who did it, as the journal names a person: the account's uuid and name."""
    row = conn.execute(select(CashierRow.uuid, CashierRow.name).where(CashierRow.id == cashier_id)).first()
    if row is None:
        raise InvalidInput(f"no cashier {cashier_id}", f"没有收银员 {cashier_id}")
    return {"uuid": row.uuid, "name": row.name}


def _check_amount(fen: int, en: str, zh: str, *, zero_ok: bool) -> None:
    low = 0 if zero_ok else 1
    if isinstance(fen, bool) or not isinstance(fen, int) or not low <= fen <= MAX_CASH_FEN:
        least = "0" if zero_ok else "0.01"
        raise InvalidInput(
            f"the {en} must be {least} to {format_yuan(MAX_CASH_FEN)} yuan",
            f"{zh}须在 {least} 到 {format_yuan(MAX_CASH_FEN)} 元之间",
        )


def _more_than_drawer(amount_fen: int, drawer_fen: int, settings: ShopSettings) -> InvalidInput:
    """Under blind close the refusal names no figure: the drawer's cash is what the cashier will count."""
    if settings.blind_close:
        return InvalidInput(
            f"{format_yuan(amount_fen)} yuan is more than the cash the drawer should hold",
            f"取出 {format_yuan(amount_fen)} 元超过了钱箱应有的现金",
        )
    return InvalidInput(
        f"{format_yuan(amount_fen)} yuan is more than the {format_yuan(drawer_fen)} yuan the drawer should hold",
        f"取出 {format_yuan(amount_fen)} 元超过了钱箱应有的现金 {format_yuan(drawer_fen)} 元",
    )


def _parse_counts(counts_json: str) -> dict[int, int]:
    return {int(d): int(n) for d, n in json.loads(counts_json).items()}
