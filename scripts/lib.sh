# shellcheck shell=bash
# Shared helpers for the scripts in this folder. Source it, do not run it:
#     source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The sourcing script is expected to use `set -euo pipefail`.

# log MESSAGE... : one progress line on stderr, prefixed with the script's name
# (set LOG_PREFIX to override the prefix).
log() {
    printf '%s: %s\n' "${LOG_PREFIX:-$(basename "$0" .sh)}" "$*" >&2
}

# die MESSAGE... : log the message and exit 1.
die() {
    log "$@"
    exit 1
}

# missing_debian_packages PKG... : print, one per line, the packages that are
# not installed (dpkg status other than "install ok installed").
missing_debian_packages() {
    (($#)) || return 0
    local -A installed=()
    local name status
    # One dpkg-query call for all packages; unknown names only produce a
    # message on stderr (and exit status 1), so ignore both.
    # shellcheck disable=SC2016  # ${Package}/${Status} are dpkg-query fields
    while read -r name status; do
        [[ $status == "install ok installed" ]] && installed[$name]=1
    done < <(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)
    local pkg
    for pkg in "$@"; do
        [[ -n ${installed[$pkg]:-} ]] || printf '%s\n' "$pkg"
    done
}

# ensure_debian_packages PKG... : install the packages that are missing.
# Does nothing (and prints nothing) when all are present. Runs apt-get directly
# as root, through sudo otherwise; exits 1 with a clear message when neither is
# possible or apt-get fails.
ensure_debian_packages() {
    (($#)) || return 0
    if ! command -v dpkg-query >/dev/null 2>&1; then
        log "warning: dpkg-query not found (not a Debian system?);" \
            "make sure these are installed: $*"
        return 0
    fi
    local -a missing=()
    mapfile -t missing < <(missing_debian_packages "$@")
    ((${#missing[@]})) || return 0

    local -a as_root=()
    if ((EUID != 0)); then
        if command -v sudo >/dev/null 2>&1; then
            as_root=(sudo)
        else
            log "these Debian packages are missing: ${missing[*]}"
            log "you are not root and sudo is not installed; as root, run:"
            log "    apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
            exit 1
        fi
    fi

    log "installing Debian packages: ${missing[*]}"
    # Wait for a running apt/unattended-upgrades instead of failing at once.
    local -a apt=("${as_root[@]}" env DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=300)
    if ! "${apt[@]}" update >&2; then
        die "'apt-get update' failed; cannot install: ${missing[*]}"
    fi
    if ! "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >&2; then
        die "'apt-get install' failed for: ${missing[*]}"
    fi
}
