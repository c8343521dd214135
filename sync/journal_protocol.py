"""The journal's wire protocol: a till sends its fiscal journal entries (pos_app/journal.py) to the cloud,
which checks the chain and answers how far it holds it.

POST /v1/journal (signed like every device route) with a JournalBatch: the entries after `after` (the
highest seq the till believes the cloud holds), in seq order, each exactly as stored on the till. The
answer says `stored_through`, the highest seq the cloud holds for this till, contiguous from 1: it is the
truth the till resumes from. `break` is the first place the cloud found the chain broken (a changed
entry, a missing one, a signature that does not verify...); from then on the cloud refuses the till's
later entries and gives the same answer until an operator looks.

The wire checks shapes and sizes only: whether a hash or a signature is right is the cloud's verdict,
so a tampered entry comes back as a break, never as a refused request.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from sync.protocol import Model

MAX_JOURNAL_ENTRIES = 500
MAX_SEQ = 2**62
MAX_ENTRY_BODY = 1_000_000  # characters; a sale of 2,000 lines takes about a third of it

Seq = Annotated[int, Field(ge=1, le=MAX_SEQ)]

# The machine codes of a break, for the till to say it in the cashier's words.
MISSING = "missing"  # an entry is missing: the chain has a gap
CHANGED = "changed"  # an entry the cloud holds came again with other content
NOT_CANONICAL = "not_canonical"  # the body is not the canonical JSON that was signed
BAD_HASH = "bad_hash"  # the hash is not the SHA-256 of the body
WRONG_ENTRY = "wrong_entry"  # the body names another seq or device, or lacks what an entry holds
BROKEN_LINK = "broken_link"  # prev is not the link of the entry before
BAD_SIGNATURE = "bad_signature"  # the signature does not verify with the pinned public key
KEY_CHANGED = "key_changed"  # the till signs with another key than the one the cloud pinned
UUID_REUSED = "uuid_reused"  # the entry's uuid was already received


class JournalEntry(Model):
    seq: Seq
    body: Annotated[str, Field(max_length=MAX_ENTRY_BODY)]  # the canonical JSON text, as stored
    hash: Annotated[str, Field(max_length=200)]  # SHA-256 of the body, hex
    signature: Annotated[str, Field(max_length=400)]  # Ed25519 of the hash's bytes, hex


class JournalBatch(Model):
    public_key: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]  # the till's Ed25519 key, raw, hex
    after: Annotated[int, Field(ge=0, le=MAX_SEQ)]  # the seq the till resumes after
    entries: Annotated[list[JournalEntry], Field(min_length=1, max_length=MAX_JOURNAL_ENTRIES)]


class JournalBreak(Model):
    seq: Seq  # the first entry that does not hold
    code: Annotated[str, Field(max_length=32)]
    reason: Annotated[str, Field(max_length=500)]  # in English, for the operator


class JournalAnswer(Model):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True)

    stored_through: Annotated[int, Field(ge=0, le=MAX_SEQ)]
    break_: JournalBreak | None = Field(default=None, alias="break")

    @classmethod
    def of(cls, stored_through: int, found: JournalBreak | None) -> JournalAnswer:
        """`break` is a Python keyword: the field is `break_` in code and "break" on the wire."""
        return cls.model_validate({"stored_through": stored_through, "break": found})
