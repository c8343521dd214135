"""The records against the journal: every fiscal record has its entry, and still holds what the entry says.

Records made before the journal began (ids up to the journal start's prior_max_ids) are left alone. A
sale entry holds the outbox's order payload, a void, override or refund entry the outbox's payload of
it; those are rebuilt with the outbox's own functions (pos_app.services.outbox) and compared field by
field. Sales, by far the most, are first compared as text with their SQLite rendering
(pos_app.services.audit_sales) and rebuilt only when that differs. Reprints, no-sale drawer openings,
shifts, cash movements, shift closes and Z reports are compared with what their services journal
(pos_app.services.audit_expected).

A person's name is not compared: the cashier's name in a sale or a shift is the one the account had
then, and an account may be renamed since (the cloud does); the account's uuid is compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from sqlalchemy import BindParameter, Connection, Integer, bindparam, select
from sqlalchemy.exc import NoResultFound

from pos_app.journal import (
    CASH_MOVEMENT,
    DRAWER_OPEN,
    OVERRIDE,
    REFUND,
    REPRINT,
    SALE,
    SHIFT_CLOSE,
    SHIFT_OPEN,
    VOID,
    Z_REPORT,
)
from pos_app.services import outbox
from pos_app.services.audit_book import JournalBook, SaleSums, Tenders
from pos_app.services.audit_chain import Walked
from pos_app.services.audit_days import DaySales, merged
from pos_app.services.audit_expected import (
    Z_KEYS,
    expected_cash_movements,
    expected_print_jobs,
    expected_shift_closes,
    expected_shift_opens,
    expected_z_reports,
)
from pos_app.services.audit_result import Break, at_record, at_seq, unreadable
from pos_app.services.audit_sales import order_ids
from pos_app.store.lean import cursor
from pos_app.store.models import (
    OrderRow,
    OrderVoidRow,
    OverrideRow,
    RefundRow,
    TenderRow,
)

_PRIOR: BindParameter[int] = bindparam("prior", type_=Integer)
# Built once: a verify runs them all, and building a statement costs more than running it on a small shop.
_VOIDS = (
    select(OrderVoidRow.id, OrderVoidRow.uuid, OrderRow.order_no)
    .outerjoin(OrderRow, OrderRow.id == OrderVoidRow.order_id)
    .where(OrderVoidRow.id > _PRIOR)
)
_OVERRIDES = select(OverrideRow.id, OverrideRow.uuid).where(OverrideRow.id > _PRIOR)
_REFUNDS = (
    select(RefundRow.id, RefundRow.uuid, RefundRow.state, OrderRow.order_no)
    .outerjoin(OrderRow, OrderRow.id == RefundRow.order_id)
    .where(RefundRow.id > _PRIOR)
)
_NAMES = frozenset({"cashier_name", "cashier.name"})  # not compared: see the module's docstring
_SHOWN = 5  # differences told per record; the rest are summed up
Json = dict[str, Any]


def differences(journal: Any, record: Any, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """(where, what the journal says, what the record says) for every value that differs; 1 and 1.0,
    or 1 and true, differ (the journal holds integers and booleans, never floats)."""
    if isinstance(journal, dict) and isinstance(record, dict):
        for key in sorted(journal.keys() | record.keys()):
            where = f"{path}.{key}" if path else key
            if where not in _NAMES:
                yield from differences(journal.get(key), record.get(key), where)
    elif isinstance(journal, list) and isinstance(record, list):
        for i in range(max(len(journal), len(record))):
            yield from differences(
                journal[i] if i < len(journal) else None,
                record[i] if i < len(record) else None,
                f"{path}[{i}]",
            )
    elif type(journal) is not type(record) or journal != record:
        yield path, journal, record


class RecordCheck:
    def __init__(self, conn: Connection, book: JournalBook) -> None:
        self._conn = conn
        self._book = book
        self.breaks: list[Break] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.order_ids = order_ids(cursor(conn))  # uuid -> id of every order
        self._entries: dict[str, list[Walked]] = defaultdict(list)  # the other records' entries, by kind
        self._sold: set[str] = set()  # the orders with a sale entry
        self._days: DaySales = {}  # the figures of the sale entries of each day

    # -- the journal, walked ---------------------------------------------------------------------------
    def entry(self, walked: Walked, order_id: int | None = None, sums: SaleSums | None = None) -> None:
        """One walked entry, in seq order. For a sale of an order that exists (and was rendered),
        `order_id` is the order's id and `sums` its figures when they do not add up."""
        if walked.kind != SALE:
            self._book.add(walked)
            self._entries[walked.kind].append(walked)
            return
        if walked.matched and order_id is not None:
            self.sold(walked.seq, walked.ref, walked.day, sums)
            return
        if not self._first_sale(walked.seq, walked.ref):
            return
        self._book.add(walked)  # the journal's own figures
        data = walked.fields.get("data") if walked.fields else None
        if order_id is None:
            name = data.get("order_no") if isinstance(data, dict) else None
            self.breaks.append(
                at_seq(
                    walked.seq,
                    f"the order it records ({name or walked.ref}) is missing from the records",
                    f"所记录的订单（{name or walked.ref}）在数据库中不存在",
                )
            )
        elif data is not None:
            now = self._order_payload(order_id)
            self._compare("order", "订单", walked, data, now, str(now["order_no"]) if now else walked.ref)

    def sold(self, seq: int, ref: str, day: str, sums: SaleSums | None) -> None:
        """A sale entry whose order's rows hold exactly what it says (entry() of a matched sale)."""
        if not self._first_sale(seq, ref):
            return
        self._book.add_matched(seq, day)
        for en, zh in sums.problems() if sums else ():
            self.breaks.append(at_seq(seq, f"the sale does not add up: {en}", f"销售金额不平：{zh}"))

    def _first_sale(self, seq: int, ref: str) -> bool:
        """Counts a sale entry: False (and a break) when its order had one before."""
        self.counts["orders"] += 1
        if ref in self._sold:
            self.breaks.append(
                at_seq(seq, f"a second sale entry for order {ref}", f"订单 {ref} 有重复的销售记录")
            )
            return False
        self._sold.add(ref)
        return True

    def day_sales_in(self, days: DaySales) -> None:
        """Adds the figures of the sale entries of a stretch of the journal (audit_days)."""
        self._days = merged([self._days, days])

    # -- what the book needs of the records (audit_book.RecordFigures) --------------------------------
    def day_sales(self, day: str, leave_out: set[str]) -> tuple[int, int, dict[str, int]]:
        orders, gross, paid_by_kind = self._days.get(day, (0, 0, {}))
        tenders: dict[str, int] = defaultdict(int, paid_by_kind)
        for total, paid in self.order_figures(sorted(leave_out)).values():
            orders, gross = orders - 1, gross - total
            for kind, amount in paid:
                tenders[kind] -= amount
        return orders, gross, tenders

    def order_figures(self, order_uuids: list[str]) -> dict[str, tuple[int, Tenders]]:
        """The orders' totals and tenders as SQL's sums count them (`+ 0`: a value changed to text counts
        as the number SQLite reads in it, so it is taken back out of the day's sums exactly)."""
        figures: dict[str, tuple[int, Tenders]] = {}
        for start in range(0, len(order_uuids), 500):
            for uuid, total, kind, amount in self._conn.execute(
                select(OrderRow.uuid, OrderRow.total_fen + 0, TenderRow.kind, TenderRow.amount_fen + 0)
                .outerjoin(TenderRow, TenderRow.order_id == OrderRow.id)
                .where(OrderRow.uuid.in_(order_uuids[start : start + 500]))
                .order_by(OrderRow.id, TenderRow.id)
            ):
                _, paid = figures.get(uuid, (total, ()))
                figures[uuid] = (total, (*paid, (kind, amount)) if kind is not None else paid)
        return figures

    # -- after the walk -------------------------------------------------------------------------------
    def finish(self, prior: dict[str, int]) -> list[Break]:
        """The checks of every kind of record; a kind whose rows cannot be read (a value changed by hand to
        one its column cannot hold, like a time that is no time) is a break of its own, and the other
        kinds are still checked."""
        steps: tuple[tuple[str, str, Callable[[], object]], ...] = (
            ("orders", "订单", lambda: self._orders_without_sale(prior.get("orders", 0))),
            ("order numbers", "订单号", lambda: self._order_numbers(prior.get("orders", 0))),
            ("voids", "作废记录", lambda: self._voids(prior.get("order_voids", 0))),
            ("overrides", "授权记录", lambda: self._overrides(prior.get("overrides", 0))),
            ("refunds", "退款记录", lambda: self._refunds(prior.get("refunds", 0))),
            (
                "reprints and drawer openings",
                "重印与开钱箱记录",
                lambda: self._prints(prior.get("print_jobs", 0)),
            ),
            ("shifts", "班次记录", self._shifts),
            ("Z reports", "Z 报表", self._z_reports),
            ("the days' figures", "各营业日的数字", lambda: self.breaks.extend(self._book.finish(self))),
        )
        for en, zh, step in steps:
            try:
                step()
            except (TypeError, ValueError) as exc:
                self.breaks.append(unreadable(en, zh, exc))
        return self.breaks

    def _orders_without_sale(self, prior: int) -> None:
        lost = [uuid for uuid, id_ in self.order_ids.items() if id_ > prior and uuid not in self._sold]
        for start in range(0, len(lost), 500):
            chunk = lost[start : start + 500]
            for uuid, order_no in self._conn.execute(
                select(OrderRow.uuid, OrderRow.order_no).where(OrderRow.uuid.in_(chunk)).order_by(OrderRow.id)
            ):
                self.breaks.append(
                    at_record(
                        "order",
                        "订单",
                        order_no,
                        "has no sale entry in the journal",
                        "日志中没有它的销售记录",
                        uuid,
                    )
                )

    def _order_numbers(self, prior: int) -> None:
        """Order numbers run 1, 2, 3... per business day with no gap, up to the day's counter."""
        counters: dict[str, int] = dict(
            self._conn.exec_driver_sql("SELECT business_day, last_seq FROM order_counters").all()
        )
        before: dict[str, int] = dict(
            self._conn.exec_driver_sql(
                "SELECT business_day, max(seq) FROM orders WHERE id <= ? GROUP BY business_day", (prior,)
            ).all()
        )
        for day, low, high, count, distinct in self._conn.exec_driver_sql(
            "SELECT business_day, min(seq), max(seq), count(*), count(DISTINCT seq) FROM orders "
            "WHERE id > ? GROUP BY business_day",
            (prior,),
        ):
            start = (before.get(day) or 0) + 1
            last = counters.get(day)
            if (low, high, count, distinct) != (start, last, high - start + 1, count):
                self.breaks.append(
                    at_record(
                        "business day",
                        "营业日",
                        str(day),
                        f"order numbers {start}..{last} are not all there once: {count} orders, "
                        f"numbers {low}..{high}",
                        f"订单号 {start}..{last} 不连续或有重复：共 {count} 笔，编号 {low}..{high}",
                    )
                )

    def _voids(self, prior: int) -> None:
        rows = self._conn.execute(_VOIDS, {"prior": prior}).all()
        payloads = outbox.void_payloads(self._conn, [id_ for id_, _, _ in rows])
        names = {uuid: str(order_no) for _, uuid, order_no in rows}
        self._match(
            VOID,
            "voids",
            {uuid: payloads.get(id_) for id_, uuid, _ in rows},
            ("void of order", "作废订单"),
            lambda uuid: names.get(uuid, uuid),
        )

    def _overrides(self, prior: int) -> None:
        rows = self._conn.execute(_OVERRIDES, {"prior": prior}).all()
        payloads = outbox.override_payloads(self._conn, [id_ for id_, _ in rows])
        expected = {uuid: payloads.get(id_) for id_, uuid in rows}
        self._match(OVERRIDE, "overrides", expected, ("override", "授权"), _short)

    def _refunds(self, prior: int) -> None:
        rows = self._conn.execute(_REFUNDS, {"prior": prior}).all()
        payloads = outbox.refund_payloads(self._conn, [id_ for id_, _, _, _ in rows])
        states = {uuid: state for _, uuid, state, _ in rows}
        journaled = self._refs(REFUND)
        for walked in self._entries[REFUND]:
            state = states.get(walked.ref)
            if state not in (None, "done"):
                self.breaks.append(
                    at_seq(
                        walked.seq,
                        f"journaled as done, but the refund is {state}",
                        f"已记为退款完成，但记录状态为 {state}",
                    )
                )
        names = {uuid: f"{order_no} ({_short(uuid)})" for _, uuid, _, order_no in rows}
        self._match(
            REFUND,
            "refunds",
            {uuid: payloads.get(id_) for id_, uuid, state, _ in rows if state == "done" or uuid in journaled},
            ("refund of order", "退款订单"),
            lambda uuid: names.get(uuid, uuid),
        )

    def _prints(self, prior: int) -> None:
        journaled = {kind: self._refs(kind) for kind in (REPRINT, DRAWER_OPEN)}
        for kind, expected in expected_print_jobs(self._conn, prior, journaled).items():
            label = ("reprint", "重印") if kind == REPRINT else ("drawer opening", "开钱箱")
            self._match(kind, "prints", expected, label, _short)

    def _shifts(self) -> None:
        self._match(SHIFT_OPEN, "shifts", expected_shift_opens(self._conn), ("shift", "班次"), _short)
        moved = expected_cash_movements(self._conn)
        self._match(CASH_MOVEMENT, "cash movements", moved, ("cash movement", "现金存取"), _short)
        closed, miscounted = expected_shift_closes(self._conn)
        for uuid in miscounted:
            self.breaks.append(
                at_record(
                    "shift close", "交班", _short(uuid), "the counted cash is not the sum of the count",
                    "清点金额与各面额张数之和不符", uuid,
                )
            )  # fmt: skip
        self._match(SHIFT_CLOSE, "shift closes", closed, ("shift close", "交班"), _short)

    def _z_reports(self) -> None:
        """A Z row holds what its entry says; the entry's own figures are recomputed by the JournalBook."""
        rows = expected_z_reports(self._conn)
        names = {uuid: str(z["z_no"]) for uuid, z in rows.items() if z}
        self._match(
            Z_REPORT,
            "Z reports",
            rows,
            ("Z report", "Z 报表"),
            lambda uuid: names.get(uuid, uuid),
            keys=Z_KEYS,
        )

    # -- matching ------------------------------------------------------------------------------------
    def _refs(self, kind: str) -> set[str]:
        return {walked.ref for walked in self._entries[kind]}

    def _match(
        self,
        kind: str,
        count: str,
        records: Mapping[str, Json | None],
        label: tuple[str, str],
        name: Callable[[str], str],
        keys: tuple[str, ...] | None = None,
    ) -> None:
        """Each entry of `kind` against its record (by uuid), and each record against its entry.
        `records` maps a record's uuid to what its entry should hold (None: the record's rows are
        incomplete, a row it joins is gone)."""
        seen: set[str] = set()
        for walked in self._entries[kind]:
            if walked.ref in seen:
                self.breaks.append(
                    at_seq(walked.seq, "a second entry for the same record", "同一记录有重复的日志")
                )
                continue
            seen.add(walked.ref)
            if walked.ref not in records:
                self.breaks.append(
                    at_seq(
                        walked.seq,
                        f"the {label[0]} it records is missing from the records",
                        f"所记录的{label[1]}在数据库中不存在",
                    )
                )
                continue
            self.counts[count] += 1
            data = walked.fields.get("data") if walked.fields else None
            now = records[walked.ref]
            if data is None:
                continue
            if keys is not None and isinstance(data, dict):
                data = {key: data.get(key) for key in keys}
            self._compare(label[0], label[1], walked, data, now, name(walked.ref))
        for uuid in (uuid for uuid in records if uuid not in seen):  # in the records' own order
            self.breaks.append(
                at_record(
                    label[0], label[1], name(uuid), "has no entry in the journal", "日志中没有它的记录", uuid
                )
            )

    def _compare(
        self, kind_en: str, kind_zh: str, walked: Walked, data: Any, now: Json | None, name: str
    ) -> None:
        if now is None:
            self.breaks.append(
                at_seq(
                    walked.seq,
                    f"the {kind_en}'s rows are incomplete or unreadable",
                    f"{kind_zh}的数据库记录不完整或无法读取",
                )
            )
            return
        found = list(differences(data, now))
        for where, said, stored in found[:_SHOWN]:
            self.breaks.append(
                at_record(
                    kind_en,
                    kind_zh,
                    name,
                    f"{where} changed after it was journaled (journal {said!r}, now {stored!r})",
                    f"{where} 在记入日志后被改动（日志 {said!r}，现在 {stored!r}）",
                    walked.ref,
                )
            )
        if len(found) > _SHOWN:
            self.breaks.append(
                at_record(
                    kind_en, kind_zh, name, f"and {len(found) - _SHOWN} more changes",
                    f"另有 {len(found) - _SHOWN} 处改动", walked.ref,
                )
            )  # fmt: skip

    def _order_payload(self, order_id: int) -> Json | None:
        """The outbox's payload of an order, None when its rows are incomplete (its cashier is gone) or
        cannot be read (a value its column cannot hold)."""
        try:
            return outbox.order_payload(self._conn, order_id)
        except (NoResultFound, TypeError, ValueError):
            return None


def _short(uuid: str) -> str:
    return uuid[:8]
