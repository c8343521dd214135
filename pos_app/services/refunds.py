"""Refunds: chosen lines (or the whole order) of a stored sale, back through the tenders that paid it.

A line's refund is its net: its share of the order's discounts and 抹零 was allocated to it at the sale,
so a partial refund gives back exactly what the customer paid for those lines. The money goes back
through the order's tenders in proportion to what each paid (the last refund of an order takes exactly
what is left on each): codes through the cloud with an out_refund_no made and written before the request
leaves, cash from the drawer, card on the external terminal. A manager approves; a line is refunded once.

`refund` writes the refund with its lines and parts first (so a second refund of the same line is refused
even while the first waits for the channel), then asks the cloud for each code's part. A refund whose
code part got no answer stays pending and is asked again with the same out_refund_no (`resume`); a part
the channel refuses fails the refund and frees its lines, and the manager is told why.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from pos_app.clock import Clock, to_storage
from pos_app.errors import InvalidInput, PosError, ShiftNotOpen
from pos_app.journal import REFUND
from pos_app.money import format_yuan
from pos_app.ports import PaymentGateway
from pos_app.scan_codes import PAYMENT_KINDS
from pos_app.services import outbox
from pos_app.services.auth import Approval, Cashier, OverrideAction
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.print_queue import DRAWER, new_job
from pos_app.services.receipts import TENDER_LABELS
from pos_app.services.shifts import require_open_shift
from pos_app.settings import ShopSettings
from pos_app.store.db import Store
from pos_app.store.models import (
    OrderLineRow,
    OrderRow,
    OrderVoidRow,
    PrintJobRow,
    RefundLineRow,
    RefundRow,
    RefundTenderRow,
    TenderRow,
)
from pos_app.sync_errors import SyncError

QR_KINDS = frozenset(kind.value for kind in PAYMENT_KINDS)
PENDING, DONE, FAILED = "pending", "done", "failed"
ASK_AGAIN = "云端暂无应答，退款将自动重试（同一退款单号，不会重复退款）"


@dataclass(frozen=True)
class RefundableLine:
    line_id: int
    name: str
    quantity_text: str
    net_fen: int
    refunded: bool


@dataclass(frozen=True)
class RefundPart:
    kind: str  # the tender's kind: cash, card, wechat, ...
    amount_fen: int
    state: str
    message: str = ""


@dataclass(frozen=True)
class RefundOutcome:
    refund_uuid: str
    order_no: str
    total_fen: int
    state: str  # done | pending | failed
    parts: tuple[RefundPart, ...]

    @property
    def cash_fen(self) -> int:
        """What the cashier takes out of the drawer for the customer."""
        return sum(p.amount_fen for p in self.parts if p.kind == "cash")

    def message(self) -> str:
        shares = "，".join(f"{_label(p.kind)} {format_yuan(p.amount_fen, '¥')}" for p in self.parts)
        if self.state == DONE:
            return f"订单 {self.order_no} 已退款 {format_yuan(self.total_fen, '¥')}（{shares}）"
        why = next((p.message for p in self.parts if p.message), "")
        if self.state == PENDING:
            return f"订单 {self.order_no} 退款 {format_yuan(self.total_fen, '¥')} 处理中：{why or ASK_AGAIN}"
        return f"订单 {self.order_no} 退款失败：{why}"


class RefundService:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Callable[[], ShopSettings],
        gateway: Callable[[], PaymentGateway],
        journal: FiscalLog,
    ) -> None:
        self._journal = journal
        self._store = store
        self._clock = clock
        self._settings = settings
        self._gateway = gateway

    def lines(self, order_uuid: str) -> list[RefundableLine]:
        """The order's paid lines, each marked when a refund (done or under way) already holds it."""
        with self._store.read() as session:
            order_id = _order_id(session.connection(), order_uuid)
            taken = _taken_lines(session.connection(), order_id)
            rows = session.scalars(
                select(OrderLineRow)
                .where(OrderLineRow.order_id == order_id, OrderLineRow.voided.is_(False))
                .order_by(OrderLineRow.line_no)
            )
            return [
                RefundableLine(
                    r.id,
                    r.name,
                    f"{r.quantity / 1000:.3f}kg" if r.unit == "kg" else str(r.quantity),
                    r.net_fen,
                    r.id in taken,
                )
                for r in rows
            ]

    def refund(
        self,
        order_uuid: str,
        line_ids: list[int] | None,
        cashier: Cashier,
        approval: Approval,
        reason: str,
    ) -> RefundOutcome:
        """line_ids None: every line not refunded yet. Blocks on the cloud for code parts: use a worker."""
        if approval.spent or approval.action is not OverrideAction.REFUND:
            raise InvalidInput("a manager must approve the refund", "退款需要店长授权")
        now = to_storage(self._clock.now())
        with self._store.transaction() as conn:
            refund_id = self._write(conn, order_uuid, line_ids, cashier, approval, reason, now)
        approval.spend(OverrideAction.REFUND)
        return self._send(refund_id)

    def pending(self) -> bool:
        with self._store.read() as session:
            return session.scalar(select(RefundRow.id).where(RefundRow.state == PENDING).limit(1)) is not None

    def resume(self) -> list[RefundOutcome]:
        """Asks again for every refund still pending (a lost answer, a crash): the same out_refund_no."""
        with self._store.read() as session:
            ids = list(session.scalars(select(RefundRow.id).where(RefundRow.state == PENDING)))
        return [self._send(refund_id) for refund_id in ids]

    # -- writing ------------------------------------------------------------------------------------------
    def _write(
        self,
        conn: Connection,
        order_uuid: str,
        line_ids: list[int] | None,
        cashier: Cashier,
        approval: Approval,
        reason: str,
        now: object,
    ) -> int:
        order_id = _order_id(conn, order_uuid)
        if conn.execute(select(OrderVoidRow.id).where(OrderVoidRow.order_id == order_id)).first():
            raise InvalidInput("a void order cannot be refunded", "该订单已作废，不能退款")
        paid = {
            r.id: r.net_fen
            for r in conn.execute(
                select(OrderLineRow.id, OrderLineRow.net_fen).where(
                    OrderLineRow.order_id == order_id, OrderLineRow.voided.is_(False)
                )
            )
        }
        taken = _taken_lines(conn, order_id)
        wanted = [i for i in paid if i not in taken] if line_ids is None else list(dict.fromkeys(line_ids))
        if not wanted:
            raise InvalidInput("every line of this order is already refunded", "该订单的商品已全部退款")
        for line_id in wanted:
            if line_id not in paid:
                raise InvalidInput("that line is not part of this order", "所选商品不属于该订单")
            if line_id in taken:
                raise InvalidInput("a line cannot be refunded twice", "所选商品已退过款，不能重复退款")
        total = sum(paid[i] for i in wanted)
        if total <= 0:
            raise InvalidInput("nothing to refund on these lines", "所选商品的实付金额为 0，无需退款")
        last = len(wanted) + len(taken) == len(paid)
        shares = _split(total, _tender_room(conn, order_id), exact=last)
        if any(kind == "cash" and amount > 0 for _, kind, amount in shares):
            require_open_shift(  # the cash leaves the open shift's drawer
                conn,
                ShiftNotOpen(
                    "Open a shift (count the drawer's float) before giving cash back",
                    "请先开班（输入钱箱备用金）再退现金",
                ),
            )
        refund_id = conn.execute(
            insert(RefundRow).returning(RefundRow.id),
            {
                "uuid": str(uuid.uuid4()),
                "order_id": order_id,
                "created_at": now,
                "cashier_id": cashier.id,
                "override_id": approval.override_id,
                "reason": reason.strip(),
                "total_fen": total,
                "state": PENDING,
                "message": "",
                "updated_at": now,
            },
        ).scalar_one()
        conn.execute(
            insert(RefundLineRow),
            [{"refund_id": refund_id, "order_line_id": i, "amount_fen": paid[i]} for i in wanted],
        )
        conn.execute(
            insert(RefundTenderRow),
            [
                {
                    "uuid": str(uuid.uuid4()),
                    "refund_id": refund_id,
                    "tender_id": tender_id,
                    "kind": kind,
                    "amount_fen": amount,
                    "out_refund_no": uuid.uuid4().hex if kind in QR_KINDS else None,
                    "reference": "",
                    "state": PENDING,  # cash and card are done once the codes' parts are
                    "message": "",
                    "updated_at": now,
                }
                for tender_id, kind, amount in shares
                if amount > 0
            ],
        )
        return int(refund_id)

    # -- the cloud ----------------------------------------------------------------------------------------
    def _send(self, refund_id: int) -> RefundOutcome:
        with self._store.read() as session:
            parts = session.execute(
                select(
                    RefundTenderRow.id,
                    RefundTenderRow.out_refund_no,
                    RefundTenderRow.amount_fen,
                    RefundRow.reason,
                    TenderRow.reference,
                )
                .join(TenderRow, TenderRow.id == RefundTenderRow.tender_id)
                .join(RefundRow, RefundRow.id == RefundTenderRow.refund_id)
                .where(RefundTenderRow.refund_id == refund_id, RefundTenderRow.state == PENDING)
                .where(RefundTenderRow.kind.in_(QR_KINDS))
            ).all()
        for part in parts:
            try:
                answer = self._gateway().refund(
                    part.reference, part.out_refund_no or "", part.amount_fen, part.reason or "退款"
                )
            except SyncError as exc:
                self._mark_part(part.id, PENDING, f"{ASK_AGAIN}（{exc}）")
                continue
            if answer.state == "refunded":
                self._mark_part(part.id, DONE, "")
            elif answer.state == "failed":
                self._mark_part(part.id, FAILED, answer.message or "支付通道拒绝退款")
            else:
                self._mark_part(part.id, PENDING, ASK_AGAIN)
        return self._conclude(refund_id)

    def _mark_part(self, part_id: int, state: str, message: str) -> None:
        with self._store.transaction() as conn:
            conn.execute(
                update(RefundTenderRow)
                .where(RefundTenderRow.id == part_id, RefundTenderRow.state == PENDING)
                .values(state=state, message=message, updated_at=to_storage(self._clock.now()))
            )

    def _conclude(self, refund_id: int) -> RefundOutcome:
        """Done when every code's part is (then the cash leaves the drawer, the card is refunded on the
        terminal, and the cloud hears of it); failed, its lines free again (_taken_lines skips it), when a
        code's part was refused and no other code's part moved money."""
        moment = self._clock.now()
        now = to_storage(moment)
        with self._store.transaction() as conn:
            refund = conn.execute(select(RefundRow).where(RefundRow.id == refund_id)).one()
            qr = [
                state
                for kind, state in conn.execute(
                    select(RefundTenderRow.kind, RefundTenderRow.state).where(
                        RefundTenderRow.refund_id == refund_id
                    )
                )
                if kind in QR_KINDS
            ]
            state = refund.state
            if state == PENDING and all(q == DONE for q in qr):
                state = DONE
            elif state == PENDING and FAILED in qr and PENDING not in qr and DONE not in qr:
                state = FAILED
            if state != refund.state:
                conn.execute(
                    update(RefundRow).where(RefundRow.id == refund_id).values(state=state, updated_at=now)
                )
                conn.execute(
                    update(RefundTenderRow)
                    .where(RefundTenderRow.refund_id == refund_id, RefundTenderRow.state == PENDING)
                    .values(state=state, updated_at=now)
                )
                if state == DONE:
                    event = outbox.add_refund(conn, refund_id)
                    self._journal.record(conn, REFUND, refund.uuid, event["refund"], moment)
                    has_cash = conn.execute(
                        select(RefundTenderRow.id).where(
                            RefundTenderRow.refund_id == refund_id, RefundTenderRow.kind == "cash"
                        )
                    ).first()
                    if has_cash and self._settings().printer_url:
                        conn.execute(insert(PrintJobRow), new_job(DRAWER, None, True, now))
            parts = conn.execute(
                select(
                    RefundTenderRow.kind,
                    RefundTenderRow.amount_fen,
                    RefundTenderRow.state,
                    RefundTenderRow.message,
                )
                .where(RefundTenderRow.refund_id == refund_id)
                .order_by(RefundTenderRow.id)
            ).all()
            order_no = conn.execute(
                select(OrderRow.order_no).where(OrderRow.id == refund.order_id)
            ).scalar_one()
        return RefundOutcome(
            refund.uuid,
            order_no,
            refund.total_fen,
            state,
            tuple(RefundPart(p.kind, p.amount_fen, p.state, p.message) for p in parts),
        )


