"""Taking in a till's journal entries: judge the batch against the chain held, keep the valid prefix and
the first break, answer how far the chain is held (sync/journal_protocol.py; the rules: journal_rules.py).

The batch is judged outside the write transaction (checking 500 signatures takes a moment that other
writers need not wait for); the write then locks the chain's row and goes ahead only if the chain is
still as it was judged, otherwise it judges again. Two requests racing to start the same chain, or to
store the same entries, meet a unique constraint: the loser judges again and finds the entries held.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from cloud.db import Database
from cloud.errors import CloudError
from cloud.journal_rules import ChainView, Checked, Held, Verdict, break_at, judge
from cloud.models import DeviceRow, JournalBreakRow, JournalChainRow, JournalEntryRow
from cloud.records import Device
from pos_app.clock import Clock
from pos_app.journal import GENESIS, link_of
from sync.journal_protocol import UUID_REUSED, JournalAnswer, JournalBatch, JournalBreak

ATTEMPTS = 3


def receive(db: Database, clock: Clock, device: Device, batch: JournalBatch) -> JournalAnswer:
    for _ in range(ATTEMPTS):
        with db.read() as conn:
            view = load_view(conn, device.merchant_id, _device_uuid(conn, device.id), batch)
            verdict = judge(view, batch.public_key, batch.after, batch.entries)
            verdict = _unused_uuids(conn, verdict)
        if view.broken is not None or (not verdict.new and verdict.found is None):
            return _answer(view, verdict)  # nothing to write: refused as before, or all held already
        try:
            with db.write() as conn:
                if _head(conn, device.merchant_id, view.device_uuid) != _expected_head(view):
                    continue  # another request moved the chain meanwhile: judge again
                _keep(conn, clock.now(), device, view, batch.public_key, verdict)
            return _answer(view, verdict)
        except IntegrityError:
            continue
    raise CloudError("the journal is busy with another request; try again", code="journal_busy", status=503)


def _device_uuid(conn: Connection, device_id: UUID) -> UUID:
    return conn.execute(select(DeviceRow.device_uuid).where(DeviceRow.id == device_id)).scalar_one()


def load_view(conn: Connection, merchant_id: UUID, device_uuid: UUID, batch: JournalBatch) -> ChainView:
    chain = conn.execute(
        select(JournalChainRow.public_key, JournalChainRow.stored_through).where(
            JournalChainRow.merchant_id == merchant_id, JournalChainRow.device_uuid == device_uuid
        )
    ).first()
    if chain is None:
        return ChainView(device_uuid, None, 0, GENESIS, {}, None)
    public_key, through = chain
    broken = first_break(conn, merchant_id, device_uuid)
    last_seq = batch.entries[-1].seq
    wanted = select(
        JournalEntryRow.seq, JournalEntryRow.body, JournalEntryRow.hash, JournalEntryRow.signature
    )
    rows = conn.execute(
        wanted.where(
            JournalEntryRow.merchant_id == merchant_id,
            JournalEntryRow.device_uuid == device_uuid,
            JournalEntryRow.seq >= min(batch.after + 1, through),
            JournalEntryRow.seq <= min(through, max(last_seq, batch.after)),
        )
    ).all()
    held = {seq: Held(body, hash_hex, signature) for seq, body, hash_hex, signature in rows}
    last = held.get(through)
    last_link = link_of(last.hash, last.signature) if last else GENESIS
    return ChainView(device_uuid, public_key, through, last_link, held, broken)


def first_break(conn: Connection, merchant_id: UUID, device_uuid: UUID) -> JournalBreak | None:
    row = conn.execute(
        select(JournalBreakRow.seq, JournalBreakRow.code, JournalBreakRow.reason)
        .where(JournalBreakRow.merchant_id == merchant_id, JournalBreakRow.device_uuid == device_uuid)
        .order_by(JournalBreakRow.seq)
        .limit(1)
    ).first()
    return JournalBreak(seq=row.seq, code=row.code, reason=row.reason) if row else None


def _unused_uuids(conn: Connection, verdict: Verdict) -> Verdict:
    """The new entries up to the first whose uuid the cloud already has (in any chain), or repeats one
    of the batch: that entry is the break."""
    if not verdict.new:
        return verdict
    taken = set(
        conn.execute(
            select(JournalEntryRow.uuid).where(JournalEntryRow.uuid.in_([e.uuid for e in verdict.new]))
        ).scalars()
    )
    seen: set[UUID] = set()
    for index, entry in enumerate(verdict.new):
        if entry.uuid in taken or entry.uuid in seen:
            reason = f"entry {entry.seq}: its uuid was already received"
            return Verdict(verdict.new[:index], break_at(entry.seq, UUID_REUSED, reason))
        seen.add(entry.uuid)
    return verdict


def _head(conn: Connection, merchant_id: UUID, device_uuid: UUID) -> tuple[str | None, int, bool]:
    """The chain's key, how far it is held and whether it broke, its row locked until the commit."""
    row = conn.execute(
        select(JournalChainRow.public_key, JournalChainRow.stored_through)
        .where(JournalChainRow.merchant_id == merchant_id, JournalChainRow.device_uuid == device_uuid)
        .with_for_update()
    ).first()
    if row is None:
        return None, 0, False
    return row.public_key, row.stored_through, first_break(conn, merchant_id, device_uuid) is not None


def _expected_head(view: ChainView) -> tuple[str | None, int, bool]:
    return view.public_key, view.stored_through, view.broken is not None


def _keep(
    conn: Connection, now: datetime, device: Device, view: ChainView, public_key: str, verdict: Verdict
) -> None:
    """The valid prefix and the break, in the caller's transaction; the first batch pins the key."""
    key = {"merchant_id": device.merchant_id, "device_uuid": view.device_uuid}
    through = view.stored_through + len(verdict.new)
    moved = {"store_id": device.store_id, "device_id": device.id, "stored_through": through}
    if verdict.new:
        moved["last_entry_at"] = now
    if view.public_key is None:
        conn.execute(insert(JournalChainRow), {**key, **moved, "public_key": public_key, "pinned_at": now})
    else:
        conn.execute(
            update(JournalChainRow)
            .where(JournalChainRow.merchant_id == device.merchant_id)
            .where(JournalChainRow.device_uuid == view.device_uuid)
            .values(moved)
        )
    if verdict.new:
        conn.execute(insert(JournalEntryRow), [_row(e, key, device, now) for e in verdict.new])
    if verdict.found is not None:
        found = verdict.found
        conn.execute(
            insert(JournalBreakRow),
            {
                **key,
                "device_id": device.id,
                "seq": found.seq,
                "code": found.code,
                "reason": found.reason,
                "found_at": now,
            },
        )


def _row(entry: Checked, key: dict[str, UUID], device: Device, now: datetime) -> dict[str, object]:
    return {
        **key,
        "uuid": entry.uuid,
        "store_id": device.store_id,
        "device_id": device.id,
        "seq": entry.seq,
        "kind": entry.kind,
        "business_day": entry.day,
        "body": entry.body,
        "hash": entry.hash,
        "signature": entry.signature,
        "received_at": now,
    }


def _answer(view: ChainView, verdict: Verdict) -> JournalAnswer:
    return JournalAnswer.of(view.stored_through + len(verdict.new), verdict.found)
