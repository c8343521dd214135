"""The sandbox's scenarios, chosen by the last two digits of the payment code, so a demo or a test picks
its outcome by the code it scans (docs/payments-sandbox.md has the table).
"""

from __future__ import annotations

from enum import Enum

WAIT_SECONDS = 3  # 20-29: a query made this long after the pay finds the payment done


class Scenario(Enum):
    SUCCESS = "success"  # 00-19 and 80-99
    WAIT_THEN_PAY = "wait_then_pay"  # 20-29: USERPAYING, then SUCCESS from WAIT_SECONDS on
    STUCK = "stuck"  # 30-34: USERPAYING until reversed
    STUCK_BUSY_REVERSE = "stuck_busy_reverse"  # 35-39: as STUCK, and the first reverse says "call again"
    INSUFFICIENT = "insufficient"  # 40-49: insufficient balance, final
    EXPIRED = "expired"  # 50-59: expired code, final
    SYSTEM_ERROR = "system_error"  # 60-69: a system error answers the pay; the payment went through
    LOST_RESPONSE = "lost_response"  # 70-79: charged, then the answer is lost (empty 502)


def scenario_for(auth_code: str) -> Scenario:
    tail = auth_code[-2:]
    if len(tail) < 2 or not (tail.isascii() and tail.isdigit()):
        return Scenario.SUCCESS
    n = int(tail)
    if n < 20 or n >= 80:
        return Scenario.SUCCESS
    if n < 30:
        return Scenario.WAIT_THEN_PAY
    if n < 40:
        return Scenario.STUCK if n < 35 else Scenario.STUCK_BUSY_REVERSE
    return {4: Scenario.INSUFFICIENT, 5: Scenario.EXPIRED, 6: Scenario.SYSTEM_ERROR}.get(
        n // 10, Scenario.LOST_RESPONSE
    )
