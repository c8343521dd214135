"""scripts/postgres.sh: the test workers' shared server can be asked for again and again."""

from __future__ import annotations

import subprocess

from tests.cloud.conftest import ROOT


def test_asking_for_the_running_server_again_answers_at_once_with_its_url(postgres_url: str) -> None:
    # The server started under the script's start lock must not keep holding it: a second worker
    # asking for the server would otherwise wait until the server stops (CI waited 900 s).
    again = subprocess.run(
        ["bash", str(ROOT / "scripts" / "postgres.sh"), "start"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().splitlines()[-1] == postgres_url
