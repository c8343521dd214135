"""What `audit verify` found: each break in plain words (English and Chinese, like PosError), and counts."""

from __future__ import annotations

from dataclasses import dataclass, field

from pos_app.i18n import pick


@dataclass(frozen=True)
class Break:
    """One place where the journal or the records do not hold.

    `where` names a journal entry ("seq 123") or a record ("order 20261125-0007"); `seq` is the entry's
    number when the break is at an entry, `record` the record's uuid (or order number) when it is at one.
    """

    where_en: str
    where_zh: str
    en: str
    zh: str
    seq: int | None = None
    record: str = ""

    def __str__(self) -> str:
        return pick(f"{self.where_en}: {self.en}", f"{self.where_zh}：{self.zh}")


def at_seq(seq: int, en: str, zh: str) -> Break:
    return Break(f"seq {seq}", f"第 {seq} 条", en, zh, seq=seq)


def at_record(kind_en: str, kind_zh: str, name: str, en: str, zh: str, record: str = "") -> Break:
    """A break at a record: `name` is what a person knows it by (an order number), `record` its uuid."""
    return Break(f"{kind_en} {name}", f"{kind_zh} {name}", en, zh, record=record or name)


def unreadable(what_en: str, what_zh: str, error: Exception) -> Break:
    """A kind of record whose rows cannot be read: a value was changed by hand to one its column cannot
    hold (a time that is no time, a date that is a number)."""
    return Break(
        what_en,
        what_zh,
        f"cannot be read: a value was changed to one its column cannot hold ({error})",
        f"无法读取：有值被改成了该列不能存放的内容（{error}）",
    )


RECORD_NAMES = {  # AuditResult.records' keys in the shop's words
    "orders": ("orders", "笔订单"),
    "voids": ("voids", "笔作废"),
    "overrides": ("overrides", "次授权"),
    "refunds": ("refunds", "笔退款"),
    "prints": ("reprints and drawer openings", "次重印与开钱箱"),
    "shifts": ("shifts", "个班次"),
    "cash movements": ("cash movements", "笔现金存取"),
    "shift closes": ("shift closes", "次交班"),
    "Z reports": ("Z reports", "张 Z 报表"),
}


@dataclass
class AuditResult:
    device: str = ""
    public_key: str = ""  # the key every signature was checked with
    entries: int = 0
    head_seq: int = 0
    head_hash: str = ""
    signatures_checked: int = 0
    records: dict[str, int] = field(default_factory=dict)  # records checked against the journal, by kind
    breaks: list[Break] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.breaks

    def summary(self) -> str:
        if not self.ok:
            return pick(
                f"journal BROKEN: {len(self.breaks)} breaks in {self.entries} entries",
                f"日志异常：{self.entries} 条记录中发现 {len(self.breaks)} 处问题",
            )
        names = [(RECORD_NAMES.get(kind, (kind, kind)), n) for kind, n in self.records.items() if n]
        en = ", ".join(f"{n} {name[0]}" for name, n in names)
        zh = "，".join(f"{n} {name[1]}" for name, n in names)
        return pick(
            f"journal OK: {self.entries} entries, head seq {self.head_seq}, hash {self.head_hash[:16]}…"
            + (f"; records checked: {en}" if en else ""),
            f"日志完好：共 {self.entries} 条，最新第 {self.head_seq} 条，哈希 {self.head_hash[:16]}…"
            + (f"；已核对记录：{zh}" if zh else ""),
        )
