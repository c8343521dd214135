"""`pos-cloud`: serve the API, or run an admin command on the service's database.

Every command takes --db URL (before or after the command; POS_CLOUD_DB_URL otherwise) and migrates the
database first. A create command prints the new object's id alone on its last line, `device
pairing-code` and `demo-shop` the code. Errors are one line on stderr and exit 1 (2 for a wrong command
line). Channel credentials are encrypted with POS_CLOUD_CHANNEL_KEY (see cloud/channel_cipher.py).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from cloud.config import Settings
from cloud.errors import CloudError
from pos_app.clock import SystemClock
from pos_app.errors import CatalogImportError, PosError

EXIT_FAILED = 1
EXIT_USAGE = 2


def out(text: str = "", *, err: bool = False) -> None:
    print(text, file=sys.stderr if err else sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pos-cloud", description="the merchant cloud of the till")
    parser.add_argument(
        "--db", metavar="URL", help="database URL (default: POS_CLOUD_DB_URL or a SQLite file)"
    )
    db = argparse.ArgumentParser(add_help=False)  # lets --db come after the command as well
    db.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="database URL")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = commands.add_parser("serve", parents=[db], help="run the HTTP API (uvicorn)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8700)")
    serve.add_argument(
        "--sandbox", action="store_true", help="also serve the payments sandbox at /sandbox (demo only)"
    )
    serve.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="a line per request on stdout (the default); behind a proxy that logs the requests, "
        "--no-access-log spares the service that work",
    )

    def group(name: str, help_text: str) -> argparse._SubParsersAction[argparse.ArgumentParser]:
        sub = commands.add_parser(name, parents=[db], help=help_text)
        return sub.add_subparsers(dest="action", metavar="ACTION", required=True)

    merchant = group("merchant", "merchants")
    merchant.add_parser("create", parents=[db], help="add a merchant").add_argument("name")
    store = group("store", "stores of a merchant")
    create = store.add_parser("create", parents=[db], help="add a store")
    create.add_argument("merchant", help="merchant id or name")
    create.add_argument("name")
    device = group("device", "pair, list and revoke tills")
    device.add_parser("pairing-code", parents=[db], help="a one-time code to pair a till").add_argument(
        "store", help="store id, name or MERCHANT/STORE"
    )
    device.add_parser("list", parents=[db], help="the store's tills").add_argument("store")
    device.add_parser("revoke", parents=[db], help="revoke a till").add_argument("device_id")
    cashier = group("cashier", "cashier accounts")
    add = cashier.add_parser("add", parents=[db], help="add a cashier or manager")
    add.add_argument("store")
    add.add_argument("name")
    add.add_argument("--role", choices=("cashier", "manager"), default="cashier")
    add.add_argument("--pin", required=True, help="4 to 6 digits")
    catalog = group("catalog", "the store's catalog")
    imp = catalog.add_parser("import", parents=[db], help="load products from a CSV (all rows or none)")
    imp.add_argument("store")
    imp.add_argument("file", type=Path)
    report = group("report", "figures")
    sales = report.add_parser("sales", parents=[db], help="sales of a store, voids apart, by tender")
    sales.add_argument("--store", required=True)
    sales.add_argument("--date", type=date.fromisoformat, help="business day YYYY-MM-DD (default: all)")
    sales.add_argument("--json", action="store_true", help="one JSON object")
    channels = group("channels", "a merchant's payment channels (credentials stored encrypted)")
    put = channels.add_parser("set", parents=[db], help="store the channels of a JSON file")
    put.add_argument("merchant", help="merchant id or name")
    put.add_argument(
        "--file", type=Path, required=True, help="MerchantChannels JSON (docs/payments-sandbox.md)"
    )
    channels.add_parser("show", parents=[db], help="open channels, no secrets").add_argument("merchant")
    sandbox = channels.add_parser("sandbox", parents=[db], help="sandbox credentials (any code is accepted)")
    sandbox.add_argument("merchant")
    sandbox.add_argument(
        "--base-url", required=True, help="where `serve --sandbox` runs, e.g. http://127.0.0.1:8700"
    )
    journal = group("journal", "the tills' fiscal journals as the cloud holds them")
    journal.add_parser("status", parents=[db], help="each till's chain: how far it is held, any break")
    verify = journal.add_parser("verify", parents=[db], help="check again every entry stored for a till")
    verify.add_argument(
        "--device", required=True, help="device id (as `device list` shows) or the till's uuid"
    )
    demo = commands.add_parser(
        "demo-shop",
        parents=[db],
        help="the demo merchant and store with sandbox channels; prints a pairing code",
    )
    demo.add_argument(
        "--base-url", help="where `serve --sandbox` runs (default http://HOST:PORT of the settings)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings(db_url=args.db) if args.db else Settings()
        if args.command == "serve":
            return _serve(settings, args)
        from cloud.commands import run

        for line in run(settings, SystemClock(), args):
            out(line)
        return 0
    except CatalogImportError as exc:
        out(f"error: {exc.en}", err=True)
        for row in exc.rows:
            out(f"  line {row.line}: {row.en}" if row.line else f"  {row.en}", err=True)
        return EXIT_FAILED
    except PosError as exc:
        out(f"error: {exc.en}", err=True)
        return EXIT_FAILED
    except CloudError as exc:
        out(f"error: {exc.message}", err=True)
        return EXIT_FAILED
    except ValidationError as exc:
        out(f"error: bad setting: {exc.errors()[0]['msg']}", err=True)
        return EXIT_USAGE
    except ArgumentError as exc:
        out(f"error: bad database URL: {exc}", err=True)
        return EXIT_USAGE
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        out(f"error: the database cannot be used: {reason}", err=True)
        return EXIT_FAILED
    except OSError as exc:
        out(f"error: {exc}", err=True)
        return EXIT_FAILED


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from cloud.app import create_app

    updates = {k: v for k, v in (("host", args.host), ("port", args.port)) if v is not None}
    if args.sandbox:
        updates["sandbox"] = True
    settings = settings.model_copy(update=updates)
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info", access_log=args.access_log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