def _order_id(conn: Connection, order_uuid: str) -> int:
    order_id = conn.execute(select(OrderRow.id).where(OrderRow.uuid == order_uuid)).scalar_one_or_none()
    if order_id is None:
        raise PosError(f"no order {order_uuid}", f"没有订单 {order_uuid}")
    return int(order_id)


def _taken_lines(conn: Connection, order_id: int) -> set[int]:
    """Lines held by a refund that is done or under way (a failed refund's lines were freed)."""
    return set(
        conn.execute(
            select(RefundLineRow.order_line_id)
            .join(RefundRow, RefundRow.id == RefundLineRow.refund_id)
            .where(RefundRow.order_id == order_id, RefundRow.state != FAILED)
        ).scalars()
    )


def _tender_room(conn: Connection, order_id: int) -> list[tuple[int, str, int]]:
    """(tender id, kind, what is left to refund on it), in the order they were taken."""
    refunded: dict[int, int] = {}
    for tender_id, amount in conn.execute(
        select(RefundTenderRow.tender_id, RefundTenderRow.amount_fen)
        .join(RefundRow, RefundRow.id == RefundTenderRow.refund_id)
        .where(RefundRow.order_id == order_id, RefundRow.state != FAILED)
    ):
        refunded[tender_id] = refunded.get(tender_id, 0) + amount
    return [
        (t.id, t.kind, t.amount_fen - refunded.get(t.id, 0))
        for t in conn.execute(
            select(TenderRow.id, TenderRow.kind, TenderRow.amount_fen)
            .where(TenderRow.order_id == order_id)
            .order_by(TenderRow.id)
        )
    ]


def _split(total: int, room: list[tuple[int, str, int]], *, exact: bool) -> list[tuple[int, str, int]]:
    """Shares of `total` in proportion to what each tender has left (largest remainder), never more than
    that; the order's last refund takes exactly what is left on each tender."""
    if exact:
        return [(t, kind, left) for t, kind, left in room]
    left_total = sum(left for _, _, left in room)
    if left_total < total:
        raise InvalidInput("the refund exceeds what was paid", "退款金额超过了该订单的实付金额")
    exact_shares = [(total * left, left_total) for _, _, left in room]
    shares = [num // den for num, den in exact_shares]
    by_remainder = sorted(range(len(room)), key=lambda i: -(exact_shares[i][0] % exact_shares[i][1]))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return [(t, kind, share) for (t, kind, _), share in zip(room, shares, strict=True)]


def _label(kind: str) -> str:
    return TENDER_LABELS.get(kind, kind)
