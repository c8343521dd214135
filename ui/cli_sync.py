"""`pos-till sync --once`: one push and pull with the cloud, said one line a step."""

from __future__ import annotations

import argparse
import sys

from pos_app.i18n import pick
from pos_app.services.till import Till


def run_sync(till: Till, args: argparse.Namespace) -> int:
    """One push and pull, one line a step; exit 1 with the reason when the cloud could not be used."""
    from pos_app.services.sync_state import SKEW_WORTH_SAYING_S
    from pos_app.sync_errors import SyncError
    from sync.outcome import SyncOutcome
    from sync.worker import connect, run_once

    try:
        client = connect(till)
    except SyncError as exc:
        if not args.json:
            raise
        print(SyncOutcome.failed(exc).to_json())
        return 1
    try:
        summary = run_once(till, client)
    finally:
        client.close()
    if args.json:  # one object, for the window's sync worker
        print(SyncOutcome.of(summary).to_json())
        return 0 if summary.ok else 1
    push, pull = summary.push, summary.pull
    print(
        pick(
            f"pushed {push.pushed} (stored {push.stored}, duplicate {push.duplicate})",
            f"已上传 {push.pushed} 条（新存 {push.stored}，重复 {push.duplicate}）",
        )
    )
    if push.quarantined:
        print(pick(f"quarantined {len(push.quarantined)}:", f"已隔离 {len(push.quarantined)} 条："))
        for event_id, reason in push.quarantined:
            print(f"  {event_id}: {reason}")
    journal = summary.journal
    if journal.stored_through is not None:
        print(
            pick(
                f"journal: the cloud holds entries 1 to {journal.stored_through} ({journal.acked} new)",
                f"日志：云端已存第 1 至 {journal.stored_through} 条（本次新增 {journal.acked} 条）",
            )
        )
    if journal.broken is not None:
        print(
            pick(
                f"journal break found by the cloud at entry {journal.broken.seq}: {journal.broken.reason}",
                f"云端发现日志断链，位置第 {journal.broken.seq} 条：{journal.broken.reason}",
            )
        )
    print(
        pick(
            f"pulled {pull.products} products / {pull.cashiers} cashiers",
            f"已下载 {pull.products} 个商品 / {pull.cashiers} 个收银员",
        )
    )
    if pull.deactivated_products or pull.deactivated_cashiers:
        print(
            pick(
                f"deactivated {pull.deactivated_products} local products / "
                f"{pull.deactivated_cashiers} local cashiers (the cloud is the master now)",
                f"已停用本机商品 {pull.deactivated_products} 个 / 本机收银员 {pull.deactivated_cashiers} 个"
                "（现由云端统一管理）",
            )
        )
    for product_uuid, reason in pull.skipped:
        print(pick(f"  not for sale here: {product_uuid}: {reason}", f"  无法销售：{product_uuid}：{reason}"))
    print(
        pick(
            f"pending left {summary.pending}, quarantined in all {summary.quarantined_total}",
            f"待上传 {summary.pending} 条，累计隔离 {summary.quarantined_total} 条",
        )
    )
    skew = summary.clock_skew_s
    if skew is not None and abs(skew) > SKEW_WORTH_SAYING_S:
        print(
            pick(
                f"clock skew {skew:+d} s: the till's clock differs from the cloud's; set the time",
                f"时钟偏差 {skew:+d} 秒：收银台时间与云端不一致，请校准",
            )
        )
    if summary.error is not None:
        print(summary.error, file=sys.stderr)
        return 1
    return 0
