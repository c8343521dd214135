"""The shop owner's commands behind `pos-till`: catalog, simulate, cashier, receipt, decode, pair; sync,
payment, report and audit have modules of their own."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from collections.abc import Callable
from dataclasses import replace

from hardware.receipt_printer import EscPosReceiptPrinter
from hardware.receipt_raster import save_png
from pos_app.errors import InvalidInput, PosError
from pos_app.i18n import pick
from pos_app.printer_config import parse_printer_url
from pos_app.receipt import PaperWidth, Receipt, sample_receipt
from pos_app.services.auth import Role
from pos_app.services.receipts import receipt_for_order
from pos_app.services.simulate import SteppingClock, simulate
from pos_app.services.till import Till
from ui.cli_audit import run_audit
from ui.cli_payment import run_payment
from ui.cli_report import run_report
from ui.cli_sync import run_sync


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
    handlers = {
        "catalog": _catalog,
        "simulate": _simulate,
        "cashier": _cashier,
        "receipt": _receipt,
        "decode": _decode,
        "pair": _pair,
        "sync": run_sync,
        "payment": run_payment,
        "report": run_report,
        "audit": run_audit,
    }
    return handlers[args.command](till, args)


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
    if not 0 <= args.qr <= 1:
        raise InvalidInput("--qr is a share between 0 and 1", "--qr 须为 0 到 1 之间的比例")
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
        qr_share=args.qr,
    )
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "orders": result.orders,
                "lines": result.lines,
                "total_fen": result.total_fen,
                "qr_orders": result.qr_orders,
                "opened_shift": result.opened_shift,  # selling needs a shift: none was open, one was opened
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


def _receipt(till: Till, args: argparse.Namespace) -> int:
    """A shop's printer check (--sample) or a reprint (ORDER_NO), sent straight to the printer."""
    if args.sample == bool(args.order_no):
        raise InvalidInput("give either --sample or an order number", "请指定 --sample 或订单号（二选一）")
    config = parse_printer_url(args.printer) if args.printer else till.settings().printer()
    if config is None and args.png is None:
        raise InvalidInput(
            "no printer is configured: give --printer URL (e.g. tcp://192.168.1.50:9100)",
            "尚未设置打印机：请用 --printer 指定（例如 tcp://192.168.1.50:9100）",
        )
    paper = PaperWidth(args.width) if args.width else (config.paper if config else PaperWidth.MM80)
    if config is not None:
        config = replace(config, paper=paper, encoding=args.encoding or config.encoding)
    if args.sample:
        receipt = _sample_for(till)
    else:
        order = till.orders.by_number(args.order_no)
        receipt = receipt_for_order(order, till.settings(), copy=True)
    if args.png is not None:
        save_png(receipt, args.png, paper)
        print(pick(f"receipt picture written to {args.png}", f"小票图片已保存到 {args.png}"))
        return 0
    assert config is not None
    printer = EscPosReceiptPrinter(config)
    if args.sample:
        printer.print_receipt(receipt, kick_drawer=False)
    else:
        till.printing.reprint(order.uuid, on=printer)
    print(pick(f"printed on {config.where}", f"已打印到 {config.where}"))
    return 0


def _sample_for(till: Till) -> Receipt:
    """The sample items under this shop's own name, as a set-up test print would show them."""
    receipt = sample_receipt()
    settings = till.settings()
    receipt.shop_name, receipt.address, receipt.phone = settings.shop_name, settings.address, settings.phone
    return receipt


def _decode(till: Till, args: argparse.Namespace) -> int:
    """Each picture's codes and what the till makes of them; an unreadable picture is said and skipped."""
    from hardware.decode_images import decode_file
    from hardware.decoders.pipeline import ScanPipeline

    pipeline, template, failed = ScanPipeline(), till.settings().scale_template, 0
    for path in args.images:
        try:
            result = decode_file(path, pipeline, template)
        except PosError as exc:
            print(exc, file=sys.stderr)
            failed += 1
            continue
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
            continue
        codes = result["codes"]
        assert isinstance(codes, list)
        found = ", ".join(f"{c['text']} ({c['kind']}, {c['symbology']})" for c in codes) or pick(
            "no code", "未识别到条码"
        )
        print(f"{path}: {found}  [{result['ms']} ms]")
    return 1 if failed else 0


def _pair(till: Till, args: argparse.Namespace) -> int:
    """Pairs with the cloud; prints the store and the device id, never the device secret."""
    from sync.pairing import pair

    paired = pair(till, args.cloud, args.code, args.name)
    print(
        pick(
            f"paired with {paired.merchant_name} / {paired.store_name}; device id {paired.device_id}",
            f"已绑定 {paired.merchant_name} / {paired.store_name}；设备编号 {paired.device_id}",
        )
    )
    return 0
