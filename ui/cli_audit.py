"""`pos-till audit verify|export`: is the fiscal journal whole, and the journal for an auditor.

    pos-till --data-dir DIR audit verify [--all-signatures]    the journal and the records against it
    pos-till --data-dir DIR audit verify --file FILE           an export, checked on its own
    pos-till --data-dir DIR audit export FILE                  the journal as JSON Lines for an auditor

verify prints "journal OK: ..." and exits 0, or prints every break (where, and what in plain words) and
exits 1. What is checked is written out in pos_app/services/audit.py; the export's format in
pos_app/services/audit_export.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_app.i18n import pick

if TYPE_CHECKING:  # the parser is built at every start of pos-till: the services load only when used
    from pos_app.services.audit_result import AuditResult
    from pos_app.services.till import Till


def add_audit_parser(commands: Any) -> None:
    """Registers `audit` on pos-till's sub-commands (ui.cli.build_parser)."""
    audit = commands.add_parser("audit", help="check the tamper-evident fiscal journal, or export it")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="check the journal's chain, signatures and gaps, and the records against it"
    )
    verify.add_argument(
        "--all-signatures",
        action="store_true",
        help="verify every entry's signature (slower; the head's vouches for all)",
    )
    verify.add_argument("--file", type=Path, help="check an export written by `audit export` instead")
    export = actions.add_parser("export", help="write the journal for an auditor (JSON Lines)")
    export.add_argument("file", type=Path)


def run_audit(till: Till, args: argparse.Namespace) -> int:
    if args.audit_command == "export":
        count = till.audit.export(args.file)
        print(
            pick(f"exported {count} journal entries to {args.file}", f"已导出 {count} 条日志到 {args.file}")
        )
        return 0
    if args.file is not None:
        result = till.audit.verify_export(args.file, args.all_signatures)
    else:
        result = till.audit.verify(args.all_signatures)
    return report(result)


def report(result: AuditResult) -> int:
    """Every break on its own line, then the summary; 0 when the journal holds, 1 when it does not."""
    for found in result.breaks:
        print(found)
    print(result.summary())
    print(
        pick(
            f"till {result.device}, public key {result.public_key}: {result.signatures_checked} signatures "
            f"verified in {result.seconds:.2f} s",
            f"收银机 {result.device}，公钥 {result.public_key}：已验证 {result.signatures_checked} 个签名，"
            f"用时 {result.seconds:.2f} 秒",
        )
    )
    return 0 if result.ok else 1
