"""The benchmarks that build their shops in bulk from the services' own pieces (checkout's row values,
FiscalLog's signing) still run end to end on a small shop: they lean on internals that move, and a
benchmark nobody can run measures nothing. The figures themselves are theirs to print, not a test's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("script", "args", "printed"),
    [
        ("bench_z_report.py", ["--orders", "600", "--runs", "1"], "close_day() of 2026-11-25 (Z No.3)"),
        ("bench_journal_verify.py", ["--events", "2000", "--runs", "1"], "audit verify of "),
    ],
)
def test_the_benchmark_runs_on_a_small_shop(script: str, args: list[str], printed: str) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert printed in done.stdout
