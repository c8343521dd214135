#!/usr/bin/env bash
# Dev tool: screenshot a program running on a private virtual X screen.
#   scripts/screenshot.sh OUT.png WIDTHxHEIGHT -- COMMAND [ARGS...]
# Starts Xvfb on a free display, runs COMMAND there, waits $SCREENSHOT_DELAY
# seconds (default 4), saves the whole screen to OUT.png, then stops COMMAND
# and Xvfb. Example:
#   scripts/screenshot.sh /tmp/sale.png 1280x800 -- scripts/till.sh
set -euo pipefail

SCRIPTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG_PREFIX=screenshot
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$SCRIPTS/lib.sh"

usage() {
    printf 'usage: %s OUT.png WIDTHxHEIGHT -- COMMAND [ARGS...]\n' "$0" >&2
    printf '       (SCREENSHOT_DELAY=SECONDS, default 4: wait before the shot)\n' >&2
    exit 2
}

{ (($# >= 4)) && [[ $3 == -- ]]; } || usage
out=$1
size=$2
shift 3
[[ $size =~ ^([1-9][0-9]*)x([1-9][0-9]*)$ ]] || usage
width=${BASH_REMATCH[1]}
height=${BASH_REMATCH[2]}
delay=${SCREENSHOT_DELAY:-4}
[[ $delay =~ ^[0-9]+([.][0-9]+)?$ ]] ||
    die "SCREENSHOT_DELAY must be a number of seconds, not '$delay'"
out_dir=$(dirname -- "$out")
[[ -d $out_dir ]] || die "directory $out_dir does not exist"

ensure_debian_packages xvfb imagemagick xauth

tmpdir=
xvfb_pid=
cmd_pid=
sleep_pid=

# stop_group PGID: TERM the process group, KILL it if still there after 3 s.
stop_group() {
    local pgid=$1 i
    kill -TERM -- "-$pgid" 2>/dev/null || return 0
    for ((i = 0; i < 30; i++)); do
        kill -0 -- "-$pgid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL -- "-$pgid" 2>/dev/null || true
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [[ -n $sleep_pid ]]; then
        kill "$sleep_pid" 2>/dev/null || true
    fi
    if [[ -n $cmd_pid ]]; then
        stop_group "$cmd_pid"
        wait "$cmd_pid" 2>/dev/null || true
    fi
    if [[ -n $xvfb_pid ]]; then
        kill "$xvfb_pid" 2>/dev/null || true
        wait "$xvfb_pid" 2>/dev/null || true
    fi
    if [[ -n $tmpdir ]]; then
        rm -rf -- "$tmpdir"
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/screenshot.XXXXXX")
export XAUTHORITY=$tmpdir/Xauthority
: >"$XAUTHORITY" # xauth complains about a missing file, even with -q
xvfb_log=$tmpdir/Xvfb.log

new_cookie() {
    if command -v mcookie >/dev/null 2>&1; then
        mcookie
    else
        od -An -N16 -tx1 /dev/urandom | tr -d ' \n'
    fi
}

# Start Xvfb on the first free display from :99; if another server grabs the
# number first, Xvfb exits and the next number is tried.
start_xvfb() {
    local n i tries=0
    for ((n = 99; n < 200 && tries < 5; n++)); do
        [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
        tries=$((tries + 1))
        xauth -q add ":$n" . "$(new_cookie)"
        Xvfb ":$n" -screen 0 "${width}x${height}x24" -auth "$XAUTHORITY" \
            -nolisten tcp >"$xvfb_log" 2>&1 &
        xvfb_pid=$!
        for ((i = 0; i < 100; i++)); do # up to 10 s
            if [[ -S /tmp/.X11-unix/X$n ]]; then
                DISPLAY=:$n
                return 0
            fi
            kill -0 "$xvfb_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$xvfb_pid" 2>/dev/null || true
        wait "$xvfb_pid" 2>/dev/null || true
        xvfb_pid=
        xauth -q remove ":$n" || true
    done
    log "could not start Xvfb; its last output:"
    tail -n 20 "$xvfb_log" >&2 || true
    exit 1
}

start_xvfb
export DISPLAY
# Make sure programs draw on this X screen, not on Wayland or offscreen.
unset WAYLAND_DISPLAY QT_QPA_PLATFORM

# Own session/process group, so that everything it starts can be stopped.
setsid "$@" &
cmd_pid=$!

# Wait for the delay to pass, or for the command to end early.
sleep "$delay" &
sleep_pid=$!
finished=
status=0
wait -n -p finished "$sleep_pid" "$cmd_pid" || status=$?
if [[ $finished == "$cmd_pid" ]]; then
    cmd_pid=
    die "the command ended (exit status $status) before the screenshot; nothing taken"
fi

import -display "$DISPLAY" -window root "$out"
log "wrote $out (${width}x${height})"
