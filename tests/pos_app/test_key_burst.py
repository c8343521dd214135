"""Scanner or person: the rhythm of the keys decides, and nothing a scanner sends lands as typing."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pos_app.key_burst import KeyBurst


def feed(burst: KeyBurst, text: str, gap_ms: float, start: float = 0.0) -> tuple[list[str], float]:
    released: list[str] = []
    at = start
    for ch in text:
        released += burst.key(ch, at)
        at += gap_ms
    return released, at - gap_ms


def test_a_scanner_burst_ending_in_enter_is_a_scan_and_nothing_is_typed() -> None:
    burst = KeyBurst()
    released, last = feed(burst, "6901234567892", gap_ms=4)
    assert released == [] and burst.end(last + 5) == "6901234567892"
    assert burst.held == []


def test_a_person_typing_gets_every_key_through_in_order() -> None:
    burst = KeyBurst()
    released, last = feed(burst, "kkkl", gap_ms=120)
    assert released == ["k", "k", "k"]  # each pause released the key before it
    assert burst.end(last + 150) is None and burst.release() == ["l"]


def test_a_short_fast_run_is_typing_not_a_scan() -> None:
    burst = KeyBurst()
    _, last = feed(burst, "12", gap_ms=5)
    assert burst.end(last + 5) is None and burst.release() == ["1", "2"]


def test_enter_long_after_a_fast_run_is_a_person_pressing_enter() -> None:
    burst = KeyBurst()
    _, last = feed(burst, "6901234567892", gap_ms=4)
    assert burst.end(last + 500) is None and "".join(burst.release()) == "6901234567892"


def test_a_scan_right_after_typing_is_still_a_scan() -> None:
    burst = KeyBurst()
    released, last = feed(burst, "ab", gap_ms=150)
    released2, last = feed(burst, "96385074", gap_ms=3, start=last + 200)
    assert released + released2 == ["a", "b"] and burst.end(last + 3) == "96385074"


@given(st.text(alphabet="0123456789abc", min_size=1, max_size=30), st.floats(0, 400))
def test_every_key_is_either_released_or_scanned_exactly_once(text: str, gap: float) -> None:
    burst = KeyBurst()
    released, last = feed(burst, text, gap_ms=gap)
    code = burst.end(last + gap)
    rest = burst.release()
    assert "".join(released) + (code or "") + "".join(rest) == text
