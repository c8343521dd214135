"""报表's widgets from a report worked out by hand: the figure tiles in yuan, the hour chart, the tender donut
and the tables (tests/ui/test_manager_screen.py drives the whole screen over a real till)."""

from __future__ import annotations

from datetime import UTC, date, datetime

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
from ui.manager_charts import HourChartView, TenderChartView
from ui.manager_tables import ManagerTablesPage
from ui.manager_tiles_widget import FigureTilesWidget

DAY = date(2026, 11, 25)


def hand_made_report(**changes: object) -> Report:
    """A day whose figures were worked out by hand: 3 orders, ¥100.00 gross, one ¥10.00 refund."""
    figures: dict[str, object] = {
        "kind": ReportKind.X,
        "business_day": DAY,
        "made_at": datetime(2026, 11, 25, 10, 40, tzinfo=UTC),
        "shop_name": "好邻居便利店",
        "device_id": "d1",
        "z_no": None,
        "grand_total_fen": None,
        "orders": 3,
        "items": 7,
        "gross_fen": 10000,
        "discounts_fen": 250,
        "rounding_fen": 7,
        "voids": 1,
        "voids_fen": 1200,
        "refunds": 2,
        "refunds_fen": 1000,
        "reprints": 4,
        "drawer_opens": 1,
        "tenders": (
            TenderTotal("cash", 2, 4000, 1200),
            TenderTotal("wechat", 1, 3500, 1000),
            TenderTotal("alipay", 1, 2500, 0),
            TenderTotal("card", 0, 0, 0),
        ),
        "cashiers": (CashierTotal("张三", 2, 6000, 5), CashierTotal("王小美", 1, 4000, 2)),
        "categories": (CategoryTotal("饮料", 5, 6000), CategoryTotal("粮油", 2, 4000)),
        "hours": (HourTotal(9, 1, 2500), HourTotal(11, 2, 7500)),
        "taxes": (TaxTotal(1300, 5000, 575), TaxTotal(900, 4000, 330)),
        "cash": CashSummary(10000, 4000, 1200, 500, 300, 12950, 1),
    }
    return Report(**{**figures, **changes})  # type: ignore[arg-type]


# -- the widgets, from a report made by hand ------------------------------------------------------------
def test_the_tiles_show_the_figures_a_manager_reads_in_yuan(qtbot):
    tiles = FigureTilesWidget()
    qtbot.addWidget(tiles)
    tiles.show_report(hand_made_report())

    shown = {key: tiles.value(key) for key in tiles.tiles}
    assert shown == {
        "net": "¥78.00",  # 100.00 - 12.00 voided - 10.00 refunded
        "orders": "3",
        "basket": "¥33.33",
        "gross": "¥100.00",
        "discounts": "-¥2.50",
        "rounding": "-¥0.07",
        "refunds": "-¥10.00",
        "voids": "-¥12.00",
        "reprints": "4",
        "drawer": "1",
        "cash_expected": "¥130.00",  # 100.00 float + 40.00 - 12.00 + 5.00 in - 3.00 out
        "cash_counted": "¥129.50",
        "over_short": "-¥0.50",
    }
    assert tiles.tiles["over_short"].value.property("level") == "short"


def test_with_a_shift_still_open_nothing_is_counted_yet(qtbot):
    tiles = FigureTilesWidget()
    qtbot.addWidget(tiles)
    tiles.show_report(hand_made_report(cash=CashSummary(0, 0, 0, 0, 0, None, 1)))

    assert (tiles.value("cash_counted"), tiles.value("over_short")) == ("—", "—")


def test_the_hour_chart_has_a_bar_per_hour_from_the_first_sale_to_the_last(qtbot):
    chart = HourChartView()
    qtbot.addWidget(chart)
    chart.show_hours(hand_made_report().hours)

    assert chart.hours == [9, 10, 11]
    assert chart.amounts_fen == [2500, 0, 7500]
    assert [chart.bars.at(i) for i in range(chart.bars.count())] == [25.0, 0.0, 75.0]
    assert chart.axis_x.categories() == ["9", "10", "11"]


def test_hours_after_midnight_follow_the_hours_before_it(qtbot):
    chart = HourChartView()
    qtbot.addWidget(chart)
    chart.show_hours((HourTotal(22, 1, 100), HourTotal(1, 1, 300)))

    assert chart.hours == [22, 23, 0, 1]


def test_the_tender_donut_has_a_slice_per_tender_that_took_money(qtbot):
    chart = TenderChartView()
    qtbot.addWidget(chart)
    chart.show_tenders(hand_made_report().tenders)

    assert list(chart.slices) == ["cash", "wechat", "alipay"]  # the card took nothing
    assert [s.value() for s in chart.slices.values()] == [40.0, 35.0, 25.0]
    assert chart.slices["wechat"].label() == "微信支付  ¥35.00  35%"
    assert chart.slices["cash"].label() == "现金  ¥40.00  40%"
    assert chart.legend_texts() == ["现金  ¥40.00  40%", "微信支付  ¥35.00  35%", "支付宝  ¥25.00  25%"]


def test_the_tables_show_cashiers_categories_tenders_and_tax(qtbot):
    page = ManagerTablesPage()
    qtbot.addWidget(page)
    page.show_report(hand_made_report())

    assert page.texts(page.cashiers) == [
        ["张三", "2", "¥60.00", "¥30.00", "2.50"],
        ["王小美", "1", "¥40.00", "¥40.00", "2.00"],
    ]
    assert page.texts(page.categories) == [["饮料", "5", "¥60.00"], ["粮油", "2", "¥40.00"]]
    assert page.texts(page.taxes) == [["13%", "¥50.00", "¥5.75"], ["9%", "¥40.00", "¥3.30"]]
    assert page.texts(page.tenders)[1] == ["微信支付", "1", "¥35.00", "-¥10.00", "¥25.00"]
