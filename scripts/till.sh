#!/usr/bin/env bash
# Run the till in demo mode (bootstrapping the checkout first).
#   scripts/till.sh [OPTIONS]             start the GUI (needs a screen)
#   scripts/till.sh SUBCOMMAND [ARGS...]  run a command-line subcommand
# Data lives in $TILL_DATA_DIR (default ~/.local/share/till-demo).
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

exec "$ROOT/.venv/bin/pos-till" --demo \
    --data-dir "${TILL_DATA_DIR:-$HOME/.local/share/till-demo}" "$@"
