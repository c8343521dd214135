"""What the journal says, checked against itself: each sale adds up, one sale entry per order, and every Z
report's figures are recomputed from the day's sale, void and refund entries.

Pure (no database), so the till's `audit verify` and an auditor's check of an export apply the same rules.
The day rule is pos_app.services.report_figures': a figure counts on the business day of its entry;
orders and gross_fen are the day's sale entries and the sum of their totals, voids_fen the totals of the
orders named by the day's void entries, refunds_fen the totals of the day's refund entries,
net = gross - voids - refunds, and each tender's net is what the day's sales took through it less what
the day's voids and refunds gave back through it. A Z's number follows the one before, its grand total
is the one before plus its net, and no entry but another Z may come on a day a Z has closed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from pos_app.journal import REFUND, SALE, VOID, Z_REPORT
from pos_app.services.audit_chain import Walked
from pos_app.services.audit_result import Break, at_seq

Tenders = tuple[tuple[str, int], ...]  # (kind, amount_fen)


class SaleSums(NamedTuple):
    """A sale's figures and the sums of its lines and tenders: enough to say whether it adds up.
    (A named tuple: the verify makes 100,000 of them, and a frozen dataclass costs five times more.)"""

    subtotal_fen: int
    line_discount_fen: int
    order_discount_fen: int
    rounding_fen: int  # signed
    total_fen: int
    change_fen: int
    lines_gross_fen: int  # the sums over the lines not voided
    lines_line_discount_fen: int
    lines_order_discount_fen: int
    lines_rounding_fen: int
    lines_net_fen: int
    bad_lines: int  # lines whose net is not gross - discounts + rounding (0 for a voided line)
    tenders_change_fen: int
    tenders: Tenders

    def problems(self) -> list[tuple[str, str]]:
        """How the sale fails to add up, in plain words; empty when it does (pos_app.cart.Totals)."""
        out = []
        if self.subtotal_fen - self.line_discount_fen - self.order_discount_fen + self.rounding_fen != (
            self.total_fen
        ):
            out.append(
                ("subtotal - discounts + rounding is not the total", "商品合计 - 优惠 + 抹零 不等于应收")
            )
        if self.lines_net_fen != self.total_fen:
            out.append(("the lines' net amounts do not add up to the total", "各行实收金额之和不等于应收"))
        lines = (
            self.lines_gross_fen,
            self.lines_line_discount_fen,
            self.lines_order_discount_fen,
            self.lines_rounding_fen,
        )
        if lines != (self.subtotal_fen, self.line_discount_fen, self.order_discount_fen, self.rounding_fen):
            out.append(
                (
                    "the lines do not add up to the subtotal, discounts and rounding",
                    "各行金额与商品合计、优惠、抹零不符",
                )
            )
        if self.bad_lines:
            out.append(
                (
                    f"{self.bad_lines} lines' net is not their amount less discounts",
                    f"{self.bad_lines} 行的实收金额计算有误",
                )
            )
        if sum(amount for _, amount in self.tenders) != self.total_fen:
            out.append(("the tenders do not add up to the total", "各付款方式金额之和不等于应收"))
        if self.tenders_change_fen != self.change_fen:
            out.append(("the change given is not the order's change", "找零金额与订单不符"))
        return out


def sale_sums(data: Any) -> SaleSums | None:
    """The sums of a sale entry's data (an outbox order payload); None when it is not shaped as one."""
    try:
        lines = [line for line in data["lines"] if not line["voided"]]
        bad = sum(
            1
            for line in data["lines"]
            if line["net_fen"]
            != (
                0
                if line["voided"]
                else line["gross_fen"]
                - line["line_discount_fen"]
                - line["order_discount_fen"]
                + line["rounding_fen"]
            )
        )
        sums = SaleSums(
            data["subtotal_fen"],
            data["line_discount_fen"],
            data["order_discount_fen"],
            data["rounding_fen"],
            data["total_fen"],
            data["change_fen"],
            sum(line["gross_fen"] for line in lines),
            sum(line["line_discount_fen"] for line in lines),
            sum(line["order_discount_fen"] for line in lines),
            sum(line["rounding_fen"] for line in lines),
            sum(line["net_fen"] for line in lines),
            bad,
            sum(t["change_fen"] for t in data["tenders"]),
            tuple((str(t["kind"]), t["amount_fen"]) for t in data["tenders"]),
        )
    except (KeyError, TypeError):
        return None
    return sums if _all_int(sums) else None


def _all_int(sums: SaleSums) -> bool:
    figures = [*sums[:-1], *(amount for _, amount in sums.tenders)]
    return all(type(v) is int for v in figures)


def _figures(data: Any, *names: str) -> list[int] | None:
    try:
        values = [data[name] for name in names]
    except (KeyError, TypeError):
        return None
    return values if all(type(v) is int for v in values) else None


