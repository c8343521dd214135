"""`pos-till`: opens the till, or runs a shop owner's command against a data directory.

The command line is one of the till's user interfaces, so it lives beside the screens and, like them,
only calls pos_app's services. Qt is imported only when the window opens.
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_data_dir

from pos_app.errors import PosError
from pos_app.printer_config import ENCODINGS
from ui.cli_audit import add_audit_parser
from ui.cli_report import add_report_parser

if TYPE_CHECKING:
    from pos_app.ports import PaymentGateway
    from pos_app.services.till import Till

EXIT_USAGE = 2
EXIT_FAILED = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos-till", description="收银台 / the till for small shops")
    parser.add_argument(
        "--data-dir", type=Path, default=Path(user_data_dir("till")), help="where the till keeps its data"
    )
    parser.add_argument("--demo", action="store_true", help="seed a demo shop first if the data dir is empty")
    parser.add_argument(
        "--fullscreen", action="store_true", help="open the till full screen (the shop's touchscreen)"
    )
    parser.add_argument(
        "--quit-when-ready", action="store_true", help=argparse.SUPPRESS
    )  # start-up benchmark
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    catalog = commands.add_parser("catalog", help="import, export and search the catalog")
    catalog_cmds = catalog.add_subparsers(dest="catalog_command", metavar="ACTION", required=True)
    imp = catalog_cmds.add_parser(
        "import", help="load products from a CSV (UTF-8 or GBK, English or Chinese headers)"
    )
    imp.add_argument("file", type=Path)
    exp = catalog_cmds.add_parser("export", help="write the catalog as CSV in the import format")
    exp.add_argument("file", type=Path)
    search = catalog_cmds.add_parser("search", help="find products by barcode, name or pinyin initials")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)

    sim = commands.add_parser("simulate", help="ring up realistic cash orders (demos, load tests)")
    sim.add_argument("--orders", type=int, required=True)
    sim.add_argument("--days", type=int, default=1)
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument(
        "--qr",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="the share of orders paid by payment code through the cloud (its sandbox in the demo), 0 to 1",
    )

    receipt = commands.add_parser("receipt", help="print a test receipt, or reprint an order")
    receipt.add_argument("order_no", nargs="?", help="the order number on the receipt, e.g. 20261125-0007")
    receipt.add_argument("--sample", action="store_true", help="a test receipt with Chinese items")
    receipt.add_argument("--printer", help="printer URL; the configured printer when not given")
    receipt.add_argument("--width", type=int, choices=(58, 80), help="paper width in mm")
    receipt.add_argument("--encoding", choices=ENCODINGS, help="how Chinese is sent (raster: as an image)")
    receipt.add_argument("--png", type=Path, help="write the receipt as a picture instead of printing it")

    decode = commands.add_parser("decode", help="read the codes in pictures, as the till's camera would")
    decode.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    decode.add_argument("--json", action="store_true", help="one JSON object a picture")

    cashier = commands.add_parser("cashier", help="add or list cashiers and managers")
    cashier_cmds = cashier.add_subparsers(dest="cashier_command", metavar="ACTION", required=True)
    add = cashier_cmds.add_parser("add", help="add an account; the PIN is asked for unless --pin is given")
    add.add_argument("name")
    add.add_argument("--role", choices=("cashier", "manager"), default="cashier")
    add.add_argument("--pin")
    cashier_cmds.add_parser("list", help="list the accounts")

    pair = commands.add_parser("pair", help="pair this till with the merchant's cloud (one-time code)")
    pair.add_argument("--cloud", required=True, metavar="URL", help="the cloud's address, e.g. https://...")
    pair.add_argument("--code", required=True, help="the 8-digit pairing code from the cloud")
    pair.add_argument("--name", default="", help="this till's name in the cloud (the host name by default)")
    sync = commands.add_parser("sync", help="send the till's sales to the cloud and fetch the catalog")
    sync.add_argument("--json", action="store_true", help="what it did as one JSON object")
    sync.add_argument(
        "--once", action="store_true", required=True, help="one run now (the window syncs in the background)"
    )
    payment = commands.add_parser("payment", help="the installer's test payment; payments left open")
    payment_cmds = payment.add_subparsers(dest="payment_command", metavar="ACTION", required=True)
    test = payment_cmds.add_parser(
        "test",
        help="pay a small amount with a customer's payment code, then refund it (one JSON line a state)",
    )
    test.add_argument("--code", required=True, help="the payment code (付款码) the customer shows")
    test.add_argument("--amount", default="0.01", help="in yuan, 0.01 by default")
    payment_cmds.add_parser(
        "resolve", help="finish or give back payments a crash or the network left open (one JSON line each)"
    )
    add_report_parser(commands)
    add_audit_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        till = _open_till(args)
    except PosError as exc:
        return report(exc)
    try:
        if args.command is None:
            from ui.app import run_gui

            return run_gui(
                till, sys.argv[:1] + (["--fullscreen"] if args.fullscreen else []), args.quit_when_ready
            )
        from ui import cli_commands

        return cli_commands.run(till, args)
    except PosError as exc:
        return report(exc)
    finally:
        till.close()


def report(exc: PosError) -> int:
    """The message, and for a refused import each bad row, on stderr; no traceback for a known error."""
    print(exc, file=sys.stderr)
    for row in getattr(exc, "rows", []):
        print(f"  {row}", file=sys.stderr)
    return EXIT_FAILED


def _open_till(args: argparse.Namespace) -> Till:
    from pos_app.services.demo import seed_demo
    from pos_app.services.simulate import SteppingClock
    from pos_app.services.till import Till

    clock = SteppingClock(datetime.now(UTC)) if args.command == "simulate" else None
    till = Till(args.data_dir, clock)
    till.use_payment_gateway(_gateway_made_when_used(till))
    if args.demo and seed_demo(till):
        print(f"demo shop seeded in {args.data_dir}", file=sys.stderr)
    return till


def _gateway_made_when_used(till: Till) -> Callable[[], PaymentGateway]:
    """The cloud's payment gateway, built at the first payment: the HTTP client and the protocol models
    cost a quarter of a second to import, which commands that pay nothing (and the window's start) skip."""
    lock = threading.Lock()
    made: list[Callable[[], PaymentGateway]] = []

    def gateway() -> PaymentGateway:
        with lock:
            if not made:
                from sync.payment_gateway import TillGateway

                made.append(TillGateway(till))
        return made[0]()

    return gateway


if __name__ == "__main__":
    sys.exit(main())
