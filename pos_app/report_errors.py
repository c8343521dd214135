"""Why a business day cannot be closed or its Z shown, as typed errors the CLI and the manager screen
choose their answer by."""

from __future__ import annotations

from datetime import date

from pos_app.errors import PosError


class DayNotClosed(PosError):
    """A Z was asked for a day that has none yet (or no day was ever closed: `day` is None)."""

    def __init__(self, day: date | None) -> None:
        if day is None:
            super().__init__(
                "no business day has been closed yet (no Z report)", "还没有日结过（没有 Z 报表）"
            )
        else:
            super().__init__(
                f"business day {day} is not closed yet: it has no Z report",
                f"营业日 {day} 尚未日结，没有 Z 报表",
            )
        self.day = day


class DayAlreadyClosed(PosError):
    def __init__(self, day: date, z_no: int) -> None:
        super().__init__(
            f"business day {day} is already closed (Z report No. {z_no}); a Z cannot be made twice",
            f"营业日 {day} 已日结（Z 报表第 {z_no} 号），不能重复日结",
        )
        self.day = day
        self.z_no = z_no


class ShiftStillOpen(PosError):
    def __init__(self) -> None:
        super().__init__(
            "a shift is still open: close it (count the cash) before closing the day",
            "还有未交班的班次：请先交班（清点现金），再日结",
        )


class EarlierDayNotClosed(PosError):
    """Days are closed in order, so the Z numbers and the grand total follow the calendar."""

    def __init__(self, earlier: date, day: date) -> None:
        super().__init__(
            f"business day {earlier} has sales or other records but no Z report: close {earlier} before {day}",
            f"营业日 {earlier} 有营业记录但尚未日结：请先日结 {earlier}，再日结 {day}",
        )
        self.earlier = earlier
        self.day = day


class DayCannotClose(PosError):
    """A day that has not begun, or one before the last closed day."""
