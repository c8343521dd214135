"""`audit verify` and `audit export` say in plain words where a journal or its records stopped holding."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from pos_app.errors import InvalidInput
from pos_app.i18n import set_language
from pos_app.journal import SALE, Z_REPORT, canonical
from pos_app.services import audit
from pos_app.services.audit_part import Part
from pos_app.services.audit_result import AuditResult
from pos_app.services.audit_workers import Workers
from pos_app.services.till import DB_FILE, Till
from pos_app.store.models import JournalEntryRow, OrderRow
from tests.pos_app.journal_events import Shop, busy_shop


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with every kind of fiscal event, closed: each test works on its own copy."""
    folder = tmp_path_factory.mktemp("shop")
    shop = busy_shop(folder, sales_per_day=20)
    shop.till.close()
    return folder


@pytest.fixture
def shop(clean: Path, tmp_path: Path) -> Shop:
    import shutil

    from tests.support import FakeClock

    shutil.copytree(clean, tmp_path, dirs_exist_ok=True)
    till = Till(tmp_path, FakeClock())
    cashier, manager = till.auth.cashiers()[:2]
    return Shop(till, cashier, manager, FakeClock())  # type: ignore[arg-type]


def attack(till: Till, *statements: str) -> None:
    """Direct SQL on the file, as someone with the database in hand would: the append-only triggers go
    first."""
    conn = sqlite3.connect(till.store.path)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def said(result: AuditResult) -> list[str]:
    set_language("en")
    try:
        return [str(found) for found in result.breaks]
    finally:
        set_language("zh_CN")


def entry(till: Till, kind: str, last: bool = True) -> JournalEntryRow:
    with till.store.read() as session:
        query = select(JournalEntryRow).where(JournalEntryRow.kind == kind)
        order = JournalEntryRow.seq.desc() if last else JournalEntryRow.seq
        return session.scalars(query.order_by(order).limit(1)).one()


def test_a_clean_journal_with_every_kind_of_event_verifies(shop: Shop) -> None:
    result = shop.till.audit.verify()
    assert result.ok, said(result)
    assert result.head_seq == result.entries > 50
    assert {k for k, n in result.records.items() if n} == {
        "orders", "voids", "overrides", "refunds", "prints", "shifts", "cash movements", "shift closes",
        "Z reports",
    }  # fmt: skip
    assert result.signatures_checked == 3  # the start, the Z and the head
    set_language("en")
    try:
        assert result.summary().startswith(
            f"journal OK: {result.entries} entries, head seq {result.head_seq}"
        )
    finally:
        set_language("zh_CN")
    assert shop.till.audit.verify(all_signatures=True).signatures_checked == result.entries


def test_an_order_total_changed_in_the_database_is_named_by_its_number(shop: Shop) -> None:
    sale = entry(shop.till, SALE)
    with shop.till.store.read() as session:
        order = session.scalars(select(OrderRow).where(OrderRow.uuid == sale.ref_uuid)).one()
    attack(shop.till, f"UPDATE orders SET total_fen = total_fen - 100 WHERE id = {order.id}")
    result = shop.till.audit.verify()
    assert (
        f"order {order.order_no}: total_fen changed after it was journaled "
        f"(journal {order.total_fen}, now {order.total_fen - 100})" in said(result)
    )
    assert all(found.record == order.uuid for found in result.breaks if found.where_en.startswith("order"))


def test_a_deleted_entry_is_reported_as_a_gap(shop: Shop) -> None:
    till = shop.till
    middle = entry(till, SALE, last=False).seq + 3
    attack(till, f"DELETE FROM journal_entries WHERE seq = {middle}")
    assert f"seq {middle}: missing: the journal has a gap" in said(till.audit.verify())
    till.close()


