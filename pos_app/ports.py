"""What the till needs from the world outside pos_app, as Protocols; hardware/ and sync/ implement them.

The domain and the services depend on these shapes only, so tests plug in fakes and the UI's start-up
plugs in the real drivers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from pos_app.receipt import Receipt


class PrinterStatus(Enum):
    ONLINE = "online"
    OFFLINE = "offline"  # not reachable, or the printer says it is offline (cover open, error)
    TIMEOUT = "timeout"  # reachable but not answering in time
    PAPER_OUT = "paper_out"
    UNKNOWN = "unknown"  # reachable, but it does not report status (many cheap printers do not)


class Printer(Protocol):
    """A receipt printer reached over one connection (TCP, USB, serial or a device file)."""

    def send(self, data: bytes) -> None:
        """Sends a whole job; raises pos_app.printing_errors.PrinterUnavailable when it cannot."""
        ...

    def status(self) -> PrinterStatus:
        """A quick look (well under a second), for the status bar and before a job; never raises."""
        ...


class ReceiptPrinter(Protocol):
    """The configured receipt printer as the print queue sees it: documents in, bytes are its business."""

    where: str

    def print_receipt(self, receipt: Receipt, kick_drawer: bool) -> None:
        """Prints a whole receipt (and opens the drawer after it when asked); raises PrinterUnavailable."""
        ...

    def open_drawer(self) -> None:
        """Opens the cash drawer without printing; raises PrinterUnavailable."""
        ...

    def status(self) -> PrinterStatus:
        """A quick look for the status bar; never raises."""
        ...


@dataclass(frozen=True)
class DecodedCode:
    """One code a decoder read from an image: its text and the symbology ("QRCode", "EAN13", "Code128")."""

    text: str
    symbology: str


class CodeDecoder(Protocol):
    """Reads the codes in one camera frame; the camera worker calls it for every frame it keeps.

    `gray` is a 2-D uint8 image array (height x width); it is typed Any so pos_app stays free of numpy.
    """

    def decode(self, gray: Any) -> list[DecodedCode]:
        """Every distinct code found, each text once; an empty list when there is none. Never raises."""
        ...


JsonObject = dict[str, Any]


class SyncTransport(Protocol):
    """The merchant cloud's sync API as the outbox pump and the pull see it; sync.client implements it.

    Requests and answers are JSON objects shaped as sync.protocol says (pos_app does not import sync).
    Failures raise pos_app.sync_errors types: CloudUnreachable (no network, timeout, 5xx: retry later),
    BatchRefused (413/422: the pump splits the batch), ClockSkew, DeviceRevoked, DeviceNotRecognized.
    """

    @property
    def clock_skew_s(self) -> int | None:
        """The cloud's clock minus the till's, from the last answer (X-Server-Time); None before any."""
        ...

    def push(self, events: list[JsonObject]) -> JsonObject:
        """POST /v1/sync/push with these events; returns the PushResponse object."""
        ...

    def pull(self, feed: str, after: int, limit: int) -> JsonObject:
        """GET /v1/sync/{feed}?after=..&limit=.. (feed: catalog or cashiers); returns the page object."""
        ...


@dataclass(frozen=True)
class GatewayPayment:
    """The cloud's word on one payment: state is one of pos_app.payment_attempts.CLOUD_STATES."""

    out_trade_no: str
    channel: str
    state: str
    amount_fen: int | None = None
    channel_trade_no: str = ""
    reason: str = ""  # a failure's machine code (auth_code_expired, insufficient_balance, ...)
    message: str = ""  # a failure in the cashier's words


@dataclass(frozen=True)
class GatewayCancel:
    """outcome: done (no money stays with the shop), retry, too_early (again at not_before), refused."""

    out_trade_no: str
    outcome: str
    not_before: datetime | None = None
    money_returned: bool | None = None
    message: str = ""


@dataclass(frozen=True)
class GatewayRefund:
    """state: refunded (accepted), unknown (retry with the same out_refund_no) or failed (final)."""

    out_refund_no: str
    state: str
    message: str = ""


class PaymentGateway(Protocol):
    """The cloud's aggregated-payment API as the till sees it; sync.payment_gateway implements it.

    Every method raises pos_app.sync_errors.CloudUnreachable when the answer did not arrive (the request
    may or may not have reached the cloud), PaymentTradeUnknown when the cloud never saw the number, and
    other SyncError types for a refused device.
    """

    def pay(
        self, out_trade_no: str, auth_code: str, amount_fen: int, subject: str, order_uuid: str
    ) -> GatewayPayment: ...

    def query(self, out_trade_no: str) -> GatewayPayment: ...

    def cancel(self, out_trade_no: str) -> GatewayCancel: ...

    def refund(
        self, out_trade_no: str, out_refund_no: str, refund_fen: int, reason: str
    ) -> GatewayRefund: ...

    def channels(self) -> list[str]: ...
