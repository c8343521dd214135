"""The cloud's rules for a till's journal: does a run of entries continue the chain the cloud holds?

Pure (no database), so the API's check of a batch and `pos-cloud journal verify`'s check of what is
stored are the same code. An entry holds when its body is the canonical JSON of an entry
(pos_app.journal.canonical), its hash is the SHA-256 of that body, the body names its seq and this till,
its prev is the link of the entry before (GENESIS for the first), and its signature verifies with the key
the till's first batch pinned. The first entry that does not hold is the break, with a code the till
can put in the cashier's words (sync/journal_protocol.py) and a reason for the operator.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from pos_app.journal import GENESIS, JOURNAL_START, canonical, hash_of, link_of, signature_ok
from sync.journal_protocol import (
    BAD_HASH,
    BAD_SIGNATURE,
    BROKEN_LINK,
    CHANGED,
    KEY_CHANGED,
    MISSING,
    NOT_CANONICAL,
    WRONG_ENTRY,
    JournalBreak,
    JournalEntry,
)

_HASH = re.compile(r"^[0-9a-f]{64}$")
_SIGNATURE = re.compile(r"^[0-9a-f]{128}$")
MAX_KIND = 24


@dataclass(frozen=True)
class Checked:
    """An entry that holds, with what its body says, ready to be stored."""

    seq: int
    uuid: UUID
    kind: str
    day: date
    body: str
    hash: str
    signature: str

    @property
    def link(self) -> str:
        return link_of(self.hash, self.signature)


@dataclass(frozen=True)
class Held:
    """An entry the cloud holds, as the till sent it."""

    body: str
    hash: str
    signature: str


@dataclass(frozen=True)
class ChainView:
    """What the cloud holds of one till's chain, as far as judging a batch needs it."""

    device_uuid: UUID
    public_key: str | None  # None: no batch has pinned one yet
    stored_through: int
    last_link: str  # the link of entry `stored_through` (GENESIS when it is 0)
    held: Mapping[int, Held]  # the held entries the batch sends again
    broken: JournalBreak | None  # the break found before, if any


@dataclass(frozen=True)
class Verdict:
    new: list[Checked]  # to store, in order, right after stored_through
    found: JournalBreak | None  # where the batch (or the chain before it) breaks


def break_at(seq: int, code: str, reason: str) -> JournalBreak:
    return JournalBreak(seq=seq, code=code, reason=reason[:500])


def judge(view: ChainView, public_key: str, after: int, entries: Sequence[JournalEntry]) -> Verdict:
    """The entries of a batch (consecutive from after + 1) against the chain: the held ones must come
    again unchanged, the new ones must each hold; everything before the first break is kept."""
    if view.broken is not None:
        return Verdict([], view.broken)
    if view.public_key is not None and public_key != view.public_key:
        reason = "the till signs with another public key than the one its first batch pinned"
        return Verdict([], break_at(view.stored_through + 1, KEY_CHANGED, reason))
    if after > view.stored_through:  # the till is ahead of the cloud (a restored cloud): it resends
        return Verdict([], None)
    new: list[Checked] = []
    link = view.last_link
    expected = after + 1
    for entry in entries:
        if entry.seq != expected:
            reason = f"entry {expected} is missing: entry {entry.seq} came after entry {expected - 1}"
            return Verdict(new, break_at(expected, MISSING, reason))
        expected += 1
        if entry.seq <= view.stored_through:
            held = view.held.get(entry.seq)
            if held != Held(entry.body, entry.hash, entry.signature):
                return Verdict(
                    new, break_at(entry.seq, CHANGED, f"entry {entry.seq} changed after it was sent")
                )
            continue
        checked = check_entry(
            entry.seq, entry.body, entry.hash, entry.signature, view.device_uuid, link, public_key
        )
        if isinstance(checked, JournalBreak):
            return Verdict(new, checked)
        new.append(checked)
        link = checked.link
    return Verdict(new, None)


def check_entry(
    seq: int, body: str, hash_hex: str, signature: str, device_uuid: UUID, prev: str, public_key: str
) -> Checked | JournalBreak:
    """One entry after the one whose link is `prev`; the checks in the order the module docstring says."""
    fields = _canonical_object(body)
    if fields is None:
        return break_at(seq, NOT_CANONICAL, f"entry {seq}: its body is not the canonical JSON of an entry")
    if not _HASH.match(hash_hex) or hash_of(body.encode()) != hash_hex:
        return break_at(seq, BAD_HASH, f"entry {seq}: its hash is not the SHA-256 of its body")
    said = _what_it_says(fields, seq, device_uuid)
    if said is None:
        reason = f"entry {seq}: its body does not name seq {seq} of this till with a uuid, a kind and a day"
        return break_at(seq, WRONG_ENTRY, reason)
    if fields.get("prev") != prev:
        before = f"follow entry {seq - 1}" if prev != GENESIS else "start the chain"
        return break_at(seq, BROKEN_LINK, f"entry {seq} does not {before}: its prev is not that entry's link")
    if not _SIGNATURE.match(signature) or not signature_ok(public_key, hash_hex, signature):
        reason = f"entry {seq}: its signature does not verify with the till's public key"
        return break_at(seq, BAD_SIGNATURE, reason)
    entry_uuid, kind, day = said
    if kind == JOURNAL_START and _named_key(fields) not in (None, public_key):
        reason = f"entry {seq} names another public key than the one the till signs with"
        return break_at(seq, KEY_CHANGED, reason)
    return Checked(seq, entry_uuid, kind, day, body, hash_hex, signature)


def _canonical_object(body: str) -> dict[str, Any] | None:
    try:
        fields = json.loads(body)
        if not isinstance(fields, dict) or canonical(fields) != body.encode():
            return None
    except (ValueError, RecursionError, UnicodeEncodeError):  # not JSON, a float, a lone surrogate
        return None
    return fields


def _what_it_says(fields: dict[str, Any], seq: int, device_uuid: UUID) -> tuple[UUID, str, date] | None:
    """The entry's uuid, kind and day, when the body names this seq of this till; None otherwise."""
    said_seq, device, kind = fields.get("seq"), fields.get("device"), fields.get("kind")
    if (
        type(said_seq) is not int
        or said_seq != seq
        or not isinstance(kind, str)
        or not 0 < len(kind) <= MAX_KIND
    ):
        return None
    try:
        if not isinstance(device, str) or UUID(device) != device_uuid:
            return None
        return UUID(str(fields.get("uuid"))), kind, date.fromisoformat(str(fields.get("day")))
    except ValueError:
        return None


def _named_key(fields: dict[str, Any]) -> object:
    data = fields.get("data")
    return data.get("public_key") if isinstance(data, dict) else None
