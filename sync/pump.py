"""The outbox pump: sends the till's pending events to the cloud, oldest first, and forgets only acked ones.

An event leaves the outbox only when the cloud answered "stored" or "duplicate" for it (a retry of a push
whose answer was lost is therefore harmless: the cloud's unique constraint answers "duplicate"). An event
the cloud will never accept ("rejected") is quarantined with the cloud's reason and the rest go on. A batch
refused whole (413 too large, 422 malformed) is split in halves until the one bad event is found and
quarantined. No network, a timeout or a server error stops the run and keeps everything for later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError
from sqlalchemy import Update, delete, select, update

from pos_app.clock import Clock, to_storage
from pos_app.ports import JsonObject, SyncTransport
from pos_app.services.outbox import PENDING, QUARANTINED
from pos_app.store.db import Store
from pos_app.store.models import OutboxRow
from pos_app.sync_errors import BatchRefused, CloudProtocolError, SyncError
from sync.protocol import MAX_BODY_BYTES, PushResponse

BATCH_SIZE = 200


@dataclass
class PushReport:
    stored: int = 0
    duplicate: int = 0
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (event_id, the reason)
    error: SyncError | None = None  # why the run stopped early; the unsent events stay pending

    @property
    def pushed(self) -> int:
        return self.stored + self.duplicate


@dataclass(frozen=True)
class _Pending:
    id: int
    event_id: str
    payload: str


class Pump:
    def __init__(
        self, store: Store, transport: SyncTransport, clock: Clock, batch_size: int = BATCH_SIZE
    ) -> None:
        self._store = store
        self._transport = transport
        self._clock = clock
        self._batch_size = batch_size

    def push_pending(self) -> PushReport:
        """Pushes until the outbox holds no pending event, or until the cloud cannot be used."""
        report = PushReport()
        try:
            while batch := self._oldest_pending():
                if self._send(batch, report) == 0:
                    raise CloudProtocolError("the cloud acknowledged none of the events sent")
        except SyncError as exc:
            report.error = exc
        return report

    def _oldest_pending(self) -> list[_Pending]:
        with self._store.read() as session:
            rows = session.execute(
                select(OutboxRow.id, OutboxRow.event_id, OutboxRow.payload)
                .where(OutboxRow.status == PENDING)
                .order_by(OutboxRow.id)
                .limit(self._batch_size)
            )
            return [_Pending(*row) for row in rows]

    def _send(self, batch: list[_Pending], report: PushReport) -> int:
        """Sends `batch`, halving it while the cloud refuses it whole; returns how many events it settled."""
        events: list[JsonObject] = []
        sendable: list[_Pending] = []
        for event in batch:
            try:
                events.append(_object(event.payload))
                sendable.append(event)
            except ValueError:
                self._quarantine(event, "the stored event is not a JSON object", report)
        settled = len(batch) - len(sendable)
        if not sendable:
            return settled
        if len(sendable) > 1 and _body_size(events) > MAX_BODY_BYTES:
            return settled + self._halves(sendable, report)
        try:
            answer = self._transport.push(events)
        except BatchRefused as exc:
            if len(sendable) == 1:
                self._quarantine(sendable[0], f"{exc.status}: {exc.message}", report)
                return settled + 1
            return settled + self._halves(sendable, report)
        except SyncError as exc:
            self._note_failure(sendable, str(exc))
            raise
        return settled + self._settle(sendable, answer, report)

    def _halves(self, batch: list[_Pending], report: PushReport) -> int:
        middle = len(batch) // 2
        return self._send(batch[:middle], report) + self._send(batch[middle:], report)

    def _settle(self, sent: list[_Pending], answer: JsonObject, report: PushReport) -> int:
        """In one transaction: acked events deleted, rejected ones quarantined with the cloud's reason."""
        try:
            results = PushResponse.model_validate(answer).results
        except ValidationError as exc:
            raise CloudProtocolError(f"push answer: {exc.error_count()} bad fields") from None
        by_id = {e.event_id: e for e in sent}
        acked: list[int] = []
        rejected: list[tuple[_Pending, str]] = []
        for result in results:
            event = by_id.pop(str(result.event_id), None)
            if event is None:
                continue  # not one we sent, or answered twice
            if result.status == "rejected":
                rejected.append((event, result.error or "rejected"))
            else:
                acked.append(event.id)
                if result.status == "stored":
                    report.stored += 1
                else:
                    report.duplicate += 1
        now = to_storage(self._clock.now())
        with self._store.unit_of_work() as session:
            if acked:
                session.execute(delete(OutboxRow).where(OutboxRow.id.in_(acked)))
            for event, reason in rejected:
                session.execute(_quarantine(event.id, reason, now))
                report.quarantined.append((event.event_id, reason))
            if by_id:  # sent, but the cloud said nothing of them: they stay pending
                session.execute(
                    update(OutboxRow)
                    .where(OutboxRow.id.in_([e.id for e in by_id.values()]))
                    .values(
                        attempts=OutboxRow.attempts + 1, last_error="no answer for this event", updated_at=now
                    )
                )
        return len(acked) + len(rejected)

    def _quarantine(self, event: _Pending, reason: str, report: PushReport) -> None:
        with self._store.unit_of_work() as session:
            session.execute(_quarantine(event.id, reason, to_storage(self._clock.now())))
        report.quarantined.append((event.event_id, reason))

    def _note_failure(self, sent: list[_Pending], reason: str) -> None:
        """The attempt is counted and its reason kept, for whoever looks at a stuck outbox."""
        with self._store.unit_of_work() as session:
            session.execute(
                update(OutboxRow)
                .where(OutboxRow.id.in_([e.id for e in sent]))
                .values(
                    attempts=OutboxRow.attempts + 1,
                    last_error=reason,
                    updated_at=to_storage(self._clock.now()),
                )
            )


def _quarantine(outbox_id: int, reason: str, now: datetime) -> Update:
    return (
        update(OutboxRow)
        .where(OutboxRow.id == outbox_id)
        .values(status=QUARANTINED, attempts=OutboxRow.attempts + 1, last_error=reason[:2000], updated_at=now)
    )


def _object(payload: str) -> JsonObject:
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise ValueError("not an object")
    return data


def _body_size(events: list[JsonObject]) -> int:
    return len(json.dumps({"events": events}, ensure_ascii=False, separators=(",", ":")).encode())
