"""What the till knows of its journal's way to the cloud: how far the cloud holds it, and a break it found.

sync/journal_push.py reads the entries after the cursor here and records each answer of the cloud; the
cloud's stored_through is the truth the cursor follows (after a restore or a lost answer the till sends
again from there). A break the cloud found is kept until the cloud answers without one, and shown to the
manager through the sync status in plain words. Both live in the meta table: no schema of their own.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos_app.clock import Clock
from pos_app.i18n import pick
from pos_app.store.db import Store
from pos_app.store.models import JournalEntryRow, Meta

PUSHED_SEQ = "journal_pushed_seq"
BREAK = "journal_break"

# The cloud's break codes (sync/journal_protocol.py) in the shop's words; an unknown code shows the
# cloud's own reason.
_REASONS = {
    "missing": ("the entry is missing", "该条记录缺失"),
    "changed": ("the entry was changed after it was sent", "该条记录在上传后被改动"),
    "not_canonical": ("the entry's content is not in its signed form", "记录内容不是签名时的格式"),
    "bad_hash": ("the entry's content does not match its hash", "记录内容与其哈希值不符"),
    "wrong_entry": ("the entry names another number or device", "记录的序号或设备不符"),
    "broken_link": ("the entry does not link to the one before", "与上一条记录的链接断开"),
    "bad_signature": ("the entry's signature does not verify", "记录的签名验证失败"),
    "key_changed": ("the till's signing key changed", "本机签名密钥已更换"),
    "uuid_reused": ("the entry's number was used before", "记录编号重复"),
}


@dataclass(frozen=True)
class StoredEntry:
    """An entry as the journal holds it and as it is sent."""

    seq: int
    body: str
    hash: str
    signature: str


@dataclass(frozen=True)
class JournalBreak:
    """Where the cloud found this till's journal broken; `reason` is the cloud's, for an administrator."""

    seq: int
    code: str
    reason: str
    found_at: datetime
    checked_at: datetime  # the last time the cloud was asked and still said so

    @property
    def message(self) -> str:
        en, zh = _REASONS.get(self.code, (self.reason, self.reason))
        return pick(
            f"The cloud found this till's tamper-evident journal broken at entry {self.seq}: {en}. "
            "Contact the administrator",
            f"云端发现本机防篡改日志在第 {self.seq} 条断开：{zh}，请联系管理员",
        )

    def to_json(self) -> str:
        data = asdict(self) | {
            "found_at": self.found_at.isoformat(),
            "checked_at": self.checked_at.isoformat(),
        }
        return json.dumps(data, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> JournalBreak:
        data = json.loads(text)
        return cls(
            int(data["seq"]),
            str(data["code"]),
            str(data["reason"]),
            datetime.fromisoformat(data["found_at"]),
            datetime.fromisoformat(data["checked_at"]),
        )


def read_break(session: Session) -> JournalBreak | None:
    row = session.get(Meta, BREAK)
    return JournalBreak.from_json(row.value) if row else None


def waiting(session: Session) -> int:
    """Entries the cloud is not known to hold yet."""
    head = session.scalar(select(func.max(JournalEntryRow.seq))) or 0
    pushed = session.get(Meta, PUSHED_SEQ)
    return max(0, head - (int(pushed.value) if pushed else 0))


def _text(value: object) -> str:
    """A column as text, whatever was written into it by hand (SQLite keeps a BLOB as it was given)."""
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _put(session: Session, key: str, value: str) -> None:
    """An upsert: two syncs at once (the UI's worker and `pos-till sync`) may both write the key."""
    stmt = sqlite_insert(Meta).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=[Meta.key], set_={"value": value}))


class JournalSync:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    def cursor(self) -> int:
        """The highest seq the cloud said it holds (0 before its first answer)."""
        with self._store.read() as session:
            row = session.get(Meta, PUSHED_SEQ)
            return int(row.value) if row else 0

    def standing_break(self) -> JournalBreak | None:
        with self._store.read() as session:
            return read_break(session)

    def entries_after(self, seq: int, limit: int) -> list[StoredEntry]:
        with self._store.read() as session:
            rows = session.execute(
                select(
                    JournalEntryRow.seq, JournalEntryRow.body, JournalEntryRow.hash, JournalEntryRow.signature
                )
                .where(JournalEntryRow.seq > seq)
                .order_by(JournalEntryRow.seq)
                .limit(limit)
            )
            return [
                StoredEntry(seq, _text(body), _text(digest), _text(sig)) for seq, body, digest, sig in rows
            ]

    def record_answer(self, stored_through: int, found: tuple[int, str, str] | None) -> JournalBreak | None:
        """The cloud's answer in one transaction: the cursor, and the break (seq, code, reason) it found,
        or none any more. A break seen before keeps the moment it was first found."""
        now = self._clock.now()
        with self._store.unit_of_work() as session:
            _put(session, PUSHED_SEQ, str(stored_through))
            before = read_break(session)
            if found is None:
                if before is not None:
                    session.delete(session.get(Meta, BREAK))
                return None
            seq, code, reason = found
            same = before is not None and (before.seq, before.code) == (seq, code)
            found_at = before.found_at if before is not None and same else now
            standing = JournalBreak(seq, code, reason, found_at, now)
            _put(session, BREAK, standing.to_json())
            return standing
