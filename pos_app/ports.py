"""What the till needs from the world outside pos_app, as Protocols; hardware/ and sync/ implement them.

The domain and the services depend on these shapes only, so tests plug in fakes and the UI's start-up
plugs in the real drivers.
"""

from __future__ import annotations

from dataclasses import dataclass
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
