"""The report's forms: receipt-printer text at 58 and 80 mm, CSV for Excel, the JSON object."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from pos_app.report_csv import report_csv
from pos_app.report_json import report_from_dict, report_to_dict
from pos_app.report_text import report_lines
from pos_app.reports import (
    CashierTotal,
    CashSummary,
    CategoryTotal,
    HourTotal,
    Report,
    ReportKind,
    TaxTotal,
    TenderTotal,
)
from pos_app.text_width import display_width

TZ = "Asia/Shanghai"


def z_report(**changes: object) -> Report:
    """A closed day written out by hand: its figures agree with each other as a real Z's do."""
    report = Report(
        kind=ReportKind.Z,
        business_day=date(2026, 11, 25),
        made_at=datetime(2026, 11, 25, 20, 5, tzinfo=UTC),  # 04:05 on the 26th in Shanghai
        shop_name="好又多便利店",
        device_id="6500d375-ce9d-46c2-94f2-f5804e737a88",
        z_no=3,
        grand_total_fen=1_234_567,
        orders=5,
        items=13,
        gross_fen=4200,
        discounts_fen=170,
        rounding_fen=158,
        voids=1,
        voids_fen=600,
        refunds=1,
        refunds_fen=422,
        reprints=1,
        drawer_opens=2,
        tenders=(
            TenderTotal("cash", 4, 2600, 835),
            TenderTotal("card", 2, 1100, 70),
            TenderTotal("wechat", 1, 500, 117),
        ),
        cashiers=(CashierTotal("张三", 3, 2800, 8), CashierTotal("王五", 2, 1400, 5)),
        categories=(CategoryTotal("饮料", 6, 2500), CategoryTotal("水果", 7, 1700)),
        hours=(HourTotal(23, 3, 3500), HourTotal(0, 2, 700)),
        taxes=(TaxTotal(1300, 1026, 118), TaxTotal(900, 2152, 178)),
        cash=CashSummary(50000, 2600, 835, 10000, 5000, 56700, 1),
    )
    return replace(report, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize("columns", [32, 48])
def test_no_printed_line_is_wider_than_the_paper_even_with_long_names_and_big_sums(columns: int) -> None:
    long_name = "欧阳" * 20 + " Alexander-Maximilian"
    report = z_report(
        shop_name="好又多" * 10,
        gross_fen=123_456_789_012,
        grand_total_fen=98_765_432_109_876,
        cashiers=(CashierTotal(long_name, 99_999, 123_456_789_012, 7),),
        categories=(CategoryTotal("进口零食" * 9, 12345, 9_999_999_999),),
    )
    lines = report_lines(report, columns, TZ)
    too_wide = [line.text for line in lines if display_width(line.text) * (2 if line.double else 1) > columns]
    assert too_wide == []
    text = "\n".join(line.text for line in lines)
    assert "1234567890.12" in text and "987654321098.76" in text  # nothing cut off, only moved


def test_the_printed_z_has_its_number_day_sections_and_ends_with_the_grand_total() -> None:
    lines = [line.text for line in report_lines(z_report(), 32, TZ)]
    text = "\n".join(lines)
    assert "Z 报表 No.0003" in lines[1]
    assert "营业日：2026-11-25" in text and "打印时间：2026-11-26 04:05:00" in text
    for section in ("销售汇总", "支付方式", "收银员", "商品类别", "时段销售", "税率", "现金"):
        assert section in text
    assert any(line.startswith("净销售额") and line.endswith("￥31.78") for line in lines)
    assert any(line.startswith("微信支付 1 笔") and line.endswith("￥5.00") for line in lines)
    assert any(line.startswith("23:00-00:00 3 单") for line in lines)
    assert any(line.startswith("短款") and line.endswith("-￥0.65") for line in lines)
    assert lines[-3].startswith("累计总额") and lines[-3].endswith("￥12345.67")


def test_an_x_says_it_closes_nothing_and_has_no_grand_total() -> None:
    x = z_report(kind=ReportKind.X, z_no=None, grand_total_fen=None, cash=CashSummary(0, 0, 0, 0, 0, None, 1))
    text = "\n".join(line.text for line in report_lines(x, 48, TZ))
    assert "X 报表" in text and "不清零" in text
    assert "累计总额" not in text and "Z 报表" not in text
    assert "班次未交班" in text


def test_the_csv_opens_in_excel_and_reads_back_with_the_same_totals() -> None:
    data = report_csv(z_report(shop_name="=HYPERLINK(1)"), TZ)
    assert data.startswith("\ufeff")  # Excel takes a file with a BOM as UTF-8
    rows = list(csv.reader(io.StringIO(data.removeprefix("\ufeff"))))
    assert rows[0] == ["分区", "项目", "指标", "值"]
    values = {(section, item, figure): value for section, item, figure, value in rows[1:]}
    assert values["汇总", "净销售额", "金额（元）"] == "31.78"
    assert values["汇总", "订单", "笔数"] == "5"
    assert values["汇总", "累计总额", "金额（元）"] == "12345.67"
    assert values["报表", "店铺", ""] == "'=HYPERLINK(1)"  # a typed name never becomes a formula
    tender_nets = [v for (s, _, f), v in values.items() if s == "支付方式" and f == "净额（元）"]
    assert sum(round(float(v) * 100) for v in tender_nets) == 3178
    assert values["支付方式", "微信支付", "退款（元）"] == "1.17"
    taxed = [v for (s, _, f), v in values.items() if s == "税率" and f == "含税销售额（元）"]
    assert sum(round(float(v) * 100) for v in taxed) == 3178
    assert values["现金", "长短款", "金额（元）"] == "-0.65"
    assert values["收银员", "张三", "客件数"] == "2.67"


def test_the_json_form_carries_the_totals_and_reads_back_as_the_same_report() -> None:
    report = z_report()
    data = json.loads(json.dumps(report_to_dict(report)))
    assert (data["orders"], data["gross_fen"], data["refunds_fen"], data["net_fen"]) == (5, 4200, 422, 3178)
    assert {t["kind"]: t["net_fen"] for t in data["tenders"]} == {"cash": 1765, "card": 1030, "wechat": 383}
    assert (data["cash"]["expected_fen"], data["cash"]["over_short_fen"]) == (56765, -65)
    assert (data["kind"], data["business_day"], data["z_no"]) == ("Z", "2026-11-25", 3)
    assert report_from_dict(data) == report
