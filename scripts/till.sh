#!/usr/bin/env bash
# Run the till in demo mode (bootstrapping the checkout first).
#   scripts/till.sh [OPTIONS]             start the GUI (needs a screen)
#   scripts/till.sh SUBCOMMAND [ARGS...]  run a command-line subcommand
# Data lives in $TILL_DATA_DIR (default ~/.local/share/till-demo).
#
# The demo shop pays QR codes through its own cloud: `pos-cloud serve --sandbox` on 127.0.0.1
# ($TILL_DEMO_CLOUD_PORT, default 8700, data in $TILL_DATA_DIR/demo-cloud), started here when it is not
# running and stopped when the till exits; the first start pairs the demo till with it. The sandbox
# plays the channels (README: the scenarios by a code's last two digits). TILL_DEMO_CLOUD=0: no cloud.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Would these arguments start the GUI? Subcommands are words not starting
# with '-'; --help/--version only print.
gui_would_start() {
    local arg
    [[ $# -eq 0 || $1 == -* ]] || return 1
    for arg in "$@"; do
        case $arg in -h | --help | --version) return 1 ;; esac
    done
    return 0
}

if [[ -z ${DISPLAY:-} && -z ${WAYLAND_DISPLAY:-} && -z ${QT_QPA_PLATFORM:-} ]] &&
    gui_would_start "$@"; then
    cat >&2 <<EOF
till: the till is a graphical program and needs a screen, but neither DISPLAY
nor WAYLAND_DISPLAY is set. Run it from a desktop session, or on a virtual
X screen (xvfb-run comes with the Debian packages xvfb and xauth):

    xvfb-run -s "-screen 0 1280x800x24" $0

Subcommands (listed by '$0 --help') work without a screen.
EOF
    exit 2
fi

bash "$ROOT/scripts/bootstrap.sh"

DATA=${TILL_DATA_DIR:-$HOME/.local/share/till-demo}
PORT=${TILL_DEMO_CLOUD_PORT:-8700}
CLOUD_URL="http://127.0.0.1:$PORT"
TILL=("$ROOT/.venv/bin/pos-till" --demo --data-dir "$DATA")

cloud_up() { "$ROOT/.venv/bin/python" - "$CLOUD_URL" <<'PY'
import sys, urllib.request
try:
    sys.exit(0 if urllib.request.urlopen(sys.argv[1] + "/healthz", timeout=1).status == 200 else 1)
except OSError:
    sys.exit(1)
PY
}

start_demo_cloud() {
    local cloud=("$ROOT/.venv/bin/pos-cloud" --db "sqlite:///$DATA/demo-cloud/cloud.db")
    mkdir -p "$DATA/demo-cloud"
    if ! cloud_up; then
        "${cloud[@]}" serve --sandbox --host 127.0.0.1 --port "$PORT" >>"$DATA/demo-cloud/cloud.log" 2>&1 &
        CLOUD_PID=$!
        trap 'kill "$CLOUD_PID" 2>/dev/null || true' EXIT
        for _ in $(seq 100); do cloud_up && break; sleep 0.2; done
        cloud_up || { echo "till: the demo cloud did not start; see $DATA/demo-cloud/cloud.log" >&2; return 1; }
    fi
    if [[ ! -f $DATA/device-credentials.json ]]; then
        local code
        code=$("${cloud[@]}" demo-shop --base-url "$CLOUD_URL" | tail -n 1)
        "${TILL[@]}" pair --cloud "$CLOUD_URL" --code "$code" --name "演示收银台" >&2
    fi
}

if [[ ${TILL_DEMO_CLOUD:-1} != 0 ]]; then
    start_demo_cloud || echo "till: QR payments are off (no demo cloud); cash and card work" >&2
fi
"${TILL[@]}" "$@"
