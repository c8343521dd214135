"""One dialog for every number typed on the keypad: a quantity, a price, a weight or a barcode."""

from __future__ import annotations

from enum import Enum

from pos_app.errors import PosError
from pos_app.money import parse_yuan
from ui.entry_parsing import EntryError, parse_count, parse_grams
from ui.keypad_widget import KeypadWidget, edit
from ui.qt import QButtonGroup, QHBoxLayout, QLabel, QLineEdit, Qt, QWidget
from ui.theme import button
from ui.touch_dialog import TouchDialog


class EntryKind(Enum):
    COUNT = "count"  # whole pieces
    MONEY = "money"  # yuan, to fen
    WEIGHT = "weight"  # kg or g, to grams
    CODE = "code"  # digits of a barcode, kept as text


class NumberEntryDialog(TouchDialog):
    """After `accepted`: `value` holds fen, grams or pieces, or `code` the digits; `name` the name field."""

    def __init__(
        self,
        title: str,
        prompt: str,
        kind: EntryKind,
        parent: QWidget | None,
        initial: str = "",
        name: str | None = None,
    ) -> None:
        super().__init__(title, parent, fraction=(0.55, 0.9), maximum=(560, 800))
        self.kind = kind
        self.value = 0
        self.code = ""
        self.prompt = QLabel(prompt)
        self.prompt.setObjectName("entryPrompt")
        self.prompt.setWordWrap(True)
        self.body.addWidget(self.prompt)
        self.name_field: QLineEdit | None = None
        if name is not None:
            self.name_field = QLineEdit(name)
            self.name_field.setObjectName("nameField")
            self.name_field.setPlaceholderText(self.tr("Item name"))
            self.body.addWidget(self._caption(self.tr("Item name")))
            self.body.addWidget(self.name_field)
            self.body.addWidget(self._caption(self.tr("Price (yuan)")))
        self.display = QLineEdit(initial)
        self.display.setObjectName("entryDisplay")
        self.display.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.display.selectAll()  # typing replaces the shown value
        self.body.addWidget(self.display)
        self.in_kg = True
        if kind is EntryKind.WEIGHT:
            self.body.addLayout(self._unit_toggle())
        self.body.addWidget(self.error_label)
        self.keypad = KeypadWidget(decimal=kind in (EntryKind.MONEY, EntryKind.WEIGHT))
        self.keypad.pressed.connect(self._key)
        self.body.addWidget(self.keypad, 1)
        self.ok_button = button(self.tr("OK"), "primary", "entryOk")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self._ok)
        self.body.addWidget(self.ok_button)
        self.display.setFocus()

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionCaption")
        return label

    def _unit_toggle(self) -> QHBoxLayout:
        row = QHBoxLayout()
        group = QButtonGroup(self)
        self.kg_button = button(self.tr("kg"), "chip", "unitKg", checkable=True)
        self.g_button = button(self.tr("g"), "chip", "unitG", checkable=True)
        self.kg_button.setChecked(True)
        for b in (self.kg_button, self.g_button):
            group.addButton(b)
            row.addWidget(b)
        self.kg_button.toggled.connect(lambda on: setattr(self, "in_kg", on))
        return row

    def _key(self, key: str) -> None:
        text = "" if self.display.hasSelectedText() else self.display.text()
        self.display.setText(edit(text, key, max_len=20 if self.kind is EntryKind.CODE else 10))
        self.clear_message()

    def type_and_confirm(self, keys: str) -> None:
        """Presses the keys and OK, as a finger would (tests and scripts)."""
        self.keypad.type_keys(keys)
        self.ok_button.click()

    @property
    def name(self) -> str:
        return self.name_field.text().strip() if self.name_field is not None else ""

    def _ok(self) -> None:
        text = self.display.text().strip()
        try:
            if self.kind is EntryKind.COUNT:
                self.value = parse_count(text)
            elif self.kind is EntryKind.MONEY:
                self.value = parse_yuan(text)
            elif self.kind is EntryKind.WEIGHT:
                self.value = parse_grams(text, self.in_kg)
            else:
                if not text.isdigit():
                    raise EntryError(self.tr("A barcode is digits only"))
                self.code = text
        except (EntryError, PosError) as err:
            self.show_error(str(err))
            return
        self.accept()
