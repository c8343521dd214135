"""The till's application services over one data directory: the door every UI and CLI goes through."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from pos_app.clock import Clock, SystemClock
from pos_app.errors import StorageError
from pos_app.i18n import set_language
from pos_app.journal import JournalSigner
from pos_app.ports import PaymentGateway
from pos_app.services.audit import AuditService
from pos_app.services.auth import Approval, AuthService, Cashier, OverrideAction
from pos_app.services.cashier_activity import CashierActivity
from pos_app.services.catalog_service import CatalogService
from pos_app.services.checkout import CheckoutService
from pos_app.services.fiscal_log import FiscalLog
from pos_app.services.held_orders import HeldOrders
from pos_app.services.orders import OrderHistory
from pos_app.services.payment_recovery import PaymentRecovery
from pos_app.services.payments import PaymentService
from pos_app.services.print_queue import PrintQueue
from pos_app.services.refunds import RefundService
from pos_app.services.reports import ReportService
from pos_app.services.sale import Sale
from pos_app.services.shifts import ShiftService
from pos_app.services.sync_state import SyncState
from pos_app.settings import SettingsFile, ShopSettings
from pos_app.store.db import Store, storage_error
from pos_app.store.models import Meta, new_uuid
from pos_app.sync_errors import NotPaired

DB_FILE = "till.sqlite3"
SETTINGS_FILE = "settings.toml"
PEPPER_FILE = "pin-pepper.key"
JOURNAL_KEY_FILE = "journal-signing.key"  # the Ed25519 seed that signs the fiscal journal
ACTIVITY_FILE = "cashier-activity"
MERCHANT_PEPPER_FILE = "merchant-pepper.key"  # written by pairing (sync/credentials.py), for cloud cashiers


def _read_or_create_secret(path: Path) -> bytes:
    """A 32-byte secret in a file only the till's user can read (mode 0600)."""
    try:
        if path.exists():
            data = path.read_bytes()
            if len(data) != 32:
                raise StorageError(f"{path} is damaged", f"{path} 已损坏")
            return data
        data = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return data
    except OSError as exc:
        raise storage_error(exc, path) from exc


def _read_secret_if_present(path: Path) -> bytes | None:
    """The merchant's pepper once the till is paired; None before."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise storage_error(exc, path) from exc
    if len(data) != 32:
        raise StorageError(f"{path} is damaged", f"{path} 已损坏")
    return data


class Till:
    def __init__(self, data_dir: Path, clock: Clock | None = None) -> None:
        self.data_dir = data_dir
        self.clock: Clock = clock or SystemClock()
        self.store = Store(data_dir / DB_FILE)
        self._settings_file = SettingsFile(data_dir / SETTINGS_FILE)
        self._settings = self._settings_file.load()
        set_language(self._settings.language)
        self.device_id = self._device_id()
        self.journal = FiscalLog(
            JournalSigner(_read_or_create_secret(data_dir / JOURNAL_KEY_FILE)), self.device_id, self.settings
        )
        self.journal.start(self.store, self.clock.now())
        self.sync_state = SyncState(self.store, self.clock, self.journal)
        self.catalog = CatalogService(self.store, self.clock, self.sync_state.is_paired)
        self.auth = AuthService(
            self.store,
            self.clock,
            _read_or_create_secret(data_dir / PEPPER_FILE),
            self.journal,
            lambda: _read_secret_if_present(data_dir / MERCHANT_PEPPER_FILE),
        )
        self.activity = CashierActivity(data_dir / ACTIVITY_FILE)
        self.checkout = CheckoutService(
            self.store, self.clock, self.settings, self.device_id, self.journal, self.activity.touch
        )
        self.held = HeldOrders(self.store, self.clock)
        self.shifts = ShiftService(self.store, self.clock, self.settings, self.journal)
        self.orders = OrderHistory(self.store, self.clock, self.journal)
        self.printing = PrintQueue(self.store, self.clock, self.settings, self.orders, self.journal)
        self._gateway: Callable[[], PaymentGateway] | None = None
        self.payments = PaymentService(self.store, self.clock, self.settings, self.payment_gateway)
        self.refunds = RefundService(
            self.store, self.clock, self.settings, self.payment_gateway, self.journal
        )
        self.reports = ReportService(self.store, self.clock, self.settings, self.device_id, self.journal)
        self.audit = AuditService(self.store, self.clock, self.device_id, self.journal)
        self.recovery = PaymentRecovery(self.store, self.payments, self.checkout, self.auth, self.refunds)

    def use_payment_gateway(self, gateway: Callable[[], PaymentGateway]) -> None:
        """Plugged in by the composition root (sync.payment_gateway.TillGateway) or a test's fake."""
        self._gateway = gateway

    def payment_gateway(self) -> PaymentGateway:
        if self._gateway is None:
            raise NotPaired()
        return self._gateway()

    def settings(self) -> ShopSettings:
        return self._settings

    def save_settings(self, settings: ShopSettings, approval: Approval) -> None:
        """A manager's change to the shop's settings; the language takes effect at the next start."""
        approval.spend(OverrideAction.CHANGE_SETTINGS)
        self.configure(settings)

    def configure(self, settings: ShopSettings) -> None:
        """Writes settings with no approval: only for set-up (the demo seed, the owner's commands)."""
        try:
            self._settings_file.save(settings)
        except OSError as exc:
            raise storage_error(exc, self._settings_file.path) from exc
        self._settings = settings

    def new_sale(self, cashier: Cashier) -> Sale:
        return Sale(self.catalog, self.settings, cashier, self.activity.touch)

    def is_empty(self) -> bool:
        """A fresh data dir: no products and no cashiers yet."""
        return self.catalog.count() == 0 and not self.auth.cashiers()

    def close(self) -> None:
        self.store.close()

    def _device_id(self) -> str:
        with self.store.unit_of_work() as session:
            row = session.get(Meta, "device_id")
            if row is None:
                row = Meta(key="device_id", value=new_uuid())
                session.add(row)
            return row.value
