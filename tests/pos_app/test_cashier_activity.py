"""The marker of a cashier at work: moved by every scan and sale, read by the sync before its bulk writes."""

from __future__ import annotations

from pathlib import Path

from pos_app.services.cashier_activity import LONGEST_WAIT_S, QUIET_S, CashierActivity
from tests.support import make_till


def test_a_scan_and_a_stored_sale_mark_the_cashier_busy_until_a_quiet_moment(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    assert not till.activity.busy()  # nobody has sold yet
    till.new_sale(cashier).scan("6901234567892")
    assert till.activity.busy()
    later = CashierActivity(till.activity.path, now=lambda: till.activity.path.stat().st_mtime + QUIET_S + 0.1)
    assert not later.busy()


def test_a_marker_that_cannot_be_written_never_stops_a_sale(tmp_path: Path) -> None:
    activity = CashierActivity(tmp_path / "no" / "such" / "dir" / "marker")
    activity.touch()
    assert not activity.busy()


def test_a_sync_waits_for_quiet_but_not_for_ever(tmp_path: Path) -> None:
    activity = CashierActivity(tmp_path / "marker")
    activity.touch()
    slept: list[float] = []
    activity.wait_for_quiet(sleep=slept.append)  # a shop that never pauses still gets its catalog
    assert round(sum(slept)) == LONGEST_WAIT_S
