"""Typed errors of the till. The UI chooses its answer by type; `str(error)` is the cashier's message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos_app.i18n import pick


class PosError(Exception):
    """Base of every error a cashier or shop owner may see. Raising one changes nothing stored."""

    def __init__(self, en: str, zh: str) -> None:
        super().__init__(en)
        self.en = en
        self.zh = zh

    def __str__(self) -> str:
        return pick(self.en, self.zh)


class InvalidInput(PosError):
    """A value typed or imported by a person is not acceptable (price, quantity, barcode, setting)."""


class InvalidBarcode(InvalidInput):
    pass


class UnknownProduct(PosError):
    def __init__(self, code: str) -> None:
        super().__init__(f"No product with barcode {code}", f"条码 {code} 没有对应的商品")
        self.code = code


class EmptyCart(PosError):
    def __init__(self) -> None:
        super().__init__("The cart is empty", "购物车是空的")


class InsufficientTender(PosError):
    def __init__(self, due_fen: int, given_fen: int) -> None:
        from pos_app.money import format_yuan

        super().__init__(
            f"Tendered {format_yuan(given_fen)} is less than the amount due {format_yuan(due_fen)}",
            f"实收 {format_yuan(given_fen)} 少于应收 {format_yuan(due_fen)}",
        )
        self.due_fen = due_fen
        self.given_fen = given_fen


class WrongPin(PosError):
    def __init__(self, attempts_left: int) -> None:
        super().__init__(
            f"Wrong PIN; {attempts_left} attempts left before the account locks",
            f"密码错误，再错 {attempts_left} 次将锁定账号",
        )
        self.attempts_left = attempts_left


class AccountLocked(PosError):
    def __init__(self, until: datetime, seconds_left: int) -> None:
        super().__init__(
            f"Account locked after repeated wrong PINs; try again in {seconds_left} s",
            f"密码错误次数过多，账号已锁定，请 {seconds_left} 秒后再试",
        )
        self.until = until
        self.seconds_left = seconds_left


class NotAuthorized(PosError):
    """The person is not allowed to do this (a cashier's PIN where a manager's is needed)."""


class ApprovalRequired(PosError):
    """The action needs a manager's approval first; the UI opens the override dialog on this type."""

    def __init__(self, action: str, detail: str, en: str, zh: str) -> None:
        super().__init__(en, zh)
        self.action = action
        self.detail = detail  # what exactly will be approved, recorded with the override


class ShiftNotOpen(PosError):
    """Money moves in or out of the drawer (a sale, a void, a cash refund, a pay-in or pay-out) only
    during an open shift; the UI answers this type by asking for the float (开班)."""

    def __init__(
        self,
        en: str = "Open a shift (count the drawer's float) before taking money",
        zh: str = "请先开班（输入钱箱备用金）再收款",
    ) -> None:
        super().__init__(en, zh)


class ShiftAlreadyOpen(PosError):
    """A till has one open shift at a time: it must be closed (交班) before the next one opens."""

    def __init__(self, opened_by: str, opened_at: str) -> None:
        super().__init__(
            f"A shift is already open on this till (opened by {opened_by} at {opened_at}); close it first",
            f"本机已有未交班的班次（{opened_by} 于 {opened_at} 开班），请先交班",
        )
        self.opened_by = opened_by
        self.opened_at = opened_at


class StorageError(PosError):
    """The data directory or database cannot be used (read-only, full disk, locked, corrupt)."""


@dataclass(frozen=True)
class RowError:
    line: int
    en: str
    zh: str

    def __str__(self) -> str:
        return pick(f"line {self.line}: {self.en}", f"第 {self.line} 行：{self.zh}")


class CatalogImportError(PosError):
    """The CSV has bad rows; nothing was imported. `rows` lists every bad row with its line number."""

    def __init__(self, rows: list[RowError]) -> None:
        bad = len({row.line for row in rows})
        super().__init__(
            f"Catalog not imported: {bad} bad rows, nothing was changed",
            f"商品未导入：{bad} 行有误，未做任何更改",
        )
        self.rows = rows
