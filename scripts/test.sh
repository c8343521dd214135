#!/usr/bin/env bash
# Bootstrap, then lint, type-check and test; stops at the first failing step
# and exits with its status. Extra arguments go to pytest.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$ROOT/scripts/bootstrap.sh"
cd "$ROOT"

# step NAME COMMAND... : print a header, run the command, exit on failure.
step() {
    local name=$1 rc=0
    shift
    printf '== %s\n' "$name"
    "$@" || rc=$?
    if ((rc != 0)); then
        printf 'test: %s failed (exit status %d)\n' "$name" "$rc" >&2
        exit "$rc"
    fi
}

step ruff .venv/bin/ruff check .
step mypy .venv/bin/mypy

export QT_QPA_PLATFORM=offscreen
# Two workers, a test file each at a time (its module fixtures stay in one process): CI has two cores.
step pytest .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
