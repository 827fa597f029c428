#!/usr/bin/env bash
# Checks find_odoo's download of Odoo 19 (scripts/common.sh) for real, in a
# few seconds: builds small tarballs of fake Odoo trees, serves them with
# python3 -m http.server on 127.0.0.1, and runs find_odoo in a fresh shell
# with HOME and the cache in a temporary folder, no ODOO_SRC and a Python
# that cannot import odoo. Run by .ci/run; leaves no file or process behind.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The interpreter itself, not a shim that may need the real HOME.
REAL_PYTHON=$(python3 -c 'import sys; print(sys.executable)')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ssa-odoo-download.XXXXXX")
server_pid=
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
cleanup() {
    stop_server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

passed=0
failed=0
ok() {
    passed=$((passed + 1))
    printf 'ok: %s\n' "$*"
}
not_ok() {
    failed=$((failed + 1))
    printf 'FAILED: %s\n' "$*"
    sed 's/^/    | /' "$WORK/out" "$WORK/err"
}

# A Python that cannot import odoo, whatever is installed: no site-packages.
mkdir -p "$WORK/bin" "$WORK/www"
printf '#!/bin/sh\nexec %s -S "$@"\n' "$REAL_PYTHON" >"$WORK/bin/python-without-odoo"
chmod +x "$WORK/bin/python-without-odoo"
NO_ODOO_PYTHON=$WORK/bin/python-without-odoo
"$NO_ODOO_PYTHON" -c 'import odoo' 2>/dev/null && {
    echo "error: $NO_ODOO_PYTHON imports odoo" >&2
    exit 1
}

# A fake Odoo source tarball as Odoo's nightly build makes them: one folder,
# odoo-<version>.post<date>/, with odoo/release.py and requirements.txt.
fake_odoo() {
    local major=$1 archive=$2 top=odoo-$1.0.post20260101
    local tree=$WORK/trees/$major/$top
    mkdir -p "$tree/odoo/addons/base"
    cat >"$tree/odoo/release.py" <<EOF
RELEASE_LEVELS = [ALPHA, BETA, RELEASE_CANDIDATE, FINAL] = ['alpha', 'beta', 'candidate', 'final']
version_info = ($major, 0, 0, FINAL, 0, '')
version = '.'.join(str(s) for s in version_info[:2])
EOF
    echo "# Odoo $major" >"$tree/requirements.txt"
    touch "$tree/odoo/__init__.py" "$tree/odoo/addons/base/__manifest__.py"
    tar -czf "$WORK/www/$archive" -C "$WORK/trees/$major" "$top"
}
fake_odoo 19 odoo_19.0.latest.tar.gz
fake_odoo 18 odoo_18.0.latest.tar.gz
size=$(wc -c <"$WORK/www/odoo_19.0.latest.tar.gz")
head -c $((size / 2)) "$WORK/www/odoo_19.0.latest.tar.gz" >"$WORK/www/truncated.tar.gz"

# Each server logs to a file of its own, read for its port and its requests.
servers=0
start_server() {
    servers=$((servers + 1))
    SERVER_LOG=$WORK/server.$servers.log
    "$REAL_PYTHON" -u -m http.server 0 --bind 127.0.0.1 --directory "$WORK/www" \
        >"$SERVER_LOG" 2>&1 &
    server_pid=$!
    local _
    for _ in $(seq 100); do
        PORT=$(sed -En 's/^Serving HTTP on .* port ([0-9]+) .*/\1/p' "$SERVER_LOG" 2>/dev/null)
        [ -n "$PORT" ] && return
        sleep 0.05
    done
    echo "error: the HTTP server did not start" >&2
    exit 1
}

# find_odoo in a fresh bash, as a developer's first `make test` runs it; its
# status in $status, what it printed in $WORK/out and $WORK/err.
run_find_odoo() {
    local home=$1 url=$2
    shift 2
    mkdir -p "$home"
    status=0
    (cd "$WORK" && env -u ODOO_SRC -u SSA_HOME -u SSA_VENV -u SSA_ODOO_DIR -u XDG_CACHE_HOME \
        HOME="$home" PYTHON="$NO_ODOO_PYTHON" ODOO_DOWNLOAD_URL="$url" "$@" \
        bash -c 'source "$1"; find_odoo; echo "ODOO_SRC=$ODOO_SRC ODOO_MODE=$ODOO_MODE"' \
        _ "$ROOT/scripts/common.sh") >"$WORK/out" 2>"$WORK/err" || status=$?
}
requests() { grep -c "GET /${1:-}" "$SERVER_LOG" || true; }
# Nothing but the Odoo tree, if any, in the cache: no partial download.
leftovers() { find "$1/.cache/sale_status_automation" -mindepth 1 -maxdepth 1 -name '*partial*' 2>/dev/null; }

start_server
BASE=http://127.0.0.1:$PORT
HOME1=$WORK/home1
CACHED=$HOME1/.cache/sale_status_automation/odoo-19.0

run_find_odoo "$HOME1" "$BASE/odoo_19.0.latest.tar.gz"
if [ "$status" = 0 ] && grep -qxF "ODOO_SRC=$CACHED ODOO_MODE=src" "$WORK/out" &&
    [ "$(requests odoo_19.0.latest.tar.gz)" = 1 ] && grep -q "downloading Odoo 19.0" "$WORK/err" &&
    [ -f "$CACHED/odoo/release.py" ] && [ -f "$CACHED/requirements.txt" ] &&
    [ -z "$(leftovers "$HOME1")" ]; then
    ok "downloads, extracts and uses the Odoo 19 tree (top folder odoo-19.0.post…/)"
else
    not_ok "first run did not download and use $CACHED"
fi

stop_server
run_find_odoo "$HOME1" "$BASE/odoo_19.0.latest.tar.gz"
if [ "$status" = 0 ] && grep -qxF "ODOO_SRC=$CACHED ODOO_MODE=src" "$WORK/out" &&
    ! grep -q "downloading" "$WORK/err"; then
    ok "a second run uses the downloaded tree without downloading (server stopped)"
else
    not_ok "second run did not reuse $CACHED"
fi

# The server is stopped: nothing listens on its port any more.
HOME2=$WORK/home2
run_find_odoo "$HOME2" "$BASE/odoo_19.0.latest.tar.gz"
if [ "$status" != 0 ] && grep -q "Odoo 19 was not found" "$WORK/err" &&
    grep -qF "the download from $BASE/odoo_19.0.latest.tar.gz failed" "$WORK/err" &&
    [ ! -e "$HOME2/.cache/sale_status_automation/odoo-19.0" ] && [ -z "$(leftovers "$HOME2")" ]; then
    ok "an unreachable URL stops with \"Odoo 19 was not found\" and the failed download"
else
    not_ok "unreachable URL (status $status)"
fi

start_server
BASE=http://127.0.0.1:$PORT
run_find_odoo "$HOME2" "$BASE/odoo_18.0.latest.tar.gz"
if [ "$status" != 0 ] && grep -q "Odoo 19 was not found" "$WORK/err" &&
    grep -qF "holds Odoo 18, not 19.0: refused" "$WORK/err" &&
    [ ! -e "$HOME2/.cache/sale_status_automation/odoo-19.0" ] && [ -z "$(leftovers "$HOME2")" ]; then
    ok "an Odoo 18 tarball is refused, and not kept"
else
    not_ok "Odoo 18 tarball (status $status)"
fi

run_find_odoo "$HOME2" "$BASE/truncated.tar.gz"
if [ "$status" != 0 ] && grep -qF "could not be extracted" "$WORK/err" &&
    [ ! -e "$HOME2/.cache/sale_status_automation/odoo-19.0" ] && [ -z "$(leftovers "$HOME2")" ]; then
    ok "a truncated download is not taken for a tree"
else
    not_ok "truncated tarball (status $status)"
fi

served=$(requests)
run_find_odoo "$HOME2" none
if [ "$status" != 0 ] && grep -qF 'ODOO_DOWNLOAD_URL="none" turns the download off' "$WORK/err" &&
    [ "$(requests)" = "$served" ] &&
    [ ! -e "$HOME2/.cache/sale_status_automation/odoo-19.0" ]; then
    ok "ODOO_DOWNLOAD_URL=none turns the download off"
else
    not_ok "ODOO_DOWNLOAD_URL=none (status $status)"
fi

# A machine without curl downloads with Python: a PATH with the commands
# find_odoo uses, not curl (one missing here shows as "command not found").
mkdir -p "$WORK/nocurl"
for command in bash cat cut dirname gzip mkdir mktemp mv rm sha1sum tail tar; do
    ln -s "$(type -P "$command")" "$WORK/nocurl/$command"
done
HOME3=$WORK/home3
run_find_odoo "$HOME3" "$BASE/odoo_19.0.latest.tar.gz" PATH="$WORK/nocurl"
if [ "$status" = 0 ] && grep -qxF "ODOO_SRC=$HOME3/.cache/sale_status_automation/odoo-19.0 ODOO_MODE=src" "$WORK/out" &&
    [ "$(requests odoo_19.0.latest.tar.gz)" = 1 ] && [ -z "$(leftovers "$HOME3")" ]; then
    ok "without curl, downloads with Python"
else
    not_ok "download with Python (status $status)"
fi
stop_server

echo "Odoo download: $passed passed, $failed failed"
[ "$failed" = 0 ]
