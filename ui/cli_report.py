"""`pos-till report x|z`: a day's X report, a stored Z, or closing the day (`report z --close`).

    pos-till --data-dir DIR report x [--date YYYY-MM-DD] [--format text|json|csv|pdf] [--out FILE]
    pos-till --data-dir DIR report z [--date YYYY-MM-DD] ...         (the latest Z without --date)
    pos-till --data-dir DIR report z --close [--date ...] [--manager NAME] [--pin PIN]
    ... [--width 58|80] [--print]                                     (--print: on the receipt printer)

Closing a day is a manager's act: the manager's PIN is asked for unless --pin is given. A refused close
(already closed, a shift still open, an earlier day to close first) says why and exits 1, as any
PosError does in ui.cli.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_app.errors import InvalidInput, PosError
from pos_app.i18n import pick

if TYPE_CHECKING:  # the parser is built at every start of pos-till: the services load only when used
    from pos_app.reports import Report
    from pos_app.services.auth import Cashier
    from pos_app.services.till import Till

FORMATS = ("text", "json", "csv", "pdf")


def add_report_parser(commands: Any) -> None:
    """Registers `report` on pos-till's sub-commands (ui.cli.build_parser)."""
    report = commands.add_parser("report", help="X report of a day, a stored Z report, or close the day (Z)")
    report.add_argument("kind", choices=("x", "z"), help="x: the day so far, changes nothing; z: closed days")
    report.add_argument("--date", help="the business day, YYYY-MM-DD (x: today's; z: the latest Z)")
    report.add_argument("--format", choices=FORMATS, default="text")
    report.add_argument("--out", type=Path, help="write to this file instead of the screen (pdf needs it)")
    report.add_argument("--width", type=int, choices=(58, 80), help="paper width of the text form in mm")
    report.add_argument(
        "--print", action="store_true", help="also print it on the configured receipt printer"
    )
    report.add_argument("--close", action="store_true", help="z: close the business day with a Z report")
    report.add_argument("--manager", help="--close: the manager's name (needed when there are several)")
    report.add_argument("--pin", help="--close: the manager's PIN (asked for when not given)")


def run_report(till: Till, args: argparse.Namespace) -> int:
    day = _parse_day(args.date)
    if args.close and args.kind != "z":
        raise InvalidInput(
            "--close closes the day with a Z: use `report z --close`", "日结请用 `report z --close`"
        )
    if args.format == "pdf" and args.out is None:
        raise InvalidInput(
            "a PDF needs a file: add --out FILE.pdf", "PDF 需要输出文件：请加上 --out 文件名.pdf"
        )
    report: Report
    if args.close:
        report = till.reports.close_day(_manager(till, args), day)
    elif args.kind == "z":
        report = till.reports.z(day)
    else:
        report = till.reports.x(day)
    _write(till, report, args)
    if args.print:
        _print(till, report, args.width)
    return 0


def _parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"'{text}' is not a date like 2026-11-25 (--date YYYY-MM-DD)",
            f"“{text}”不是有效的日期，格式应为 2026-11-25（--date 年-月-日）",
        ) from None


def _manager(till: Till, args: argparse.Namespace) -> Cashier:
    """The manager who closes the day, checked by PIN (wrong PINs count towards the lock, as at login)."""
    managers = till.auth.managers()
    if args.manager:
        chosen = [m for m in managers if m.name == args.manager.strip()]
        if not chosen:
            raise InvalidInput(f"no manager called {args.manager}", f"没有名为 {args.manager} 的店长")
    elif len(managers) == 1:
        chosen = managers
    else:
        raise InvalidInput(
            "name the manager who closes the day: --manager NAME"
            if managers
            else "no manager account: add one with `pos-till cashier add NAME --role manager`",
            "请用 --manager 指定日结的店长"
            if managers
            else "还没有店长账号：请用 `pos-till cashier add 姓名 --role manager` 添加",
        )
    pin = args.pin if args.pin is not None else getpass.getpass(pick("manager's PIN: ", "店长密码："))
    return till.auth.login(chosen[0].id, pin)


def _paper_columns(till: Till, width: int | None) -> int:
    from pos_app.receipt import PaperWidth

    config = till.settings().printer()
    paper = PaperWidth(width) if width else (config.paper if config else PaperWidth.MM80)
    return paper.columns


def _write(till: Till, report: Report, args: argparse.Namespace) -> None:
    timezone = till.settings().timezone
    if args.format == "pdf":
        _write_pdf(report, timezone, args.out)
        print(pick(f"PDF written to {args.out}", f"PDF 已保存到 {args.out}"))
        return
    if args.format == "json":
        from pos_app.report_json import report_to_dict

        text = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "csv":
        from pos_app.report_csv import report_csv

        text = report_csv(report, timezone)
    else:
        from pos_app.report_text import report_lines

        lines = report_lines(report, _paper_columns(till, args.width), timezone)
        text = "".join(line.text + "\n" for line in lines)
    if args.out is None:
        sys.stdout.write(text.removeprefix("\ufeff"))  # the BOM is for Excel, not for a terminal
        return
    try:
        args.out.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise PosError(
            f"cannot write {args.out}: {exc.strerror}", f"无法写入 {args.out}：{exc.strerror}"
        ) from None
    print(pick(f"written to {args.out}", f"已保存到 {args.out}"))


def _write_pdf(report: Report, timezone: str, out: Path) -> None:
    """Qt draws the PDF; no window opens, so the offscreen platform works on any machine."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.qt import QGuiApplication
    from ui.report_pdf import write_report_pdf

    running = QGuiApplication.instance()
    app = running if isinstance(running, QGuiApplication) else QGuiApplication(sys.argv[:1])
    write_report_pdf(report, timezone, out, app)


def _print(till: Till, report: Report, width: int | None) -> None:
    """The text form on the receipt printer, in its own Chinese font (or as one image for raster printers)."""
    from hardware.receipt_printer import EscPosReceiptPrinter
    from pos_app.receipt import PaperWidth
    from pos_app.report_text import report_lines

    config = till.settings().printer()
    if config is None:
        raise InvalidInput(
            "no receipt printer is configured (shop settings)", "尚未设置小票打印机（请在店铺设置中设置）"
        )
    if width:
        config = replace(config, paper=PaperWidth(width))
    EscPosReceiptPrinter(config).print_lines(
        report_lines(report, config.paper.columns, till.settings().timezone)
    )
    print(pick(f"printed on {config.where}", f"已打印到 {config.where}"))