def test_a_flipped_byte_in_a_body_breaks_its_hash(shop: Shop) -> None:
    row = entry(shop.till, SALE, last=False)
    body = row.body.replace('"quantity":1', '"quantity":2', 1)
    assert body != row.body
    attack(shop.till, f"UPDATE journal_entries SET body = '{body}' WHERE seq = {row.seq}")
    assert f"seq {row.seq}: the hash does not match the body" in said(shop.till.audit.verify())


def test_a_changed_signature_breaks_the_next_link_and_fails_its_own_check(shop: Shop) -> None:
    row = entry(shop.till, SALE, last=False)
    forged = ("0" if row.signature[0] != "0" else "1") + row.signature[1:]
    attack(shop.till, f"UPDATE journal_entries SET signature = '{forged}' WHERE seq = {row.seq}")
    assert f"seq {row.seq + 1}: does not follow seq {row.seq}: its prev is not that entry's link" in said(
        shop.till.audit.verify()
    )
    everything = said(shop.till.audit.verify(all_signatures=True))
    assert f"seq {row.seq}: the signature does not verify with the till's public key" in everything


def test_a_renamed_cashier_changes_no_sale(shop: Shop) -> None:
    attack(shop.till, f"UPDATE cashiers SET name = '张三（本机）' WHERE id = {shop.cashier.id}")
    result = shop.till.audit.verify()
    assert result.ok, said(result)


def test_a_z_report_changed_in_its_table_is_named(shop: Shop) -> None:
    z = entry(shop.till, Z_REPORT)
    attack(shop.till, "UPDATE z_reports SET net_fen = net_fen + 1000")
    broken = said(shop.till.audit.verify())
    assert any(line.startswith("Z report 1: net_fen changed after it was journaled") for line in broken), (
        broken
    )
    assert z.seq > 1


def test_a_z_the_figures_of_its_day_do_not_support_is_caught_even_when_signed(shop: Shop) -> None:
    """The key holder signs a second Z that claims more sales than the journal holds."""
    z = json.loads(entry(shop.till, Z_REPORT).body)["data"]
    day = shop.till.journal.day
    with shop.till.store.transaction() as conn:
        forged = {**z, "z_no": 2, "business_day": day(conn, shop.till.clock.now()).isoformat(), "orders": 999}
        forged["gross_fen"] += 1
        shop.till.journal.record(
            conn,
            Z_REPORT,
            "00000000-0000-4000-8000-000000000000",
            forged,
            shop.till.clock.now(),
            day(conn, shop.till.clock.now()),
        )
    broken = said(shop.till.audit.verify())
    assert any("Z 2: orders is 999, the journal's entries of" in line for line in broken), broken
    assert any(
        "Z 2: the grand total is not the previous grand total plus this net" in line for line in broken
    )
    assert any("the Z report it records is missing from the records" in line for line in broken)


def test_a_signed_sale_that_does_not_add_up_is_caught(shop: Shop) -> None:
    row = entry(shop.till, SALE)
    data = json.loads(row.body)["data"]
    data = {**data, "uuid": "00000000-0000-4000-8000-000000000001", "total_fen": data["total_fen"] + 1}
    with shop.till.store.transaction() as conn:
        seq = shop.till.journal.record(conn, SALE, data["uuid"], data, shop.till.clock.now()).seq
    broken = said(shop.till.audit.verify())
    assert f"seq {seq}: the sale does not add up: the lines' net amounts do not add up to the total" in broken
    assert any(line.startswith(f"seq {seq}: the order it records") for line in broken)


