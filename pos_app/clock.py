"""Time: stored in UTC; the business day follows the store's time zone and its day cut-off."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time as an aware UTC datetime."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def to_storage(moment: datetime) -> datetime:
    """The database keeps naive UTC datetimes."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_storage(stored: datetime) -> datetime:
    return stored.replace(tzinfo=UTC)


def business_day(moment: datetime, timezone: str, cutoff: time) -> date:
    """The trading day a moment belongs to: a sale at 02:00 with a 04:00 cut-off counts for the day before."""
    local = moment.astimezone(ZoneInfo(timezone))
    day = local.date()
    return day - timedelta(days=1) if local.time() < cutoff else day


def local_time(stored: datetime, timezone: str) -> datetime:
    return from_storage(stored).astimezone(ZoneInfo(timezone))
