"""Shared fixtures for the GUI tests: a till on tmp_path with two people and a small catalog, the window."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from pos_app.barcodes import gtin_check_digit
from pos_app.catalog import Unit
from pos_app.catalog_csv import CatalogRow
from pos_app.services.auth import Cashier, Role
from pos_app.services.till import Till
from ui import worker
from ui.app import build_main_window, prepare_application
from ui.main_window import MainWindow
from ui.override_dialog import OverrideDialog
from ui.qt import QApplication, Qt
from ui.settings_dialog import SettingsDialog
from ui.touch_dialog import TouchDialog

D = TypeVar("D", bound=TouchDialog)


def ean13(body12: str) -> str:
    return body12 + str(gtin_check_digit(body12))


COLA = ean13("690123456789")
WATER = ean13("690123456790")
CHIPS = ean13("690123456791")
RICE = ean13("690123456792")
NOT_IN_CATALOG = ean13("690999999999")
APPLE_PLU = "1001"
CASHIER_PIN = "1234"
MANAGER_PIN = "9999"

CATALOG = [
    CatalogRow(2, (COLA,), "可口可乐 330ml", 300, Unit.PIECE, "饮料", 1300),
    CatalogRow(3, (WATER,), "农夫山泉 550ml", 200, Unit.PIECE, "饮料", 1300),
    CatalogRow(4, (CHIPS,), "乐事薯片 70g", 750, Unit.PIECE, "零食", 1300),
    CatalogRow(5, (RICE,), "金龙鱼大米 1kg", 1250, Unit.PIECE, "粮油", 900),
    CatalogRow(6, (APPLE_PLU,), "富士苹果", 1280, Unit.KG, "水果", 900),
]


@dataclass(frozen=True)
class People:
    cashier: Cashier
    manager: Cashier
    cashier_pin: str = CASHIER_PIN
    manager_pin: str = MANAGER_PIN


@dataclass(frozen=True)
class Codes:
    """The test shop's barcodes (tests run in importlib mode, so they get these from a fixture)."""

    cola: str = COLA
    water: str = WATER
    chips: str = CHIPS
    rice: str = RICE
    unknown: str = NOT_IN_CATALOG
    apple_plu: str = APPLE_PLU


@pytest.fixture(scope="session", autouse=True)
def chinese_application(qapp: QApplication) -> QApplication:
    """The till's default look for every GUI test: zh_CN translation, the CJK font, the theme."""
    prepare_application(qapp, "zh_CN")
    return qapp


@pytest.fixture
def till(tmp_path: Path) -> Iterator[Till]:
    till = Till(tmp_path / "data")
    yield till
    worker.wait_for_background()
    till.close()


@pytest.fixture
def people(till: Till) -> People:
    """The cashier and the manager; the cashier has opened a shift (float 0): the till can sell."""
    people = People(
        till.auth.create("张三", Role.CASHIER, CASHIER_PIN),
        till.auth.create("李店长", Role.MANAGER, MANAGER_PIN),
    )
    till.shifts.open(people.cashier, 0)
    return people


@pytest.fixture
def catalog(till: Till) -> None:
    till.catalog.import_rows(CATALOG)


@pytest.fixture
def codes() -> Codes:
    return Codes()


@pytest.fixture
def window(qtbot: QtBot, till: Till, people: People, catalog: None) -> MainWindow:
    return open_window(qtbot, till)


def open_window(qtbot: QtBot, till: Till) -> MainWindow:
    """The main window at 1024x768, shown, with its catalog index built in the background."""
    window = build_main_window(till)
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    window.start_background_loading()
    qtbot.waitUntil(lambda: window.loader.ready)
    return window


@pytest.fixture
def selling(qtbot: QtBot, window: MainWindow, people: People) -> MainWindow:
    """The window after the cashier logged in with the right PIN."""
    window.login_screen.log_in(people.cashier.id, CASHIER_PIN)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.sale_screen)
    return window


# -- driving the window as a cashier would -------------------------------------------------------------
class Driver:
    """What the tests do to the window and read back from it, in the cashier's terms."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window
        self.screen = window.sale_screen

    def settle(self) -> None:
        """Waits until every background call has delivered its result to the GUI thread."""
        self.qtbot.waitUntil(lambda: worker.pending() == 0, timeout=10_000)

    def scan(self, code: str) -> None:
        """Types into the search field as a USB scanner does: the digits, then Enter."""
        field = self.screen.products.search
        self.qtbot.keyClicks(field, code)
        self.qtbot.keyClick(field, Qt.Key.Key_Return)

    def tap(self, key: str) -> None:
        """Taps one of the sale screen's action buttons (quantity, void, discount_line, ..., pay)."""
        target = self.screen.pay_button if key == "pay" else self.screen.buttons[key]
        self.qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    def dialog(self, kind: type[D]) -> D:
        dialog = self.screen.sale_actions.dialog
        assert isinstance(dialog, kind), f"expected a {kind.__name__} on screen, found {dialog!r}"
        assert dialog.isVisible()
        return dialog

    def no_dialog(self) -> None:
        assert self.screen.sale_actions.dialog is None

    def rows(self) -> list[list[str]]:
        """What the cart table shows, cell by cell."""
        model = self.screen.cart_panel.model
        return [
            [model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())
        ]

    def message(self) -> str:
        return self.screen.message.text()

    def due(self) -> str:
        return self.screen.cart_panel.totals.due_value.text()

    def select_row(self, row: int) -> None:
        table = self.screen.cart_panel.table
        rect = table.visualRect(self.screen.cart_panel.model.index(row, 0))
        self.qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def drive(qtbot: QtBot, selling: MainWindow) -> Driver:
    return Driver(qtbot, selling)


@pytest.fixture
def settings_dialog(drive: Driver, people: People) -> SettingsDialog:
    """The shop settings, opened with the manager's approval."""
    drive.tap("settings")
    drive.dialog(OverrideDialog).approve(people.manager.id, "其他", people.manager_pin)
    drive.settle()
    return drive.dialog(SettingsDialog)
