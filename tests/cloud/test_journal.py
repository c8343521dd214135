"""A till's fiscal journal at the cloud: a clean chain kept once, every kind of break found and reported
once, the till's later entries refused after a break, and what an operator sees with `pos-cloud journal`."""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis import GenerationMode
from sqlalchemy import func, select, update

from cloud import cli as cloud_cli
from cloud.models import JournalBreakRow, JournalEntryRow
from pos_app.journal import JournalSigner, hash_of
from tests.cloud.conftest import (
    BaseUrlSession,
    DeviceAuth,
    LiveCloud,
    Paired,
    Shop,
    make_store,
    pair_device,
    run_cli,
)
from tests.cloud.journal_entries import Journal, with_body
from tests.cloud.test_schema import _fuzz

Damage = Callable[[Journal], dict[str, Any]]


def post(session: BaseUrlSession, batch: dict[str, Any]) -> dict[str, Any]:
    answer = session.post("/v1/journal", json=batch)
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def held(cloud: LiveCloud, till: Paired) -> list[int]:
    with cloud.db.read() as conn:
        return list(
            conn.execute(
                select(JournalEntryRow.seq)
                .where(JournalEntryRow.device_uuid == uuid.UUID(till.device_uuid))
                .order_by(JournalEntryRow.seq)
            ).scalars()
        )


def breaks(cloud: LiveCloud, till: Paired) -> list[tuple[int, str]]:
    with cloud.db.read() as conn:
        rows = conn.execute(
            select(JournalBreakRow.seq, JournalBreakRow.code).where(
                JournalBreakRow.device_uuid == uuid.UUID(till.device_uuid)
            )
        )
        return [(seq, code) for seq, code in rows]


def test_a_clean_chain_is_kept_in_batches_and_a_resend_changes_nothing(
    cloud: LiveCloud, till: Paired, signed: BaseUrlSession
) -> None:
    journal = Journal(till.device_uuid).grow(12)
    assert post(signed, journal.batch(1, 5)) == {"stored_through": 5, "break": None}
    assert post(signed, journal.batch(6, 12)) == {"stored_through": 12, "break": None}
    assert post(signed, journal.batch(1, 12)) == {"stored_through": 12, "break": None}  # an answer lost
    assert post(signed, journal.batch(4, 8)) == {"stored_through": 12, "break": None}
    assert held(cloud, till) == list(range(1, 13))
    with cloud.db.read() as conn:
        kinds = conn.execute(
            select(JournalEntryRow.kind, func.count())
            .where(JournalEntryRow.device_uuid == uuid.UUID(till.device_uuid))
            .group_by(JournalEntryRow.kind)
        ).all()
        body = conn.execute(select(JournalEntryRow.body).where(JournalEntryRow.seq == 7)).scalars().all()
    assert dict(kinds) == {"journal_start": 1, "sale": 11}
    assert journal.entry(7).body in body  # byte for byte as the till signed it
    assert breaks(cloud, till) == []


def test_a_till_ahead_of_the_cloud_is_told_where_to_resume(till: Paired, signed: BaseUrlSession) -> None:
    journal = Journal(till.device_uuid).grow(9)
    assert post(signed, journal.batch(1, 3)) == {"stored_through": 3, "break": None}
    # a cloud restored from an older backup: the till thinks it holds 6 and sends 7..9
    assert post(signed, journal.batch(7, 9)) == {"stored_through": 3, "break": None}
    assert post(signed, journal.batch(4, 9)) == {"stored_through": 9, "break": None}


def _changed_total(journal: Journal, seq: int) -> str:
    body = journal.entry(seq).body
    changed = body.replace(f'"total_fen":{700 + seq}', '"total_fen":1')
    assert changed != body
    return changed


def _flip(text: str) -> str:
    return ("1" if text[0] != "1" else "2") + text[1:]


def _uuid_of(journal: Journal, seq: int) -> str:
    return str(json.loads(journal.entry(seq).body)["uuid"])


