"""The retry policy of the sync worker: exponential, capped, fully jittered, reset by a success."""

from __future__ import annotations

import random

from sync.backoff import Backoff


def test_the_ceiling_doubles_from_two_seconds_up_to_five_minutes() -> None:
    backoff = Backoff()
    ceilings = []
    for _ in range(12):
        ceilings.append(backoff.ceiling())
        backoff.failed()
    assert ceilings == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300]
    for _ in range(10_000):  # a till offline for days neither overflows nor waits longer
        backoff.failed()
    assert backoff.ceiling() == 300


def test_every_wait_is_drawn_between_zero_and_the_ceiling_so_tills_do_not_retry_in_step() -> None:
    waits = [Backoff(rng=random.Random(seed)).failed() for seed in range(200)]
    assert all(0 <= w <= 2 for w in waits)
    assert len({round(w, 3) for w in waits}) > 150  # spread out, not one value
    late = Backoff(failures=20, rng=random.Random(1))
    spread = [late.failed() for _ in range(500)]
    assert max(spread) <= 300 and min(spread) < 30 and max(spread) > 270


def test_a_success_starts_over_from_the_base() -> None:
    backoff = Backoff(rng=random.Random(3))
    for _ in range(6):
        backoff.failed()
    assert backoff.ceiling() == 128
    backoff.succeeded()
    assert backoff.failures == 0 and backoff.ceiling() == 2 and backoff.failed() <= 2
