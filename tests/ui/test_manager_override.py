"""Restricted actions: the override dialog asks a manager, and the action is repeated with the approval."""

from __future__ import annotations

from sqlalchemy import select

from pos_app.store.models import OverrideRow
from ui.discount_dialog import DiscountDialog
from ui.number_entry_dialog import NumberEntryDialog
from ui.override_dialog import OverrideDialog
from ui.settings_dialog import SettingsDialog


def overrides(till) -> list[OverrideRow]:
    with till.store.read() as session:
        return list(session.scalars(select(OverrideRow)))


def test_a_line_discount_within_the_limit_needs_no_manager(drive, codes):
    drive.scan(codes.rice)
    drive.tap("discount_line")
    drive.dialog(DiscountDialog).preset_buttons[1].click()  # 9折, the limit is 10%

    assert drive.rows()[0][3:] == ["-¥1.25", "¥11.25"]
    drive.no_dialog()


def test_a_line_discount_over_the_limit_applies_with_the_managers_pin_and_is_recorded(
    drive, codes, people, till
):
    drive.scan(codes.rice)
    drive.tap("discount_line")
    drive.dialog(DiscountDialog).preset_buttons[2].click()  # 8折: 20% is over the 10% limit

    dialog = drive.dialog(OverrideDialog)
    assert "超出权限的折扣" in dialog.findChild(type(dialog.title_label), "overrideWhat").text()
    assert drive.rows()[0][3] == ""  # nothing applied yet
    dialog.reason_buttons[2].click()  # 会员优惠
    dialog.pin_pad.enter(people.manager_pin)
    drive.settle()

    assert drive.rows()[0][3:] == ["-¥2.50", "¥10.00"]
    drive.no_dialog()
    [row] = overrides(till)
    assert (row.action, row.manager_id, row.cashier_id) == (
        "discount_over_limit",
        people.manager.id,
        people.cashier.id,
    )
    assert row.reason == "会员优惠"
    assert "金龙鱼大米" in row.detail


def test_a_wrong_manager_pin_is_refused_inline_and_nothing_changes(drive, codes, people, till):
    drive.scan(codes.rice)
    drive.tap("discount_line")
    drive.dialog(DiscountDialog).preset_buttons[4].click()  # 5折
    dialog = drive.dialog(OverrideDialog)
    dialog.approve(people.manager.id, "顾客投诉", "0000")
    drive.settle()

    assert dialog.isVisible()
    assert dialog.error_label.text() == "密码错误，再错 4 次将锁定账号"
    assert drive.rows()[0][3] == ""
    assert overrides(till) == []


def test_a_cashiers_pin_cannot_approve(drive, codes, people, till):
    drive.scan(codes.rice)
    drive.tap("price")
    drive.dialog(NumberEntryDialog).type_and_confirm("9")
    dialog = drive.dialog(OverrideDialog)
    dialog.manager_buttons[people.manager.id].click()
    dialog.reason.setText("顾客投诉")
    dialog._managers.setId(dialog.manager_buttons[people.manager.id], people.cashier.id)  # as if 张三 chose
    dialog.pin_pad.enter(people.cashier_pin)
    drive.settle()

    assert dialog.error_label.text() == "张三 不是店长，无权授权"
    assert drive.rows()[0][2] == "¥12.50"


def test_a_price_override_needs_a_manager_and_then_applies(drive, codes, people):
    drive.scan(codes.rice)
    drive.tap("price")
    drive.dialog(NumberEntryDialog).type_and_confirm("9.9")
    drive.dialog(OverrideDialog).approve(people.manager.id, "商品破损", people.manager_pin)
    drive.settle()

    assert drive.rows()[0][2:] == ["¥9.90", "", "¥9.90"]


def test_an_unknown_barcode_can_be_entered_by_hand_with_approval(drive, codes, people):
    drive.scan(codes.unknown)
    drive.screen.message.action_button.click()
    entry = drive.dialog(NumberEntryDialog)
    assert codes.unknown in entry.name
    entry.type_and_confirm("4.5")
    drive.dialog(OverrideDialog).approve(people.manager.id, "其他原因", people.manager_pin)
    drive.settle()

    assert drive.rows() == [[f"未登记商品 {codes.unknown}", "1", "¥4.50", "", "¥4.50"]]


def test_an_order_discount_by_amount(drive, codes):
    drive.scan(codes.rice)
    drive.scan(codes.rice)
    drive.tap("discount_order")
    dialog = drive.dialog(DiscountDialog)
    dialog.amount_button.click()
    dialog.type_and_confirm("2")

    assert drive.due() == "¥23.00"
    assert drive.screen.cart_panel.totals.discount_value.text() == "-¥2.00"


def test_settings_open_only_after_a_managers_approval(drive, people):
    drive.tap("settings")
    drive.dialog(OverrideDialog).approve(people.manager.id, "其他", people.manager_pin)
    drive.settle()

    assert isinstance(drive.screen.sale_actions.dialog, SettingsDialog)