# Entries 1..3 are held; then entries 4..8 come with one damage. (what, batch, break seq, break code)
DAMAGES: list[tuple[str, Damage, int, str]] = [
    ("body changed", lambda j: j.batch(4, 8, e6=with_body(j.entry(6), _changed_total(j, 6))), 6, "bad_hash"),
    (
        "body changed and hashed again",
        lambda j: j.batch(
            4,
            8,
            e6=replace(j.entry(6), body=_changed_total(j, 6), hash=hash_of(_changed_total(j, 6).encode())),
        ),
        6,
        "bad_signature",
    ),
    (
        "hash changed",
        lambda j: j.batch(4, 8, e6=replace(j.entry(6), hash=_flip(j.entry(6).hash))),
        6,
        "bad_hash",
    ),
    (
        "body not canonical",
        lambda j: j.batch(4, 8, e6=with_body(j.entry(6), "{ " + j.entry(6).body[1:])),
        6,
        "not_canonical",
    ),
    (
        "signature changed",
        lambda j: j.batch(4, 8, e6=replace(j.entry(6), signature=_flip(j.entry(6).signature))),
        6,
        "bad_signature",
    ),
    (
        "signed with another key",
        lambda j: j.batch(4, 8, e6=j.reseal(6, signer=JournalSigner(os.urandom(32)))),
        6,
        "bad_signature",
    ),
    (
        "batch under another key",
        lambda j: j.batch(4, 8) | {"public_key": JournalSigner(os.urandom(32)).public_key_hex},
        4,
        "key_changed",
    ),
    ("entry left out", lambda j: j.batch(4, 8, e6=None), 6, "missing"),
    ("first entry left out", lambda j: j.batch(4, 8, after=3, e4=None), 4, "missing"),
    (
        "linked to the wrong entry",
        lambda j: j.batch(4, 8, e6=j.reseal(6, prev=j.entry(4).link)),
        6,
        "broken_link",
    ),
    (
        "names another till",
        lambda j: j.batch(4, 8, e6=j.reseal(6, device=str(uuid.uuid4()))),
        6,
        "wrong_entry",
    ),
    (
        "uuid used before",
        lambda j: j.batch(4, 8, e6=j.reseal(6, entry_uuid=_uuid_of(j, 2))),
        6,
        "uuid_reused",
    ),
    (
        "a sent entry sent again with other content",
        lambda j: j.batch(2, 8, e3=j.reseal(3, data={"total_fen": 1})),
        3,
        "changed",
    ),
]


@pytest.mark.parametrize(("damage", "seq", "code"), [d[1:] for d in DAMAGES], ids=[d[0] for d in DAMAGES])
def test_a_break_is_found_reported_once_and_the_tills_later_entries_are_refused(
    cloud: LiveCloud, till: Paired, signed: BaseUrlSession, damage: Damage, seq: int, code: str
) -> None:
    journal = Journal(till.device_uuid).grow(8)
    assert post(signed, journal.batch(1, 3))["stored_through"] == 3
    answer = post(signed, damage(journal))
    kept = max(3, seq - 1)  # the entries before the break are kept
    assert answer["stored_through"] == kept
    assert answer["break"]["seq"] == seq and answer["break"]["code"] == code, answer
    assert answer["break"]["reason"]
    assert held(cloud, till) == list(range(1, kept + 1))

    assert post(signed, damage(journal)) == answer  # sent again: the same answer
    assert post(signed, journal.batch(kept + 1, 8)) == answer  # the good entries are refused too
    assert post(signed, journal.batch(1, 8)) == answer
    assert held(cloud, till) == list(range(1, kept + 1))
    assert breaks(cloud, till) == [(seq, code)]  # recorded once


def test_two_requests_with_the_same_entries_at_once_store_them_once(cloud: LiveCloud, till: Paired) -> None:
    journal = Journal(till.device_uuid).grow(200)
    answers: list[dict[str, Any]] = []
    start = threading.Barrier(4)

    def send() -> None:
        with till.session(cloud) as session:
            start.wait()
            answers.append(post(session, journal.batch(1, 200)))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert answers == [{"stored_through": 200, "break": None}] * 4
    assert held(cloud, till) == list(range(1, 201))


def test_a_till_paired_again_goes_on_with_its_chain_and_another_merchant_keeps_its_own(
    cloud: LiveCloud, shop: Shop, till: Paired, signed: BaseUrlSession
) -> None:
    journal = Journal(till.device_uuid).grow(6)
    assert post(signed, journal.batch(1, 3))["stored_through"] == 3
    again = pair_device(cloud, shop.store_id, device_uuid=till.device_uuid)
    with again.session(cloud) as session:
        assert post(session, journal.batch(4, 6)) == {"stored_through": 6, "break": None}
    stranger = pair_device(cloud, make_store(cloud).store_id, device_uuid=till.device_uuid)
    other = Journal(till.device_uuid).grow(2)
    with stranger.session(cloud) as session:
        assert post(session, other.batch(1, 2)) == {"stored_through": 2, "break": None}  # a chain of its own
    assert held(cloud, till) == [1, 1, 2, 2, 3, 4, 5, 6]


