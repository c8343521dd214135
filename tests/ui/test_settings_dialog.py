"""Shop settings: saved through till.save_settings, bad values refused inline with nothing saved."""

from __future__ import annotations

import pytest


def test_saving_changes_the_shop_and_the_screen(drive, codes, till, settings_dialog):
    drive.scan(codes.chips)  # keeps the dialog's parent busy with a cart: 7.50
    settings_dialog.shop_name.setText("街角小卖部")
    settings_dialog.choose(settings_dialog.rounding, "drop_jiao")
    settings_dialog.save_button.click()
    drive.settle()

    assert till.settings().shop_name == "街角小卖部"
    assert till.settings().rounding.value == "drop_jiao"
    assert drive.window.shop_label.text() == "街角小卖部"
    assert drive.due() == "¥7.00"
    assert drive.screen.cart_panel.totals.rounding_value.text() == "-¥0.50"
    assert drive.screen.cart_panel.totals.rounding_value.isVisible()
    drive.no_dialog()


def test_the_camera_and_its_resolution_are_chosen_in_settings(drive, till, settings_dialog):
    settings_dialog.camera.setText("1")
    settings_dialog.choose(settings_dialog.camera_resolution, "1920x1080")
    settings_dialog.save_button.click()
    drive.settle()
    assert (till.settings().camera, till.settings().camera_resolution) == ("1", "1920x1080")


def test_rounding_line_is_hidden_when_zero(drive, codes):
    drive.scan(codes.cola)
    assert not drive.screen.cart_panel.totals.rounding_value.isVisible()


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("shop_name", "", "店名不能为空"),
        ("discount_limit", "150", "折扣上限必须在 0 到 100% 之间"),
        ("discount_limit", "abc", "折扣上限须为 0 到 100 的整数"),
        ("scale_template", "12345", "电子秤条码模板“12345”应为 13 位"),
    ],
)
def test_bad_values_are_shown_inline_and_nothing_is_saved(till, settings_dialog, field, value, shown):
    before = till.settings()
    getattr(settings_dialog, field).setText(value)
    settings_dialog.save_button.click()

    assert settings_dialog.isVisible()
    assert settings_dialog.error_label.text().startswith(shown)
    assert till.settings() == before


def test_a_catalog_csv_is_imported_in_the_background_and_searchable_after(drive, settings_dialog, tmp_path):
    csv = tmp_path / "新品.csv"
    csv.write_text("条码,品名,售价,单位,分类\n6901234567939,旺旺雪饼 84g,5.90,袋,零食\n", encoding="utf-8")
    settings_dialog.import_file(csv)
    drive.settle()

    assert settings_dialog.error_label.text() == "商品已导入：新增 1，更新 0"
    assert drive.window.loader.ready
    assert drive.window.catalog_label.text() == "商品 6 种"
    drive.scan("6901234567939")
    assert drive.rows()[0][0] == "旺旺雪饼 84g"


def test_a_bad_catalog_csv_lists_its_rows_and_imports_nothing(drive, till, settings_dialog, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("条码,品名,售价\n123,坏价格,abc\n", encoding="utf-8")
    settings_dialog.import_file(csv)
    drive.settle()

    assert settings_dialog.error_label.text().startswith("商品未导入")
    assert settings_dialog.sub_dialog.bad_row_texts()[0].startswith("第 2 行")
    assert till.catalog.count() == 5
    assert drive.window.loader.ready


def test_a_language_change_is_saved_and_said_to_need_a_restart(drive, till, settings_dialog):
    settings_dialog.choose(settings_dialog.language, "en")
    settings_dialog.save_button.click()
    drive.settle()

    assert till.settings().language == "en"
    assert "重启后生效" in drive.message()
    assert drive.screen.buttons["hold"].text() == "挂单"  # the screens change language at the next start
