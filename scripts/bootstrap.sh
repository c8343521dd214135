#!/usr/bin/env bash
# Make this checkout runnable: Debian packages Qt needs, a Python 3.11+ virtual
# env at .venv/, and the project installed into it (editable, with dev extras).
# Idempotent and silent when nothing is missing; safe to run from any cwd.
set -euo pipefail

# Debian packages needed at run time (Qt's xcb platform plugin, OpenGL/EGL,
# fonts with Chinese glyphs, zbar for barcodes). Add new ones here.
DEBIAN_PACKAGES=(
    libegl1 libgl1 libx11-6 libxcb1 libxkbcommon0 libfontconfig1 libfreetype6
    libglib2.0-0 libdbus-1-3
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libx11-xcb1
    fonts-wqy-microhei
    libzbar0
    libusb-1.0-0
)

MIN_PYTHON=(3 11)
PYTHON_CANDIDATES=(python3 python3.13 python3.12 python3.11)

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
LOG_PREFIX=bootstrap
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$ROOT/scripts/lib.sh"

VENV=.venv
STAMP=$VENV/.pyproject.sha256
VERSION_CHECK="import sys; sys.exit(sys.version_info < (${MIN_PYTHON[0]}, ${MIN_PYTHON[1]}))"

# Two bootstraps at once (say till.sh and test.sh) must not pip-install into
# the same venv concurrently: hold a lock on this script file while working.
if command -v flock >/dev/null 2>&1; then
    exec {lock_fd}<"$ROOT/scripts/bootstrap.sh"
    flock "$lock_fd"
fi

# --- Debian packages -------------------------------------------------------
ensure_debian_packages "${DEBIAN_PACKAGES[@]}"

# --- Python ----------------------------------------------------------------
find_python() {
    local candidate
    for candidate in "${PYTHON_CANDIDATES[@]}"; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c "$VERSION_CHECK" >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

venv_ok() {
    [[ -x $VENV/bin/python && -x $VENV/bin/pip ]] &&
        "$VENV/bin/python" -c "$VERSION_CHECK" >/dev/null 2>&1
}

# Debian splits venv/ensurepip out of the interpreter package; install the
# matching pythonX.Y-venv when the interpreter is Debian's own.
ensure_venv_module() {
    local python=$1
    "$python" -c 'import venv, ensurepip' >/dev/null 2>&1 && return 0
    local real version
    real=$(readlink -f "$python")
    version=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    if [[ $real == /usr/bin/* ]] && command -v dpkg-query >/dev/null 2>&1; then
        ensure_debian_packages "python$version-venv"
        "$python" -c 'import venv, ensurepip' >/dev/null 2>&1 && return 0
    fi
    die "$python (Python $version) cannot create virtual envs: its venv/ensurepip modules are missing"
}

fresh_venv=0
if ! venv_ok; then
    if ! python=$(find_python); then
        die "no Python ${MIN_PYTHON[0]}.${MIN_PYTHON[1]}+ found (tried: ${PYTHON_CANDIDATES[*]})." \
            "On Debian 12: apt-get install python3 python3-venv"
    fi
    ensure_venv_module "$python"
    if [[ -e $VENV ]]; then
        log "recreating broken virtual env $VENV with $python"
    else
        log "creating virtual env $VENV with $python"
    fi
    "$python" -m venv --clear "$VENV" >&2
    fresh_venv=1
fi

# --- Python packages -------------------------------------------------------
want=$(sha256sum pyproject.toml)
want=${want%% *}
have=
if [[ -r $STAMP ]]; then
    read -r have <"$STAMP" || true
fi

# Also reinstall if the stamp matches but the installed tools have vanished.
tools_present() {
    local tool
    for tool in pos-till ruff mypy pytest; do
        [[ -x $VENV/bin/$tool ]] || return 1
    done
}

if [[ $want != "$have" ]] || ! tools_present; then
    if ((fresh_venv)); then
        log "upgrading pip"
        "$VENV/bin/python" -m pip install --upgrade pip >&2
    fi
    log "installing Python packages: pip install -e \".[dev]\""
    rm -f "$STAMP"
    "$VENV/bin/pip" install -e ".[dev]" >&2
    printf '%s\n' "$want" >"$STAMP"
fi
