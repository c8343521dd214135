"""A till's journal made with pos_app.journal's own functions, for the cloud's tests: entries as a till
stores and sends them, and the ways an entry can be damaged."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pos_app.journal import GENESIS, JOURNAL_START, SALE, JournalSigner, body_of, hash_of, link_of

START = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    seq: int
    body: str
    hash: str
    signature: str

    def wire(self) -> dict[str, Any]:
        return {"seq": self.seq, "body": self.body, "hash": self.hash, "signature": self.signature}

    @property
    def link(self) -> str:
        return link_of(self.hash, self.signature)


def seal(
    signer: JournalSigner,
    *,
    device: str,
    seq: int,
    prev: str,
    kind: str = SALE,
    data: dict[str, Any] | None = None,
    entry_uuid: str | None = None,
) -> Entry:
    body = body_of(
        device=device,
        seq=seq,
        uuid=entry_uuid or str(uuid.uuid4()),
        kind=kind,
        ref=str(uuid.uuid4()),
        day=date(2026, 11, 25),
        at=START + timedelta(minutes=seq),
        prev=prev,
        data=data if data is not None else {"total_fen": 700 + seq, "note": "可口可乐"},
    )
    digest = hash_of(body)
    return Entry(seq, body.decode(), digest, signer.sign(digest))


@dataclass
class Journal:
    """One till's chain: a journal_start, then sales."""

    device: str
    signer: JournalSigner = field(default_factory=lambda: JournalSigner(os.urandom(32)))
    entries: list[Entry] = field(default_factory=list)

    @property
    def public_key(self) -> str:
        return self.signer.public_key_hex

    def grow(self, count: int) -> Journal:
        for _ in range(count):
            seq = len(self.entries) + 1
            if seq == 1:
                data = {"public_key": self.public_key, "prior_max_ids": {}}
                self.entries.append(
                    seal(self.signer, device=self.device, seq=1, prev=GENESIS, kind=JOURNAL_START, data=data)
                )
            else:
                self.entries.append(
                    seal(self.signer, device=self.device, seq=seq, prev=self.entries[-1].link)
                )
        return self

    def entry(self, seq: int) -> Entry:
        return self.entries[seq - 1]

    def reseal(self, seq: int, **changes: Any) -> Entry:
        """Entry `seq` made again and signed properly, with some of its fields other than they were."""
        fields: dict[str, Any] = {
            "device": self.device,
            "seq": seq,
            "prev": self.entry(seq - 1).link if seq > 1 else GENESIS,
        }
        return seal(changes.pop("signer", self.signer), **(fields | changes))

    def batch(
        self, first: int, last: int, after: int | None = None, **replaced: Entry | None
    ) -> dict[str, Any]:
        """The request body of entries first..last, some swapped (`e6=Entry(...)`) or left out (None)."""
        chosen = []
        for seq in range(first, last + 1):
            entry = replaced.get(f"e{seq}", self.entry(seq))
            if entry is not None:
                chosen.append(entry.wire())
        return {
            "public_key": self.public_key,
            "after": first - 1 if after is None else after,
            "entries": chosen,
        }


def with_body(entry: Entry, body: str) -> Entry:
    return replace(entry, body=body)
