"""`pos-cloud journal status|verify`: what an operator looks at when a till's journal broke.

status lists every till's chain: how far the cloud holds it, when its last entry came and any break
(after a break the cloud refuses the till's later entries until someone looks). verify checks again,
with the same rules as the API (cloud/journal_rules.py), every entry the cloud stores for one till.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import ColumnElement, Connection, Row, select

from cloud.config import Settings
from cloud.db import Database
from cloud.errors import CloudError, Conflict, NotFound
from cloud.journal_rules import check_entry
from cloud.journal_service import first_break
from cloud.models import DeviceRow, JournalBreakRow, JournalChainRow, JournalEntryRow, MerchantRow, StoreRow
from pos_app.clock import Clock
from pos_app.journal import GENESIS
from sync.journal_protocol import MISSING, WRONG_ENTRY, JournalBreak

PAGE = 1000


@dataclass(frozen=True)
class Chain:
    merchant_id: UUID
    device_uuid: UUID
    device_id: UUID  # the pairing heard last
    where: str  # MERCHANT/STORE
    public_key: str
    stored_through: int
    last_entry_at: datetime | None


_CHAINS = (
    select(
        JournalChainRow.merchant_id,
        JournalChainRow.device_uuid,
        JournalChainRow.device_id,
        MerchantRow.name + "/" + StoreRow.name,
        JournalChainRow.public_key,
        JournalChainRow.stored_through,
        JournalChainRow.last_entry_at,
    )
    .join(StoreRow, StoreRow.id == JournalChainRow.store_id)
    .join(MerchantRow, MerchantRow.id == StoreRow.merchant_id)
)


_BREAKS = select(
    JournalBreakRow.merchant_id,
    JournalBreakRow.device_uuid,
    JournalBreakRow.seq,
    JournalBreakRow.code,
    JournalBreakRow.reason,
    JournalBreakRow.found_at,
)
_ENTRIES = select(
    JournalEntryRow.seq,
    JournalEntryRow.uuid,
    JournalEntryRow.kind,
    JournalEntryRow.business_day,
    JournalEntryRow.body,
    JournalEntryRow.hash,
    JournalEntryRow.signature,
).order_by(JournalEntryRow.seq)


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else "-"


def journal_status(db: Database, _s: Settings, _c: Clock, _args: argparse.Namespace) -> list[str]:
    lines = ["store\tdevice_id\tdevice_uuid\tstored_through\tlast_entry_at\tbreak"]
    with db.read() as conn:
        chains = [Chain(*row) for row in conn.execute(_CHAINS.order_by(MerchantRow.name, StoreRow.name))]
        breaks: dict[tuple[UUID, UUID], tuple[JournalBreak, datetime]] = {}
        for row in conn.execute(_BREAKS.order_by(JournalBreakRow.seq.desc())):
            found = JournalBreak(seq=row.seq, code=row.code, reason=row.reason)
            breaks[(row.merchant_id, row.device_uuid)] = (found, row.found_at)  # the lowest seq stays
    for c in chains:
        broken = breaks.get((c.merchant_id, c.device_uuid))
        said = f"at entry {broken[0].seq}, found {_when(broken[1])}: {broken[0].reason}" if broken else "-"
        lines.append(
            f"{c.where}\t{c.device_id}\t{c.device_uuid}\t{c.stored_through}\t{_when(c.last_entry_at)}\t{said}"
        )
    return lines


def journal_verify(db: Database, _s: Settings, _c: Clock, args: argparse.Namespace) -> list[str]:
    """Exits non-zero (a CloudError) when a stored entry does not hold: the cloud's copy was altered."""
    with db.read() as conn:
        chain = _find_chain(conn, args.device)
        checked, broken = _verify(conn, chain)
        recorded = first_break(conn, chain.merchant_id, chain.device_uuid)
    till = f"the journal of till {chain.device_uuid} ({chain.where})"
    if broken is not None:
        raise CloudError(f"{till} as stored is broken at entry {broken.seq}: {broken.reason}")
    lines = [f"{till}: entries 1 to {checked} verified, the chain holds"]
    if recorded is not None:
        lines.append(f"the till's entries from {recorded.seq} on are refused: {recorded.reason}")
    return lines


def _find_chain(conn: Connection, ref: str) -> Chain:
    """By the id of a pairing (as `device list` shows it) or by the till's own device_uuid."""
    try:
        wanted = UUID(ref.strip())
    except ValueError:
        raise NotFound(f"no device '{ref}' (a device is named by its id)") from None
    paired = conn.execute(
        select(StoreRow.merchant_id, DeviceRow.device_uuid)
        .join(StoreRow, StoreRow.id == DeviceRow.store_id)
        .where(DeviceRow.id == wanted)
    ).first()
    where: tuple[ColumnElement[bool], ...]
    if paired is not None:
        where = (
            JournalChainRow.merchant_id == paired.merchant_id,
            JournalChainRow.device_uuid == paired.device_uuid,
        )
    else:
        where = (JournalChainRow.device_uuid == wanted,)
    chains = [Chain(*row) for row in conn.execute(_CHAINS.where(*where))]
    if not chains:
        raise NotFound(f"device '{ref}' has sent no journal entries")
    if len(chains) > 1:
        raise Conflict(f"till '{ref}' has a journal at several merchants; name it by its device id")
    return chains[0]


def _verify(conn: Connection, chain: Chain) -> tuple[int, JournalBreak | None]:
    """How many stored entries hold, from the first, and the first that does not."""
    prev, expected = GENESIS, 1
    for row in _entries(conn, chain):
        if row.seq != expected:
            return expected - 1, JournalBreak(
                seq=expected, code=MISSING, reason=f"entry {expected} is missing"
            )
        checked = check_entry(
            row.seq, row.body, row.hash, row.signature, chain.device_uuid, prev, chain.public_key
        )
        if isinstance(checked, JournalBreak):
            return expected - 1, checked
        if (checked.uuid, checked.kind, checked.day) != (row.uuid, row.kind, row.business_day):
            reason = f"entry {row.seq}: its uuid, kind or day columns differ from its body"
            return expected - 1, JournalBreak(seq=row.seq, code=WRONG_ENTRY, reason=reason)
        prev, expected = checked.link, expected + 1
    if expected - 1 != chain.stored_through:
        reason = f"the chain says it holds {chain.stored_through} entries but {expected - 1} are stored"
        return expected - 1, JournalBreak(seq=expected, code=MISSING, reason=reason)
    return expected - 1, None


def _entries(conn: Connection, chain: Chain) -> Iterator[Row[int, UUID, str, date, str, str, str]]:
    """The chain's stored entries in seq order, a page at a time."""
    after = 0
    while True:
        page = conn.execute(
            _ENTRIES.where(
                JournalEntryRow.merchant_id == chain.merchant_id,
                JournalEntryRow.device_uuid == chain.device_uuid,
                JournalEntryRow.seq > after,
            ).limit(PAGE)
        ).all()
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].seq
