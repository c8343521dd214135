"""`pos-till payment test|resolve`: the installer's test payment, and finishing payments left open."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict

from pos_app.errors import InvalidInput
from pos_app.money import parse_yuan
from pos_app.scan_codes import classify
from pos_app.services.installer_payment import run_test_payment
from pos_app.services.payment_recovery import Outcome
from pos_app.services.till import Till
from pos_app.sync_errors import NotPaired


def run_payment(till: Till, args: argparse.Namespace) -> int:
    """One JSON object a line: each state of the test payment, or each payment the resolver finished."""

    def line(obj: dict[str, object]) -> None:
        print(json.dumps(obj, ensure_ascii=False), flush=True)

    if args.payment_command == "resolve":
        resolutions = till.recovery.resolve()
        for r in resolutions:
            line(
                {
                    "outcome": r.outcome.value,
                    "channel": r.channel,
                    "amount_fen": r.amount_fen,
                    "order_no": r.order_no,
                    "message": r.message,
                }
            )
        # not done: left for later, or money the shop must give back by hand
        return 1 if {Outcome.PENDING, Outcome.REFUND_FAILED} & {r.outcome for r in resolutions} else 0
    if not till.sync_state.is_paired():
        raise NotPaired()
    code = classify(args.code, till.settings().scale_template)
    if not code.is_payment:
        raise InvalidInput(f"{code.message()}: not a payment code", f"{code.message()}：不是付款码")
    last = run_test_payment(
        till.payments,
        till.payment_gateway,
        code,
        parse_yuan(args.amount),
        lambda step: line({k: v for k, v in asdict(step).items() if v != ""}),
        time.sleep,
    )
    return 0 if last.state == "refunded" else 1
