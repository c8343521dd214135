"""Screenshots of the till for docs/screenshots: login, a sale in progress, the cash tender, the day's
orders, the manager's reports, the payment screen's QR and split states (payment_screens.py), and a new
shop's first-run card.

Builds the real main window over a throw-away data directory seeded with a small Chinese shop (its clock
fixed at 18:40 on a business day, so every run draws the same pictures), drives it through the same
widgets a cashier taps, and saves QWidget.grab() images at 1024x768 and 1920x1080.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/shoot_screens.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos_app.barcodes import ScaleTemplate, gtin_check_digit  # noqa: E402
from pos_app.catalog import Unit  # noqa: E402
from pos_app.catalog_csv import CatalogRow  # noqa: E402
from pos_app.pricing import Discount, RoundingPolicy  # noqa: E402
from pos_app.services.auth import OverrideAction, Role  # noqa: E402
from pos_app.services.checkout import CashTender  # noqa: E402
from pos_app.services.simulate import SteppingClock  # noqa: E402
from pos_app.services.till import Till  # noqa: E402
from scripts.payment_screens import PaymentStage  # noqa: E402
from ui.app import build_main_window, prepare_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.qt import QApplication, QColor, QPainter, QWidget  # noqa: E402
from ui.tender_dialog import SCAN  # noqa: E402
from ui.worker import wait_for_background  # noqa: E402

SIZES = ((1024, 768), (1920, 1080))
NOW = datetime(2026, 11, 25, 10, 40, tzinfo=UTC)  # 18:40 in Shanghai
# the day's orders: UTC hour and minute, cashier, codes scanned (ean13 numbers), cash handed over in fen
ORDERS = (
    ((0, 12), "张三", (1000, 1015), 1000),
    ((1, 3), "张三", (1006, 1006, 1023), 5000),
    ((2, 47), "王小美", (1018, 1019), 10000),
    ((4, 20), "王小美", (1012, 1007), 2000),
    ((6, 5), "张三", (1029, 1030), 5000),
    ((7, 31), "王小美", (1025,), 2000),
    ((9, 14), "张三", (1000, 1003, 1008), 5000),
)
PIECES = [  # name, price in fen, category
    ("可口可乐 330ml", 300, "饮料"),
    ("百事可乐 500ml", 350, "饮料"),
    ("农夫山泉 550ml", 200, "饮料"),
    ("康师傅冰红茶 500ml", 350, "饮料"),
    ("元气森林气泡水 480ml", 550, "饮料"),
    ("王老吉凉茶 310ml", 450, "饮料"),
    ("乐事薯片 原味 70g", 750, "零食"),
    ("奥利奥夹心饼干 97g", 690, "零食"),
    ("旺旺雪饼 84g", 590, "零食"),
    ("德芙丝滑牛奶巧克力 43g", 990, "零食"),
    ("卫龙大面筋 102g", 500, "零食"),
    ("三只松鼠每日坚果 25g", 590, "零食"),
    ("康师傅红烧牛肉面", 450, "方便食品"),
    ("统一老坛酸菜牛肉面", 450, "方便食品"),
    ("双汇王中王火腿肠 10支", 1290, "方便食品"),
    ("蒙牛纯牛奶 250ml", 350, "乳品"),
    ("伊利安慕希酸奶 205g", 650, "乳品"),
    ("光明优倍鲜牛奶 950ml", 1590, "乳品"),
    ("金龙鱼大米 5kg", 3990, "粮油"),
    ("福临门大豆油 1.8L", 2590, "粮油"),
    ("海天金标生抽 500ml", 890, "调味"),
    ("老干妈风味豆豉 280g", 1150, "调味"),
    ("太太乐鸡精 200g", 990, "调味"),
    ("青岛啤酒 500ml", 600, "酒水"),
    ("雪花勇闯天涯 500ml", 550, "酒水"),
    ("红星二锅头 500ml", 1800, "酒水"),
    ("维达抽纸 3包", 1590, "日用"),
    ("舒肤佳香皂 115g", 590, "日用"),
    ("高露洁牙膏 140g", 1290, "日用"),
    ("蓝月亮洗衣液 1kg", 2990, "日用"),
    ("南孚电池 5号 4粒", 1990, "日用"),
    ("中华香烟 软包", 6500, "烟草"),
]
WEIGHED = [  # PLU, name, price per kg in fen
    ("1001", "富士苹果", 1280),
    ("1002", "香蕉", 698),
    ("1003", "砂糖橘", 990),
    ("1004", "西红柿", 598),
    ("1005", "土豆", 398),
    ("1006", "黄瓜", 498),
    ("1007", "猪肉 前腿", 2980),
    ("1008", "散装鸡蛋", 1160),
]
QUICK_KEYS = (
    "可口可乐",
    "农夫山泉",
    "康师傅红烧",
    "蒙牛纯牛奶",
    "青岛啤酒",
    "乐事薯片",
    "维达抽纸",
    "富士苹果",
)


def ean13(n: int) -> str:
    body = f"690{n:09d}"
    return body + str(gtin_check_digit(body))


def seed(data_dir: Path) -> Till:
    till = Till(data_dir, SteppingClock(NOW))
    till.auth.create("张三", Role.CASHIER, "1234")
    till.auth.create("王小美", Role.CASHIER, "2345")
    till.auth.create("李店长", Role.MANAGER, "9999")
    rows = [
        CatalogRow(i + 2, (ean13(1000 + i),), name, price, Unit.PIECE, cat, 1300)
        for i, (name, price, cat) in enumerate(PIECES)
    ]
    rows += [
        CatalogRow(len(rows) + i + 2, (plu,), name, price, Unit.KG, "生鲜称重", 900)
        for i, (plu, name, price) in enumerate(WEIGHED)
    ]
    till.catalog.import_rows(rows)
    quick = [till.catalog.search(name, 1)[0].id for name in QUICK_KEYS]
    till.catalog.set_quick_keys(quick)
    till.configure(
        till.settings().changed(
            shop_name="好邻居便利店",
            address="杭州市西湖区文三路 128 号",
            rounding=RoundingPolicy.DROP_FEN,
            camera=str(ROOT / "tests" / "fixtures" / "scan" / "qr_enters.avi"),
        )
    )
    seed_orders(till)
    return till


def seed_orders(till: Till) -> None:
    """The day so far: paid orders, one with a deleted line and a discount, one voided by the manager."""
    assert isinstance(till.clock, SteppingClock)
    people = {c.name: c for c in till.auth.cashiers()}
    till.clock.current = NOW.replace(hour=ORDERS[0][0][0], minute=ORDERS[0][0][1])
    till.shifts.open(people["张三"], 500_00)  # selling needs an open shift
    for i, ((hour, minute), name, numbers, cash) in enumerate(ORDERS):
        till.clock.current = NOW.replace(hour=hour, minute=minute)
        sale = till.new_sale(people[name])
        lines = [sale.scan(ean13(n)) for n in numbers]
        if i == len(ORDERS) - 1:
            sale.void_line(lines[1].line_id)  # the customer changed their mind before paying
            sale.discount_line(lines[2].line_id, Discount.percent(10))
        order = till.checkout.pay_cash(sale.cart, sale.cashier, CashTender(cash))
        if i == 3:
            manager = people["李店长"]
            approval = till.auth.authorize(
                manager.id, "9999", OverrideAction.VOID_ORDER, "顾客退货", None, order.order_no, order.uuid
            )
            till.orders.void(order.uuid, approval)
    till.clock.current = NOW


def fill_cart(window: MainWindow) -> None:
    """Five scanned lines (one twice), a scale label and a 10% line discount, as the cashier would."""
    actions = window.sale_screen.sale_actions
    for n in (1000, 1006, 1015, 1000, 1023, 1012):
        actions.scan(ean13(n))
    actions.scan(ScaleTemplate("22PPPPP$$$$$C").make("1001", 1587))
    window.sale_screen.cart_panel.select_row(1)
    actions.discount_line()
    actions.dialog.preset_buttons[1].click()  # 10% off: within a cashier's limit
    wait_for_background()


def grab_with_dialog(window: QWidget, dialog: QWidget) -> object:
    """The window dimmed under its modal dialog, as the cashier sees it."""
    shot = window.grab()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(15, 23, 42, 110))
    x = (window.width() - dialog.width()) // 2
    y = (window.height() - dialog.height()) // 2
    painter.drawPixmap(x, y, dialog.grab())
    painter.end()
    return shot


def shoot(out: Path) -> list[Path]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    prepare_application(app, "zh_CN")
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        till = seed(Path(tmp) / "shop")
        payments = PaymentStage(till)
        window = build_main_window(till)
        window.syncing.stop()  # no sync process against the pretend cloud of the payment pictures
        window.show()
        window.start_background_loading()
        wait_for_background()
        payments.pair()
        for width, height in SIZES:
            suffix = f"{width}x{height}"
            saved += shoot_shop(app, window, till, out, suffix, (width, height))
            saved += payments.shoot(app, window, out, suffix, grab_with_dialog, _save)
        window.close()
        wait_for_background()
        till.close()
        saved += shoot_first_run(app, Path(tmp) / "new", out)
    return saved


def show_at(app: QApplication, window: MainWindow, size: tuple[int, int]) -> None:
    window.resize(*size)
    window.scaler.apply_now()  # what the debounce timer does once resizing pauses
    app.processEvents()


def shoot_shop(
    app: QApplication, window: MainWindow, till: Till, out: Path, suffix: str, size: tuple[int, int]
) -> list[Path]:
    cashier = next(c for c in till.auth.cashiers() if c.name == "张三")
    show_at(app, window, size)
    window.lock()
    app.processEvents()
    saved = [_save(window.grab(), out / f"login-{suffix}.png")]
    window.login_screen.log_in(cashier.id, "1234")
    wait_for_background()
    if not window.sales[cashier.id].cart.lines:
        fill_cart(window)
    app.processEvents()
    saved.append(_save(window.grab(), out / f"sale-{suffix}.png"))
    actions = window.sale_screen.sale_actions
    actions.pay()
    dialog = actions.dialog
    dialog.keypad.type_keys("100")
    app.processEvents()
    saved.append(_save(grab_with_dialog(window, dialog), out / f"tender-{suffix}.png"))
    dialog.show_method(SCAN)  # the camera (the video fixture standing in) reads the customer's code
    deadline = time.monotonic() + 10
    while dialog.scan_page.held is None and time.monotonic() < deadline:
        app.processEvents()
    saved.append(_save(grab_with_dialog(window, dialog), out / f"scan-to-pay-{suffix}.png"))
    dialog.reject()
    app.processEvents()
    actions.history()
    wait_for_background()
    app.processEvents()
    saved.append(_save(grab_with_dialog(window, actions.dialog), out / f"orders-{suffix}.png"))
    actions.dialog.reject()
    app.processEvents()
    actions.reports()  # 张三 is a cashier: the manager approves with her PIN
    manager = next(c for c in till.auth.managers())
    actions.dialog.approve(manager.id, "其他", "9999")
    wait_for_background()
    app.processEvents()
    saved.append(_save(actions.dialog.grab(), out / f"reports-{suffix}.png"))
    actions.dialog.reject()
    app.processEvents()
    return saved


def shoot_first_run(app: QApplication, data_dir: Path, out: Path) -> list[Path]:
    """A new shop: no accounts yet, so the login screen asks for the shop name and the first manager."""
    till = Till(data_dir, SteppingClock(NOW))
    till.configure(till.settings().changed(shop_name="好邻居便利店"))
    window = build_main_window(till)
    window.show()
    window.start_background_loading()
    wait_for_background()
    window.login_screen.first_run.fill("好邻居便利店", "李店长", "2468", "")
    saved = []
    for size in SIZES:
        show_at(app, window, size)
        saved.append(_save(window.grab(), out / f"first-run-{size[0]}x{size[1]}.png"))
    window.close()
    wait_for_background()
    till.close()
    return saved


def _save(pixmap: object, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not pixmap.save(str(path)):  # type: ignore[attr-defined]
        raise SystemExit(f"could not write {path}")
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    for p in shoot(target):
        print(p)
