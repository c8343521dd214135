"""The shop owner's commands behind `pos-till`: catalog, simulate, cashier."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Callable

from pos_app.errors import InvalidInput, PosError
from pos_app.i18n import pick
from pos_app.services.auth import Role
from pos_app.services.simulate import SteppingClock, simulate
from pos_app.services.till import Till


def progress_bar(label: str) -> Callable[[int, int], None] | None:
    """A one-line bar on a terminal's stderr; nothing when output goes to a file or a pipe."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def run(till: Till, args: argparse.Namespace) -> int:
    handler = {"catalog": _catalog, "simulate": _simulate, "cashier": _cashier}[args.command]
    return handler(till, args)


def _catalog(till: Till, args: argparse.Namespace) -> int:
    if args.catalog_command == "import":
        result = till.catalog.import_file(args.file, progress_bar(pick("importing", "导入中")))
        print(
            pick(
                f"imported: {result.created} new, {result.updated} updated",
                f"导入完成：新增 {result.created} 个，更新 {result.updated} 个",
            )
        )
        return 0
    if args.catalog_command == "export":
        count = till.catalog.export_file(args.file)
        print(pick(f"exported {count} products to {args.file}", f"已导出 {count} 个商品到 {args.file}"))
        return 0
    if args.limit < 1:
        raise InvalidInput("--limit must be at least 1", "--limit 至少为 1")
    for p in till.catalog.search(args.query, args.limit):
        row = {
            "barcode": p.main_barcode,
            "barcodes": list(p.barcodes),
            "name": p.name,
            "price_fen": p.price_fen,
            "unit": p.unit.value,
            "category": p.category,
            "tax_rate_bp": p.tax_rate_bp,
            "initials": p.initials,
        }
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _simulate(till: Till, args: argparse.Namespace) -> int:
    if args.orders < 1 or args.days < 1:
        raise InvalidInput("--orders and --days must be at least 1", "--orders 和 --days 至少为 1")
    cashiers = till.auth.cashiers()
    if not cashiers:
        raise PosError(
            "no cashier yet: add one with `pos-till cashier add` (or use --demo)",
            "还没有收银员：请用 `pos-till cashier add` 添加（或使用 --demo）",
        )
    if not isinstance(till.clock, SteppingClock):
        raise TypeError("simulate needs a till opened on a SteppingClock")
    started = time.perf_counter()
    result = simulate(
        till,
        till.clock,
        cashiers[0],
        args.orders,
        args.days,
        args.seed,
        progress_bar(pick("simulating", "模拟中")),
    )
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "orders": result.orders,
                "lines": result.lines,
                "total_fen": result.total_fen,
                "seconds": round(seconds, 2),
            },
            ensure_ascii=False,
        )
    )
    return 0


def _cashier(till: Till, args: argparse.Namespace) -> int:
    if args.cashier_command == "list":
        for c in till.auth.cashiers():
            print(json.dumps({"id": c.id, "name": c.name, "role": c.role.value}, ensure_ascii=False))
        return 0
    pin = args.pin or getpass.getpass(pick("PIN (4-6 digits): ", "密码（4-6 位数字）："))
    cashier = till.auth.create(args.name, Role(args.role), pin)
    print(cashier.id)
    return 0
