#!/usr/bin/env bash
# A private PostgreSQL server for the tests and benchmarks of cloud/.
#
#   scripts/postgres.sh start   make sure it runs; print its URL on the last line
#   scripts/postgres.sh stop    stop it
#   scripts/postgres.sh url     print the URL (whether or not the server runs)
#
# The cluster lives in .pg/ at the top of the repository (POS_PG_DIR to move it), listens on
# 127.0.0.1 only, port 54329 (POS_PG_PORT), with trust authentication for the superuser `postgres`,
# and has a database till_test. Debian's postgresql package is installed when initdb is missing. Run
# as root (CI), the server runs as the `postgres` OS user, since initdb and postgres refuse root.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

PORT=${POS_PG_PORT:-54329}
PGHOME=${POS_PG_DIR:-$ROOT/.pg}
DATA=$PGHOME/data
LOGFILE=$PGHOME/server.log
DATABASE=till_test
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DATABASE"
PGBIN=
AS_OWNER=()

# find_pg_bin : set PGBIN to the folder of initdb (on PATH, else the newest Debian version).
find_pg_bin() {
    local found
    if found=$(command -v initdb 2>/dev/null); then
        PGBIN=$(dirname "$(readlink -f "$found")")
        return 0
    fi
    found=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null |
        sort -V | tail -n 1)
    [[ -n $found ]] || return 1
    PGBIN=$(dirname "$found")
}

# as_owner CMD... : run a command as the cluster's owner (postgres when we are root).
as_owner() {
    "${AS_OWNER[@]}" "$@"
}

prepare_owner() {
    ((EUID == 0)) || return 0
    if ! id -u postgres >/dev/null 2>&1; then
        log "creating the system user postgres"
        useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    fi
    if command -v runuser >/dev/null 2>&1; then
        AS_OWNER=(runuser -u postgres --)
    else
        # shellcheck disable=SC2016  # expanded by the postgres user's shell, not ours
        AS_OWNER=(su postgres -s /bin/sh -c '"$0" "$@"')
    fi
    mkdir -p "$PGHOME"
    chown postgres: "$PGHOME"
    if ! as_owner test -w "$PGHOME" && [[ -z ${POS_PG_DIR:-} ]]; then
        # a checkout under a folder closed to other users (/root): the cluster goes to /var/tmp instead
        PGHOME=/var/tmp/till-pg-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)
        DATA=$PGHOME/data
        LOGFILE=$PGHOME/server.log
        log "the user postgres cannot reach $ROOT; the cluster lives in $PGHOME"
        mkdir -p "$PGHOME"
        chown postgres: "$PGHOME"
    fi
    if ! as_owner test -w "$PGHOME"; then
        die "the user postgres cannot write to $PGHOME (a folder above it is closed to other users?);" \
            "set POS_PG_DIR to a folder it can use"
    fi
}

running() {
    [[ -f $DATA/PG_VERSION ]] && as_owner "$PGBIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

init_cluster() {
    [[ -f $DATA/PG_VERSION ]] && return 0
    log "creating a cluster in $DATA"
    as_owner mkdir -p "$PGHOME"
    as_owner "$PGBIN/initdb" -D "$DATA" --username=postgres --auth=trust --encoding=UTF8 \
        --locale=C >"$PGHOME/initdb.log" 2>&1 ||
        die "initdb failed; see $PGHOME/initdb.log"
    # Loopback only, our own port and socket folder, so it never meets a system cluster.
    as_owner sh -c "cat >>'$DATA/postgresql.conf'" <<CONF
# added by scripts/postgres.sh
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$PGHOME'
max_connections = 200
CONF
}

start() {
    find_pg_bin || {
        ensure_debian_packages postgresql
        find_pg_bin || die "PostgreSQL's initdb is still not found after installing postgresql"
    }
    prepare_owner
    init_cluster
    if ! running; then
        log "starting PostgreSQL on 127.0.0.1:$PORT"
        # 9>&-: the server must not inherit the start lock, or it would hold it as long as it runs
        as_owner "$PGBIN/pg_ctl" start -D "$DATA" -l "$LOGFILE" -w -t 60 >/dev/null 9>&- || {
            tail -n 20 "$LOGFILE" >&2 || true
            die "PostgreSQL did not start; see $LOGFILE"
        }
    fi
    local psql=("$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
    if [[ -z $("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") ]]; then
        "${psql[@]}" -c "CREATE DATABASE $DATABASE" >/dev/null
    fi
    printf '%s\n' "$URL"
}

stop() {
    find_pg_bin || {
        log "PostgreSQL is not installed"
        return 0
    }
    prepare_owner
    if [[ ! -f $DATA/PG_VERSION ]]; then
        log "no cluster in $DATA"
    elif running; then
        as_owner "$PGBIN/pg_ctl" stop -D "$DATA" -m fast -w >/dev/null
        log "stopped"
    else
        log "not running"
    fi
}

# Test workers run side by side (pytest -n): one start at a time, so two never race to create the cluster.
locked_start() {
    exec 9>"${TMPDIR:-/tmp}/till-postgres-$PORT.lock"
    flock 9
    start
}

case ${1:-} in
start) locked_start ;;
stop) stop ;;
url) printf '%s\n' "$URL" ;;
*)
    printf 'usage: %s start|stop|url\n' "$0" >&2
    exit 2
    ;;
esac
