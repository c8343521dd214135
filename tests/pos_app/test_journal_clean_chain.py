"""A clean chain of 100,000 events raises no alarm (in a file of its own, so the test runner can run it beside
the 1,000 tampers of tests/pos_app/test_journal_tamper.py: each takes about a minute)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.journal_shop import JournalShop
from tests.support import FakeClock, make_till


def test_a_clean_chain_of_100000_events_raises_no_alarm(tmp_path: Path) -> None:
    """Sales written in bulk with their signed entries (benchmarks/journal_shop.py), over two days."""
    till, cashier, _ = make_till(tmp_path, FakeClock())
    shop = JournalShop(till, cashier, seed=5)
    for day in range(2):
        start = datetime(2026, 11, 25, 1, tzinfo=UTC) + timedelta(days=day)
        shop.sales(date(2026, 11, 25) + timedelta(days=day), 50_000 - 2 * day, start, timedelta(seconds=1.5))
    result = till.audit.verify()
    assert result.ok, [str(found) for found in result.breaks[:5]]
    assert result.entries == 100_000 and result.records["orders"] == 99_998
    assert result.seconds < 120  # a sanity bound: the figure is benchmarks/bench_journal_verify.py's
