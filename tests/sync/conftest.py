"""A real cloud service on loopback for the sync tests (tests/cloud/conftest.py starts it), on SQLite.

Each module gets its own service and database; each test its own merchant and store, made with the
cloud's own code as its admin CLI does, and a till opened on tmp_path through the till's services.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cloud.conftest import LiveCloud, MovableClock, start_cloud

POS_TILL = [sys.executable, "-m", "ui.cli"]


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveCloud]:
    live = start_cloud(f"sqlite:///{tmp_path_factory.mktemp('cloud') / 'cloud.db'}")
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def clock(cloud: LiveCloud) -> Iterator[MovableClock]:
    """The service's clock, put back after the test."""
    try:
        yield cloud.clock
    finally:
        cloud.clock.reset()


def pos_till(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`pos-till --data-dir DIR ARGS` as a shop owner types it, in its own process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [*POS_TILL, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
