"""Sending the till's fiscal journal to the cloud after the outbox, in each sync run (sync/journal_protocol.py).

The entries after the cloud's stored_through go in seq order, in batches of at most MAX_JOURNAL_ENTRIES
and MAX_BODY_BYTES. Each answer moves the cursor to what the cloud says it holds: it is the truth, so after
a lost answer, or a cloud restored from a backup, the till sends again from there. A break the cloud
found is recorded for the sync status and the push rests for RECHECK_AFTER, so a till whose journal broke
does not send the same entries every minute, while sales and the outbox keep syncing. An answer the till
does not understand raises the usual CloudProtocolError and changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol, runtime_checkable

from pydantic import ValidationError

from pos_app.clock import Clock
from pos_app.ports import JsonObject
from pos_app.services.journal_sync import JournalBreak, JournalSync, StoredEntry
from pos_app.sync_errors import CloudProtocolError, SyncError
from sync.journal_protocol import MAX_JOURNAL_ENTRIES, JournalAnswer
from sync.protocol import MAX_BODY_BYTES

PATH = "/v1/journal"
RECHECK_AFTER = timedelta(hours=1)
_ENVELOPE_BYTES = 200  # {"public_key":"…64 hex…","after":N,"entries":[]}
_ENTRY_BYTES = 60  # an entry's keys, quotes and commas around its values


@runtime_checkable
class JournalTransport(Protocol):
    """What the journal needs of the cloud's client (sync.client.SyncClient): one signed POST."""

    def post(self, path: str, body: bytes) -> JsonObject: ...


@dataclass
class JournalPushReport:
    acked: int = 0  # entries the cloud newly said it holds in this run
    stored_through: int | None = None  # the cloud's last word, when it was asked
    broken: JournalBreak | None = None  # the break standing after this run
    resting: bool = False  # a break stands and the cloud was not asked again this run
    error: SyncError | None = None  # why the run stopped early; nothing was lost


class JournalPush:
    def __init__(
        self,
        journal: JournalSync,
        transport: JournalTransport,
        public_key: str,
        clock: Clock,
        batch_size: int = MAX_JOURNAL_ENTRIES,
        max_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._journal = journal
        self._transport = transport
        self._public_key = public_key
        self._clock = clock
        self._batch_size = batch_size
        self._max_bytes = max_bytes

    def run(self) -> JournalPushReport:
        report = JournalPushReport()
        standing = self._journal.standing_break()
        if standing is not None and self._clock.now() - standing.checked_at < RECHECK_AFTER:
            report.broken, report.resting = standing, True
            return report
        try:
            self._push(report)
        except SyncError as exc:
            report.error = exc
        return report

    def _push(self, report: JournalPushReport) -> None:
        cursor = self._journal.cursor()
        rewound = False
        while entries := self._batch(cursor):
            answer = self._send(cursor, entries)
            last = entries[-1].seq
            found = answer.break_
            if found is None and answer.stored_through < last:
                if answer.stored_through < cursor and not rewound:
                    rewound = True  # the cloud holds less than the till thought: from there again
                else:
                    raise CloudProtocolError("the cloud kept part of the journal entries without saying why")
            through = min(answer.stored_through, last)  # never past what was sent
            broken = self._journal.record_answer(
                through, (found.seq, found.code, found.reason) if found is not None else None
            )
            report.acked += max(0, through - cursor)
            report.stored_through, report.broken = through, broken
            if broken is not None:
                return
            cursor = through

    def _batch(self, cursor: int) -> list[StoredEntry]:
        """The entries after `cursor`, as many as one request may carry (always at least one)."""
        size = _ENVELOPE_BYTES
        batch: list[StoredEntry] = []
        for entry in self._journal.entries_after(cursor, self._batch_size):
            size += _ENTRY_BYTES + len(
                json.dumps(entry.body, ensure_ascii=False).encode(errors="surrogatepass")
            )
            size += len(entry.hash) + len(entry.signature)
            if batch and size > self._max_bytes:
                break
            batch.append(entry)
        return batch

    def _send(self, after: int, entries: list[StoredEntry]) -> JournalAnswer:
        """The entries exactly as stored: a damaged one is the cloud's to judge, not the till's to drop."""
        request = {
            "public_key": self._public_key,
            "after": after,
            "entries": [
                {"seq": e.seq, "body": e.body, "hash": e.hash, "signature": e.signature} for e in entries
            ],
        }
        answer = self._transport.post(PATH, _encoded(request))
        try:
            return JournalAnswer.model_validate(answer)
        except ValidationError as exc:
            raise CloudProtocolError(f"journal answer: {exc.error_count()} bad fields") from None


def _encoded(request: JsonObject) -> bytes:
    """UTF-8 JSON; text that UTF-8 cannot carry (a lone surrogate written into the journal by hand) goes
    as an escape, so the cloud sees the damage instead of the till failing to send."""
    try:
        return json.dumps(request, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:
        return json.dumps(request, separators=(",", ":")).encode()
