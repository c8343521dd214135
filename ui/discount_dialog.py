"""A discount for one line or the whole order: percent off (with 折 presets) or an amount off."""

from __future__ import annotations

from pos_app.errors import PosError
from pos_app.money import parse_yuan
from pos_app.pricing import Discount, DiscountKind
from ui.entry_parsing import EntryError, parse_percent_bp
from ui.keypad_widget import KeypadWidget, edit
from ui.qt import QButtonGroup, QGridLayout, QHBoxLayout, QLabel, QLineEdit, Qt, QWidget
from ui.theme import button
from ui.touch_dialog import TouchDialog


class DiscountDialog(TouchDialog):
    """After `accepted`, `discount` is the chosen Discount, or None when the cashier removed it."""

    def __init__(self, title: str, subject: str, parent: QWidget | None) -> None:
        super().__init__(title, parent, fraction=(0.62, 0.92), maximum=(640, 820))
        self.discount: Discount | None = None
        subject_label = QLabel(subject)
        subject_label.setObjectName("entryPrompt")
        subject_label.setWordWrap(True)
        self.body.addWidget(subject_label)
        modes = QHBoxLayout()
        group = QButtonGroup(self)
        self.percent_button = button(self.tr("Percent off"), "chip", "modePercent", checkable=True)
        self.amount_button = button(self.tr("Amount off"), "chip", "modeAmount", checkable=True)
        self.percent_button.setChecked(True)
        for b in (self.percent_button, self.amount_button):
            group.addButton(b)
            modes.addWidget(b)
            b.toggled.connect(self._mode_changed)
        self.body.addLayout(modes)
        presets = QGridLayout()
        presets.setSpacing(8)
        labels = (
            (500, self.tr("5% off")),
            (1000, self.tr("10% off")),
            (2000, self.tr("20% off")),
            (3000, self.tr("30% off")),
            (5000, self.tr("50% off")),
        )
        self.preset_buttons = []
        for i, (bp, label) in enumerate(labels):
            preset = button(label, "preset", f"preset{bp}")
            preset.clicked.connect(lambda _=False, v=bp: self._choose(Discount(DiscountKind.PERCENT, v)))
            presets.addWidget(preset, 0, i)
            self.preset_buttons.append(preset)
        self.body.addLayout(presets)
        self.hint = QLabel()
        self.hint.setObjectName("sectionCaption")
        self.body.addWidget(self.hint)
        self.display = QLineEdit()
        self.display.setObjectName("entryDisplay")
        self.display.setPlaceholderText("0")
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.body.addWidget(self.display)
        self.body.addWidget(self.error_label)
        self.keypad = KeypadWidget(decimal=True)
        self.keypad.pressed.connect(self._key)
        self.body.addWidget(self.keypad, 1)
        row = QHBoxLayout()
        self.remove_button = button(self.tr("Remove discount"), "danger", "removeDiscount")
        self.remove_button.clicked.connect(lambda: self._choose(None))
        self.ok_button = button(self.tr("Apply"), "primary", "discountOk")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._ok)
        row.addWidget(self.remove_button, 1)
        row.addWidget(self.ok_button, 2)
        self.body.addLayout(row)
        self._mode_changed()
        self.display.setFocus()

    @property
    def percent_mode(self) -> bool:
        return self.percent_button.isChecked()

    def _mode_changed(self) -> None:
        for preset in self.preset_buttons:
            preset.setEnabled(self.percent_mode)
        hint = (
            self.tr("Percent off, e.g. 15") if self.percent_mode else self.tr("Amount off in yuan, e.g. 5.00")
        )
        self.hint.setText(hint)
        self.display.clear()

    def _key(self, key: str) -> None:
        self.display.setText(edit(self.display.text(), key, max_len=9))
        self.clear_message()

    def type_and_confirm(self, keys: str) -> None:
        self.keypad.type_keys(keys)
        self.ok_button.click()

    def _ok(self) -> None:
        text = self.display.text().strip()
        try:
            if self.percent_mode:
                discount = Discount(DiscountKind.PERCENT, parse_percent_bp(text))
            else:
                discount = Discount.amount(parse_yuan(text))
        except (EntryError, PosError) as err:
            self.show_error(str(err))
            return
        self._choose(discount)

    def _choose(self, discount: Discount | None) -> None:
        self.discount = discount
        self.accept()
