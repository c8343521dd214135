"""The figures of each business day's sale entries, for recomputing the Z reports (audit_book.RecordFigures).

What is added up is what SQL gives for "the day's sale entries, each joined to its order by uuid": the
entries whose kind is the text 'sale', by their business_day, each with its order's total and its
tenders' amounts by kind; an entry whose order is gone counts for nothing. Running that join over
100,000 entries costs SQLite 0.8 s of index look-ups, so a stretch's walk (audit_part) tallies here the
entries whose figures it already holds from their orders' rendering, where that provably gives SQL's
answer: the entry's ref and day are text, its order was rendered, its total is an integer and it was
paid with one tender (or none) of an integer amount. Every other sale entry is left to the same SQL, by
seq (a tenth of them: split payments).
"""

from __future__ import annotations

import sqlite3
from typing import Any

DaySales = dict[str, tuple[int, int, dict[Any, int]]]  # by business_day: orders, gross, tenders by kind
Figures = tuple[int, tuple[tuple[Any, int], ...]]  # an order's total and its tenders (kind, amount)

# The same join for the entries of the seqs given (found by seq: '+' keeps SQLite off the kind index):
# orders and gross, then tenders by kind; the day as bytes, and whether it is text (only a text day can
# be a Z's: a number or bytes never equal the text a Z names its day by).
_DAY_SALES = """
WITH sold AS (
  SELECT j.business_day AS day, o.id AS order_id, o.total_fen AS total FROM journal_entries j
  JOIN orders o ON o.uuid = j.ref_uuid WHERE +j.kind = 'sale' AND j.seq IN ({seqs})
)
SELECT CAST(day AS BLOB), typeof(day) = 'text', NULL, count(*), coalesce(sum(total), 0) FROM sold
GROUP BY day
UNION ALL
SELECT CAST(s.day AS BLOB), typeof(s.day) = 'text', t.kind, NULL, sum(t.amount_fen) FROM sold s
JOIN tenders t ON t.order_id = s.order_id GROUP BY s.day, t.kind
"""
_CHUNK = 500  # seqs a query


def figures(total: object, tenders: int, kind: object, paid: object) -> Figures | None:
    """An order's figures as SQL adds them up, when they are plain integers and it has at most one tender
    (of that `kind`, for `paid`): its total and tenders by kind. None otherwise (SQL then decides)."""
    if type(total) is not int or tenders > 1:
        return None
    if tenders == 0:
        return total, ()
    return (total, ((kind, paid),)) if type(paid) is int else None


class DayTally:
    def __init__(self) -> None:
        self._by_day: dict[bytes, list[Any]] = {}  # orders, gross, tenders by kind, by the day's bytes
        self._left: list[int] = []  # seqs of the sale entries left to SQL

    def add(self, seq: int, day: bytes, ref: str, order: int | None, figures: Figures | None) -> None:
        """A sale entry (an entry whose kind is the text 'sale') whose ref and day are text: `ref` as
        decoded, `order` the id of the order of that uuid if any, `figures` that order's as rendered
        (None when it was not rendered, or its figures are not plain)."""
        if "\ufffd" in ref:  # its bytes may not be the ref's: SQL decides
            self._left.append(seq)
        elif order is None:  # no order of that uuid
            return
        elif figures is None:
            self._left.append(seq)
        else:
            tally = self._by_day.get(day)
            if tally is None:
                tally = self._by_day[day] = [0, 0, {}]
            tally[0] += 1
            tally[1] += figures[0]
            paid = tally[2]
            for kind, amount in figures[1]:
                paid[kind] = paid.get(kind, 0) + amount

    def leave(self, seq: int) -> None:
        """A sale entry whose ref or day is not text: SQL decides what it adds."""
        self._left.append(seq)

    def days(self, cursor: sqlite3.Cursor) -> DaySales:
        """The tally, with what SQL adds for the entries left to it, by day as text. A day that is not
        UTF-8 text is left out: it is no Z's day (a Z names its day as text, and "business_day = ?" with
        that text would not find it)."""
        days: DaySales = {}
        for day, (orders, gross, paid) in self._by_day.items():
            if (text := _text(day, True)) is not None:
                days[text] = (orders, gross, paid)
        for start in range(0, len(self._left), _CHUNK):
            seqs = self._left[start : start + _CHUNK]
            query = _DAY_SALES.replace("{seqs}", ", ".join("?" * len(seqs)))
            days = merged([days, _sql_days(cursor.execute(query, seqs).fetchall())])
        return days


def _sql_days(rows: list[Any]) -> DaySales:
    days: DaySales = {}
    for day, is_text, kind, orders, amount in rows:
        if (text := _text(day, is_text)) is None:
            continue
        count, gross, paid = days.get(text, (0, 0, {}))
        if kind is None:
            count, gross = count + orders, gross + amount
        else:
            paid[kind] = paid.get(kind, 0) + amount
        days[text] = (count, gross, paid)
    return days


def _text(day: bytes, is_text: bool) -> str | None:
    try:
        return day.decode() if is_text else None
    except UnicodeDecodeError:
        return None


def merged(parts: list[DaySales]) -> DaySales:
    """The figures of several stretches of the journal, day by day."""
    out: DaySales = {}
    for days in parts:
        for day, (orders, gross, tenders) in days.items():
            had_orders, had_gross, had_tenders = out.get(day, (0, 0, {}))
            paid = dict(had_tenders)
            for kind, amount in tenders.items():
                paid[kind] = paid.get(kind, 0) + amount
            out[day] = (had_orders + orders, had_gross + gross, paid)
    return out