def test_a_request_that_is_not_a_batch_is_refused_whole_and_stores_nothing(
    cloud: LiveCloud, till: Paired, signed: BaseUrlSession
) -> None:
    journal = Journal(till.device_uuid).grow(2)
    for bad in (
        journal.batch(1, 2) | {"public_key": "not a key"},
        journal.batch(1, 2) | {"entries": []},
        {"entries": journal.batch(1, 2)["entries"]},
        journal.batch(1, 2) | {"extra": 1},
    ):
        answer = signed.post("/v1/journal", json=bad)
        assert answer.status_code == 422 and answer.json()["code"] == "invalid_payload", answer.text
    assert signed.post("/v1/journal", data=b"{not json").status_code == 422
    assert cloud.http().post("/v1/journal", json=journal.batch(1, 2)).status_code == 401
    assert held(cloud, till) == []


def verify(cloud: LiveCloud, device: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`pos-cloud journal verify --device D`, run in this process (status shows the command itself)."""
    code = cloud_cli.main(["journal", "verify", "--device", device, "--db", cloud.db_url])
    said = capsys.readouterr()
    return code, said.out, said.err


def test_an_operator_sees_each_tills_chain_and_verifies_what_is_stored(
    cloud: LiveCloud, shop: Shop, till: Paired, signed: BaseUrlSession, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = Journal(till.device_uuid).grow(5)
    post(signed, journal.batch(1, 5))
    broken = pair_device(cloud, shop.store_id)
    damaged = Journal(broken.device_uuid).grow(4)
    with broken.session(cloud) as session:
        post(session, damaged.batch(1, 4, e3=replace(damaged.entry(3), hash=_flip(damaged.entry(3).hash))))

    status = run_cli("journal", "status", db_url=cloud.db_url)  # as an admin types it
    assert status.returncode == 0, status.stderr
    rows = {line.split("\t")[2]: line.split("\t") for line in status.stdout.splitlines()[1:]}
    assert rows[till.device_uuid][0] == f"{shop.merchant_name}/{shop.store_name}"
    assert rows[till.device_uuid][1] == till.device_id
    assert rows[till.device_uuid][3] == "5" and rows[till.device_uuid][4] != "-"
    assert rows[till.device_uuid][5] == "-"
    assert rows[broken.device_uuid][3] == "2"
    assert (
        rows[broken.device_uuid][5].startswith("at entry 3, found ") and "hash" in rows[broken.device_uuid][5]
    )

    code, out, _ = verify(cloud, till.device_id, capsys)
    assert code == 0 and f"the journal of till {till.device_uuid}" in out
    assert "entries 1 to 5 verified, the chain holds" in out
    code, out, _ = verify(cloud, broken.device_uuid, capsys)  # by the till's own uuid
    assert code == 0 and "entries 1 to 2 verified" in out and "entries from 3 on are refused" in out

    with cloud.db.write() as conn:  # someone with access to the cloud's database changes a sale
        conn.execute(
            update(JournalEntryRow)
            .where(JournalEntryRow.device_uuid == uuid.UUID(till.device_uuid), JournalEntryRow.seq == 4)
            .values(body=_changed_total(journal, 4))
        )
    code, _, err = verify(cloud, till.device_id, capsys)
    assert code == 1 and "broken at entry 4" in err and "hash" in err
    code, _, err = verify(cloud, str(uuid.uuid4()), capsys)
    assert code == 1 and "has sent no journal entries" in err


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_whatever_a_till_sends_the_journal_route_answers_as_documented(
    cloud: LiveCloud, till: Paired, mode: GenerationMode
) -> None:
    api = schemathesis.openapi.from_url(f"{cloud.url}/openapi.json")
    with requests.Session() as session:
        session.auth = DeviceAuth(till.device_id, till.secret)
        _fuzz(api, cloud, "/v1/journal", "POST", mode, session)
