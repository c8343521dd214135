"""The admin commands behind `pos-cloud`: each opens the database (migrating it) and returns its output.

The last line returned is the one a script reads: the new id, the pairing code.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from cloud.cashiers import add_cashier
from cloud.catalog import import_file
from cloud.config import Settings
from cloud.db import Database
from cloud.devices import list_devices, revoke_device
from cloud.journal_commands import journal_status, journal_verify
from cloud.pairing import new_pairing_code
from cloud.reports import sales_report
from cloud.tenants import create_merchant, create_store
from pos_app.clock import Clock
from pos_app.money import format_yuan

Command = Callable[[Database, Settings, Clock, argparse.Namespace], list[str]]


def _merchant_create(db: Database, _s: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
    return [f"merchant '{args.name}' created", str(create_merchant(db, clock, args.name))]


def _store_create(db: Database, _s: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
    return [f"store '{args.name}' created", str(create_store(db, clock, args.merchant, args.name))]


def _pairing_code(db: Database, settings: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
    code = new_pairing_code(db, clock, args.store, settings.pairing_code_ttl_seconds)
    valid = f"{code.expires_at:%Y-%m-%d %H:%M:%S} UTC"
    return [f"pairing code for store {code.store_id}, single use, valid until {valid}:", code.code]


def _device_list(db: Database, _s: Settings, _c: Clock, args: argparse.Namespace) -> list[str]:
    lines = ["id\tname\tdevice_uuid\tstatus\tpaired_at\tlast_seen_at"]
    for d in list_devices(db, args.store):
        status = "revoked" if d.revoked_at else "active"
        seen = d.last_seen_at.isoformat(timespec="seconds") if d.last_seen_at else "-"
        lines.append(
            f"{d.id}\t{d.name}\t{d.device_uuid}\t{status}\t{d.paired_at.isoformat(timespec='seconds')}\t{seen}"
        )
    return lines


def _device_revoke(db: Database, _s: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
    changed = revoke_device(db, clock, args.device_id)
    return [f"device {args.device_id} " + ("revoked" if changed else "was already revoked")]


def _cashier_add(db: Database, _s: Settings, _c: Clock, args: argparse.Namespace) -> list[str]:
    cashier_id = add_cashier(db, args.store, args.name, args.role, args.pin)
    return [f"{args.role} '{args.name}' added", str(cashier_id)]


def _catalog_import(db: Database, _s: Settings, _c: Clock, args: argparse.Namespace) -> list[str]:
    r = import_file(db, args.store, args.file)
    return [
        f"imported {args.file}: {r.created} new, {r.updated} changed, {r.deactivated} deactivated, "
        f"{r.unchanged} unchanged; catalog version {r.version}"
    ]


def _report_sales(db: Database, _s: Settings, _c: Clock, args: argparse.Namespace) -> list[str]:
    report = sales_report(db, args.store, args.date)
    if args.json:
        return [json.dumps(report.as_json(), ensure_ascii=False, sort_keys=False)]
    day = report.day.isoformat() if report.day else "all days"
    lines = [
        f"store {report.store_name} ({report.store_id}), {day}",
        f"orders {report.orders}, total {format_yuan(report.total_fen)}",
        f"voided orders {report.voided_orders}, voided {format_yuan(report.voided_fen)}",
        f"refunds {report.refunds}, refunded {format_yuan(report.refunds_fen)}, "
        f"net {format_yuan(report.net_fen)}",
    ]
    lines += [f"  {kind}: {format_yuan(fen)}" for kind, fen in report.by_tender.items()]
    return lines


def _channels(name: str) -> Command:
    """A command of cloud.channel_commands, imported when it runs: the others start faster without it."""

    def command(db: Database, settings: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
        from cloud import channel_commands

        found: Command = getattr(channel_commands, name)
        return found(db, settings, clock, args)

    return command


COMMANDS: dict[tuple[str, str | None], Command] = {
    ("merchant", "create"): _merchant_create,
    ("store", "create"): _store_create,
    ("device", "pairing-code"): _pairing_code,
    ("device", "list"): _device_list,
    ("device", "revoke"): _device_revoke,
    ("cashier", "add"): _cashier_add,
    ("catalog", "import"): _catalog_import,
    ("report", "sales"): _report_sales,
    ("channels", "set"): _channels("channels_set"),
    ("channels", "show"): _channels("channels_show"),
    ("channels", "sandbox"): _channels("channels_sandbox"),
    ("demo-shop", None): _channels("demo"),
    ("journal", "status"): journal_status,
    ("journal", "verify"): journal_verify,
}


def run(settings: Settings, clock: Clock, args: argparse.Namespace) -> list[str]:
    command = COMMANDS[(args.command, getattr(args, "action", None))]
    db = Database(settings.db_url)
    try:
        return command(db, settings, clock, args)
    finally:
        db.close()