@dataclass
class _Day:
    orders: int = 0
    gross_fen: int = 0
    voids_fen: int = 0
    refunds_fen: int = 0
    tenders: dict[str, int] = field(default_factory=lambda: defaultdict(int))


class RecordFigures(Protocol):
    """The figures of sales the records hold exactly as their entries do (`audit verify`'s fast path), so
    the book need not read 100,000 entries to add them up: the database sums them."""

    def day_sales(self, day: str, leave_out: set[str]) -> tuple[int, int, dict[str, int]]:
        """Orders, gross and tenders by kind of the day's sale entries, but those of the orders in
        `leave_out` (the book holds their figures from the entries themselves)."""
        ...

    def order_figures(self, order_uuids: list[str]) -> dict[str, tuple[int, Tenders]]:
        """Total and tenders of each order that exists, by uuid."""
        ...


class JournalBook:
    def __init__(self) -> None:
        self.breaks: list[Break] = []
        self._days: dict[str, _Day] = defaultdict(_Day)
        self._sales: dict[str, tuple[int, Tenders]] = {}  # sales read from their entries, by order uuid
        self._read_by_day: dict[str, set[str]] = defaultdict(set)
        self._voids: list[tuple[int, str, str]] = []  # seq, day, order uuid
        self._zs: list[tuple[int, str, dict[str, Any]]] = []  # seq, entry day, data
        self._closed_through = ""  # the last day a Z closed ('' before the first Z)

    def add(self, walked: Walked, matched: bool = False) -> None:
        """One entry in journal order. `matched`: a sale whose records hold exactly what it says; its
        figures come from RecordFigures at the end. Any other sale's figures are read from its data."""
        kind, day, seq = walked.kind, walked.day, walked.seq
        if kind != Z_REPORT:
            self._after_close(seq, day)
        if matched:
            return
        data = walked.fields.get("data") if walked.fields else None
        if kind == SALE:
            self._sale(walked, sale_sums(data))
        elif kind == VOID:
            order = data.get("order_uuid") if isinstance(data, dict) else None
            self._voids.append((seq, day, str(order)))
        elif kind == REFUND:
            self._refund(walked, data)
        elif kind == Z_REPORT:
            if not isinstance(data, dict):
                self.breaks.append(at_seq(seq, "the Z report's data is unreadable", "Z 报表内容无法读取"))
                return
            self._zs.append((seq, day, data))
            self._closed_through = max(self._closed_through, str(data.get("business_day", "")))

    def add_matched(self, seq: int, day: str) -> None:
        """A sale whose records hold exactly what it says: add(walked, matched=True) without the walk's
        Walked (the verify's workers send 100,000 of them as plain tuples)."""
        self._after_close(seq, day)

    def _after_close(self, seq: int, day: str) -> None:
        if self._closed_through and day <= self._closed_through:
            self.breaks.append(
                at_seq(
                    seq,
                    f"made on {day}, a day a Z report had already closed",
                    f"营业日 {day} 已日结，之后不应再有记录",
                )
            )

    def _sale(self, walked: Walked, sums: SaleSums | None) -> None:
        if sums is None:
            self.breaks.append(
                at_seq(walked.seq, "the sale's data is not a sale", "销售记录的内容不是一笔销售")
            )
            return
        for en, zh in sums.problems():
            self.breaks.append(at_seq(walked.seq, f"the sale does not add up: {en}", f"销售金额不平：{zh}"))
        if walked.ref in self._sales:
            self.breaks.append(
                at_seq(
                    walked.seq,
                    f"a second sale entry for order {walked.ref}",
                    f"订单 {walked.ref} 有重复的销售记录",
                )
            )
            return
        self._sales[walked.ref] = (sums.total_fen, sums.tenders)
        self._read_by_day[walked.day].add(walked.ref)
        day = self._days[walked.day]
        day.orders += 1
        day.gross_fen += sums.total_fen
        for kind, amount in sums.tenders:
            day.tenders[kind] += amount

    def _refund(self, walked: Walked, data: Any) -> None:
        total = _figures(data, "total_fen")
        try:
            lines = [line["amount_fen"] for line in data["lines"]]
            tenders = [(str(t["kind"]), t["amount_fen"]) for t in data["tenders"]]
        except (KeyError, TypeError):
            lines, tenders = [], []
        if total is None or not all(type(v) is int for v in lines + [a for _, a in tenders]):
            self.breaks.append(
                at_seq(walked.seq, "the refund's data is not a refund", "退款记录的内容不是一笔退款")
            )
            return
        if sum(lines) != total[0] or sum(a for _, a in tenders) != total[0]:
            self.breaks.append(
                at_seq(
                    walked.seq,
                    "the refund's lines or tenders do not add up to its total",
                    "退款的各行或各付款方式金额之和不等于退款总额",
                )
            )
        day = self._days[walked.day]
        day.refunds_fen += total[0]
        for kind, amount in tenders:
            day.tenders[kind] -= amount

    def finish(self, records: RecordFigures | None = None) -> list[Break]:
        """Applies the voids (an order may be voided on a later day) and checks every Z.

        `records`: the figures of the sales the records matched, and of orders sold before the journal
        began; an export has none (every sale was read from its entry)."""
        unread = [order for _, _, order in self._voids if order not in self._sales]
        known = records.order_figures(unread) if records is not None and unread else {}
        for seq, day, order in self._voids:
            sale = self._sales.get(order) or known.get(order)
            if sale is None:
                self.breaks.append(
                    at_seq(
                        seq,
                        f"the void names order {order}, which has no sale",
                        f"作废记录指向的订单 {order} 没有销售记录",
                    )
                )
                continue
            total, tenders = sale
            self._days[day].voids_fen += total
            for kind, amount in tenders:
                self._days[day].tenders[kind] -= amount
        last_no, grand_total, last_day = 0, 0, ""
        for seq, entry_day, data in self._zs:
            figures = _figures(
                data, "z_no", "orders", "gross_fen", "voids_fen", "refunds_fen", "net_fen", "grand_total_fen"
            )
            closed = data.get("business_day")
            if figures is None or not isinstance(closed, str) or not isinstance(data.get("tenders"), dict):
                self.breaks.append(at_seq(seq, "the Z report's figures are unreadable", "Z 报表数字无法读取"))
                continue
            z_no, orders, gross, voids, refunds, net, grand = figures
            day = closed
            self._check_z(seq, z_no, day, entry_day, last_no, last_day)
            got = self._day(day, records)
            for name, said, recomputed in zip(
                ("orders", "gross_fen", "voids_fen", "refunds_fen"),
                (orders, gross, voids, refunds),
                (got.orders, got.gross_fen, got.voids_fen, got.refunds_fen),
                strict=True,
            ):
                if said != recomputed:
                    self.breaks.append(
                        at_seq(
                            seq,
                            f"Z {z_no}: {name} is {said}, the journal's entries of {day} give {recomputed}",
                            f"Z {z_no}：{name} 为 {said}，按 {day} 的日志记录应为 {recomputed}",
                        )
                    )
            if net != gross - voids - refunds:
                self.breaks.append(
                    at_seq(
                        seq,
                        f"Z {z_no}: net is not gross - voids - refunds",
                        f"Z {z_no}：净额不等于 销售 - 作废 - 退款",
                    )
                )
            if grand != grand_total + net:
                self.breaks.append(
                    at_seq(
                        seq,
                        f"Z {z_no}: the grand total is not the previous grand total plus this net",
                        f"Z {z_no}：累计总额不等于上一张 Z 的累计加本日净额",
                    )
                )
            said_tenders = {k: v for k, v in data["tenders"].items() if v != 0}
            if said_tenders != {k: v for k, v in got.tenders.items() if v != 0}:
                self.breaks.append(
                    at_seq(
                        seq,
                        f"Z {z_no}: the tender totals do not match the journal",
                        f"Z {z_no}：各付款方式合计与日志不符",
                    )
                )
            last_no, grand_total, last_day = z_no, grand, day
        return self.breaks

    def _day(self, day: str, records: RecordFigures | None) -> _Day:
        """The day's figures: the sales read from their entries, and those the records matched."""
        got = self._days.get(day, _Day())
        if records is None:
            return got
        orders, gross, tenders = records.day_sales(day, self._read_by_day.get(day, set()))
        total = _Day(got.orders + orders, got.gross_fen + gross, got.voids_fen, got.refunds_fen)
        for kind, amount in [*got.tenders.items(), *tenders.items()]:
            total.tenders[kind] += amount
        return total

    def _check_z(self, seq: int, z_no: int, day: str, entry_day: str, last_no: int, last_day: str) -> None:
        if z_no != last_no + 1:
            self.breaks.append(
                at_seq(
                    seq,
                    f"Z {z_no} follows Z {last_no}: Z numbers must have no gap",
                    f"Z {z_no} 接在 Z {last_no} 之后：Z 号不连续",
                )
            )
        if day <= last_day:
            self.breaks.append(
                at_seq(seq, f"Z {z_no} closes {day} again or out of order", f"Z {z_no} 重复或逆序日结 {day}")
            )
        if day != entry_day:
            self.breaks.append(
                at_seq(
                    seq,
                    f"Z {z_no} closes {day} but is journaled on {entry_day}",
                    f"Z {z_no} 日结 {day}，记录却属于 {entry_day}",
                )
            )
