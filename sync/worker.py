"""One sync run (push, journal, pull) for the UI's background worker and the CLI, and the retry policy.

No thread and no Qt here: the UI's worker calls `run_once` off the GUI thread and waits as `Backoff` says
between failed runs (sync/backoff.py). The outbox is pushed first, so the till's sales reach the cloud before anything is
pulled; a run that cannot reach the cloud stops at once and keeps everything for the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import requests

from pos_app.ports import SyncTransport
from pos_app.services.journal_sync import JournalSync
from pos_app.services.till import Till
from pos_app.sync_errors import ClockSkew, CloudUnreachable, NotPaired, SyncError
from sync import credentials
from sync.client import SyncClient
from sync.journal_push import JournalPush, JournalPushReport, JournalTransport
from sync.pull import Pull, PullReport
from sync.pump import Pump, PushReport


@dataclass(frozen=True)
class SyncSummary:
    push: PushReport
    pull: PullReport
    pending: int  # events still waiting for the cloud
    quarantined_total: int  # every event set aside so far, not only in this run
    clock_skew_s: int | None
    journal: JournalPushReport = field(default_factory=JournalPushReport)

    @property
    def error(self) -> SyncError | None:
        return self.push.error or self.journal.error or self.pull.error

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def worth_retrying(self) -> bool:
        """Offline and a wrong clock mend (by themselves or a person); a revoked device needs pairing."""
        return self.error is None or isinstance(self.error, CloudUnreachable | ClockSkew)


def connect(till: Till, session: requests.Session | None = None) -> SyncClient:
    """The client of the cloud this till is paired with; NotPaired or CredentialsMissing otherwise."""
    paired = till.sync_state.is_paired()
    if not paired:
        raise NotPaired()
    creds = credentials.load(till.data_dir, paired)
    return SyncClient(creds.cloud_url, creds, session)


def run_once(till: Till, transport: SyncTransport) -> SyncSummary:
    """Push the outbox, then the journal, then pull the catalog and cashiers; records the outcome for the
    status bar. A journal the cloud found broken does not stop the rest: it shows in the status."""
    push = Pump(till.store, transport, till.clock).push_pending()
    journal, pull = JournalPushReport(), PullReport()
    if push.error is None:
        if isinstance(transport, JournalTransport):  # a client of the cloud; a test's fake may not be
            cursor = JournalSync(till.store, till.clock)
            journal = JournalPush(cursor, transport, till.journal.public_key_hex, till.clock).run()
        pull = Pull(till.store, transport, till.clock, activity=till.activity).run()
    if pull.products:
        till.catalog.changed()
    error = push.error or journal.error or pull.error
    till.sync_state.record_attempt(str(error) if error else "", transport.clock_skew_s)
    status = till.sync_state.status()
    return SyncSummary(push, pull, status.pending, status.quarantined, transport.clock_skew_s, journal)
