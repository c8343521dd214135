"""Cashier PINs, lock-out, and manager overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from pos_app.errors import AccountLocked, InvalidInput, NotAuthorized, WrongPin
from pos_app.services.auth import OverrideAction, Role
from pos_app.store.models import OverrideRow
from tests.support import CASHIER_PIN, MANAGER_PIN, FakeClock, make_till


def test_pins_are_stored_as_argon2id_hashes_never_in_clear(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    with till.store.engine.connect() as conn:
        stored = conn.execute(text("SELECT pin_hash FROM cashiers WHERE id=:i"), {"i": cashier.id}).scalar_one()
    assert stored.startswith("$argon2id$") and CASHIER_PIN not in stored
    assert "m=19456" in stored and "t=2" in stored


def test_the_right_pin_logs_in_and_a_wrong_one_says_how_many_tries_are_left(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    assert till.auth.login(cashier.id, CASHIER_PIN).name == "张三"
    with pytest.raises(WrongPin) as err:
        till.auth.login(cashier.id, "0000")
    assert err.value.attempts_left == 4


def test_five_wrong_pins_lock_the_account_for_a_growing_delay(tmp_path: Path) -> None:
    clock = FakeClock()
    till, cashier, _ = make_till(tmp_path, clock)
    for _ in range(4):
        with pytest.raises(WrongPin):
            till.auth.login(cashier.id, "0000")
    with pytest.raises(AccountLocked) as first:
        till.auth.login(cashier.id, "0000")
    assert first.value.seconds_left == 30
    with pytest.raises(AccountLocked):  # even the right PIN waits out the lock
        till.auth.login(cashier.id, CASHIER_PIN)
    clock.advance(seconds=31)
    with pytest.raises(AccountLocked) as second:
        till.auth.login(cashier.id, "1111")
    assert second.value.seconds_left == 60
    clock.advance(seconds=61)
    assert till.auth.login(cashier.id, CASHIER_PIN).id == cashier.id
    with pytest.raises(WrongPin) as fresh:
        till.auth.login(cashier.id, "0000")
    assert fresh.value.attempts_left == 4  # a good login resets the count


def test_the_pepper_lives_outside_the_database_so_hashes_alone_do_not_verify(tmp_path: Path) -> None:
    till, cashier, _ = make_till(tmp_path)
    till.close()
    (tmp_path / "pin-pepper.key").unlink()
    from pos_app.services.till import Till

    other = Till(tmp_path, FakeClock())
    with pytest.raises(WrongPin):
        other.auth.login(cashier.id, CASHIER_PIN)


@pytest.mark.parametrize("pin", ["12", "1234567", "abcd", "12 4"])
def test_a_pin_must_be_four_to_six_digits(tmp_path: Path, pin: str) -> None:
    till, _, _ = make_till(tmp_path)
    with pytest.raises(InvalidInput):
        till.auth.create("王五", Role.CASHIER, pin)


def test_an_override_needs_a_manager_and_is_recorded_with_who_what_and_why(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    with pytest.raises(NotAuthorized):
        till.auth.authorize(cashier.id, CASHIER_PIN, OverrideAction.PRICE_OVERRIDE, "顾客投诉", cashier)
    with pytest.raises(InvalidInput):
        till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.PRICE_OVERRIDE, "  ", cashier)
    approval = till.auth.authorize(
        manager.id, MANAGER_PIN, OverrideAction.PRICE_OVERRIDE, "商品破损", cashier, detail="可乐 3.50 -> 2.00"
    )
    with till.store.read() as session:
        rows = session.scalars(select(OverrideRow)).all()
    assert len(rows) == 1
    row = rows[0]
    assert (row.manager_id, row.cashier_id, row.action, row.reason, row.detail) == (
        manager.id, cashier.id, "price_override", "商品破损", "可乐 3.50 -> 2.00",
    )
    approval.spend(OverrideAction.PRICE_OVERRIDE)
    with pytest.raises(NotAuthorized):
        approval.spend(OverrideAction.PRICE_OVERRIDE)


def test_settings_change_only_with_a_fresh_settings_approval(tmp_path: Path) -> None:
    till, cashier, manager = make_till(tmp_path)
    wrong = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.PRICE_OVERRIDE, "标价错误", cashier)
    with pytest.raises(NotAuthorized):
        till.save_settings(till.settings().changed(shop_name="改名了"), wrong)
    ok = till.auth.authorize(manager.id, MANAGER_PIN, OverrideAction.CHANGE_SETTINGS, "新店名", cashier)
    till.save_settings(till.settings().changed(shop_name="改名了"), ok)
    with pytest.raises(NotAuthorized):  # spent
        till.save_settings(till.settings().changed(shop_name="又改了"), ok)
    assert till.settings().shop_name == "改名了"