def test_an_export_verifies_on_its_own_and_its_tampering_is_caught(shop: Shop, tmp_path: Path) -> None:
    out = tmp_path / "journal.jsonl"
    count = shop.till.audit.export(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["format"] == "till-journal-export" and header["entries"] == count == len(lines) - 1
    assert (
        header["public_key"] == shop.till.journal.public_key_hex and header["device"] == shop.till.device_id
    )
    assert not list(tmp_path.glob(".journal.jsonl.*"))  # the temporary file was renamed
    result = shop.till.audit.verify_export(out)
    assert result.ok, said(result)
    assert (result.entries, result.head_seq) == (count, header["head_seq"])

    entry_line = json.loads(lines[5])
    entry_line["body"] = entry_line["body"].replace('"v":1', '"v":2')
    (tmp_path / "changed.jsonl").write_text(
        "\n".join([*lines[:5], json.dumps(entry_line), *lines[6:]]) + "\n"
    )
    assert "seq 5: the hash does not match the body" in said(
        shop.till.audit.verify_export(tmp_path / "changed.jsonl")
    )

    (tmp_path / "cut.jsonl").write_text("\n".join(lines[:-1]) + "\n")
    assert any(
        "it was cut or added to" in line
        for line in said(shop.till.audit.verify_export(tmp_path / "cut.jsonl"))
    )

    z_line = next(json.loads(line) for line in lines[1:] if '"kind":"z_report"' in json.loads(line)["body"])
    body = json.loads(z_line["body"])
    body["data"]["gross_fen"] += 500
    forged = [lines[0]] + [
        json.dumps({**z_line, "body": canonical(body).decode()})
        if json.loads(line)["seq"] == z_line["seq"]
        else line
        for line in lines[1:]
    ]
    (tmp_path / "z.jsonl").write_text("\n".join(forged) + "\n")
    broken = said(shop.till.audit.verify_export(tmp_path / "z.jsonl"))
    assert any("gross_fen is" in line and "the journal's entries of" in line for line in broken), broken

    with pytest.raises(InvalidInput):
        shop.till.audit.verify_export(shop.till.data_dir / DB_FILE)


_FIRST = "WHERE id = (SELECT min(id) FROM {})"


@pytest.mark.parametrize(
    ("statement", "named"),
    [
        (
            f"UPDATE tenders SET amount_fen = 'abc' {_FIRST.format('tenders')}",
            "tenders[0].amount_fen changed",
        ),
        (f"UPDATE orders SET total_fen = 'x' {_FIRST.format('orders')}", "total_fen changed"),
        (
            f"UPDATE orders SET business_day = 20261125 {_FIRST.format('orders')}",
            "rows are incomplete or unreadable",
        ),
        (
            f"UPDATE orders SET created_at = 'garbage' {_FIRST.format('orders')}",
            "rows are incomplete or unreadable",
        ),
        (f"UPDATE shifts SET opened_at = 5 {_FIRST.format('shifts')}", "shifts: cannot be read"),
        (f"UPDATE order_voids SET created_at = 'x' {_FIRST.format('order_voids')}", "voids: cannot be read"),
        (f"UPDATE overrides SET created_at = 'x' {_FIRST.format('overrides')}", "overrides: cannot be read"),
        (f"UPDATE shift_closes SET counted_fen = 'k' {_FIRST.format('shift_closes')}", "counted_fen changed"),
        (
            f"UPDATE z_reports SET business_day = 'x' {_FIRST.format('z_reports')}",
            "Z reports: cannot be read",
        ),
    ],
)
def test_a_value_changed_to_one_its_column_cannot_hold_is_a_break_not_a_crash(
    shop: Shop, statement: str, named: str
) -> None:
    attack(shop.till, statement)
    result = shop.till.audit.verify()
    assert not result.ok
    assert any(named in line for line in said(result)), said(result)[:5]


def test_an_order_whose_cashier_row_is_gone_is_incomplete_not_missing(shop: Shop) -> None:
    sale = entry(shop.till, SALE, last=False)
    attack(shop.till, f"UPDATE orders SET cashier_id = 99999 WHERE uuid = '{sale.ref_uuid}'")
    assert said(shop.till.audit.verify()) == [
        f"seq {sale.seq}: the order's rows are incomplete or unreadable"
    ]


# -- a big journal is walked in stretches, the later ones by worker processes (pos_app.services.audit) ---
def split_in_two(monkeypatch: pytest.MonkeyPatch, till: Till) -> int:
    """Makes verify cut even this small journal in two (one stretch for a worker); returns the first seq
    of the worker's stretch."""
    monkeypatch.setattr(audit, "_PARALLEL_FROM", 0)
    head = entry(till, SALE).seq  # the newest entry is a sale
    return audit.cuts(1, head, 2)[1][0]


def worker_parts(monkeypatch: pytest.MonkeyPatch) -> list[Part | None]:
    """What the workers send back (None where the stretch was walked here instead)."""
    parts: list[Part | None] = []
    part = Workers.part

    def kept(self: Workers, number: int) -> Part | None:
        parts.append(part(self, number))
        return parts[-1]

    monkeypatch.setattr(Workers, "part", kept)
    return parts


def everything(result: AuditResult) -> tuple[object, ...]:
    return (
        result.entries, result.head_seq, result.head_hash, result.signatures_checked, result.records,
        result.breaks,
    )  # fmt: skip


def test_breaks_in_the_worker_stretch_and_at_the_cut_are_found_and_named_as_by_one_walk(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = split_in_two(monkeypatch, shop.till)
    sale = entry(shop.till, SALE)
    with shop.till.store.read() as session:
        order = session.scalars(select(OrderRow).where(OrderRow.uuid == sale.ref_uuid)).one()
        before_cut = session.get(JournalEntryRow, cut - 1)
        assert before_cut is not None
    forged = ("0" if before_cut.signature[0] != "0" else "1") + before_cut.signature[1:]
    attack(
        shop.till,
        f"UPDATE journal_entries SET signature = '{forged}' WHERE seq = {cut - 1}",
        f"DELETE FROM journal_entries WHERE seq = {cut + 3}",
        f"UPDATE orders SET total_fen = total_fen - 100 WHERE id = {order.id}",
    )
    parts = worker_parts(monkeypatch)
    split = shop.till.audit.verify(workers=1)
    assert len(parts) == 1 and parts[0] is not None  # walked by a worker process
    broken = said(split)
    assert f"seq {cut}: does not follow seq {cut - 1}: its prev is not that entry's link" in broken
    assert f"seq {cut + 3}: missing: the journal has a gap" in broken
    assert any(
        line.startswith(f"order {order.order_no}: total_fen changed after it was journaled")
        for line in broken
    )
    assert everything(split) == everything(shop.till.audit.verify(workers=0))
    assert everything(shop.till.audit.verify(True, workers=1)) == everything(
        shop.till.audit.verify(True, workers=0)
    )


def test_a_clean_journal_cut_in_stretches_verifies_with_the_same_result(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    split_in_two(monkeypatch, shop.till)
    parts = worker_parts(monkeypatch)
    result = shop.till.audit.verify(workers=3)
    assert len(parts) == 3 and None not in parts
    assert result.ok, said(result)
    assert everything(result) == everything(shop.till.audit.verify(workers=0))


def test_a_worker_that_cannot_start_changes_nothing_but_the_time(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = split_in_two(monkeypatch, shop.till)
    attack(shop.till, f"DELETE FROM journal_entries WHERE seq = {cut}")
    monkeypatch.setattr(Workers, "_start", staticmethod(lambda: None))
    result = shop.till.audit.verify(workers=1)
    assert f"seq {cut}: missing: the journal has a gap" in said(result)
    assert everything(result) == everything(shop.till.audit.verify(workers=0))


def test_a_worker_runs_this_till_s_code_whatever_the_working_directory_holds(
    shop: Shop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    decoy = tmp_path / "elsewhere" / "pos_app"
    decoy.mkdir(parents=True)
    (decoy / "__init__.py").write_text("raise ImportError('an older checkout')\n", encoding="utf-8")
    monkeypatch.chdir(decoy.parent)
    split_in_two(monkeypatch, shop.till)
    parts = worker_parts(monkeypatch)
    result = shop.till.audit.verify(workers=1)
    assert len(parts) == 1 and parts[0] is not None
    assert result.ok, said(result)
