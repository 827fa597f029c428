# shellcheck shell=bash
# Shared by the run, test and lint commands: finds Odoo 19, prepares a
# virtual environment with what the addon needs, makes sure PostgreSQL runs,
# and writes an Odoo configuration.
#
# All of it lives outside the checkout (in SSA_HOME), because the checkout is
# the addon itself: Odoo walks an addon's folder (to extract translations, for
# instance) and would scan a virtual environment or a data folder inside it.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDON=sale_status_automation
CHECKOUT_KEY=$(printf '%s' "$ROOT" | sha1sum | cut -c1-10)
SSA_HOME=${SSA_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON/$CHECKOUT_KEY}
STATE_DIR=$SSA_HOME
VENV=${SSA_VENV:-$SSA_HOME/venv}
PYTHON=${PYTHON:-python3}
HTTP_PORT=${SSA_HTTP_PORT:-8069}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() {
    printf '\nerror: %s\n' "$*" >&2
    exit 1
}

# The Odoo 19.0 downloaded when none is found (see find_odoo), kept once for
# every checkout. ODOO_DOWNLOAD_URL="" or "none" turns the download off.
ODOO_DOWNLOAD_URL=${ODOO_DOWNLOAD_URL-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}
ODOO_DOWNLOAD_DIR=${SSA_ODOO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/$ADDON/odoo-19.0}

odoo_missing() {
    cat >&2 <<EOF

error: Odoo 19 was not found, so nothing can be installed or tested.

This addon runs inside Odoo 19.0, which is not published on PyPI. Looked for:
  1. ODOO_SRC, an Odoo 19.0 source tree: ${ODOO_SRC:-not set}
  2. a source tree in ~/src/odoo-19 or ~/odoo19: none
  3. an "odoo" package importable by $PYTHON: $1
  4. Odoo 19.0's source downloaded into $ODOO_DOWNLOAD_DIR:
     $2

Provide one of them, for example with a checkout of Odoo 19.0 community:

  git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git ~/src/odoo-19
  ODOO_SRC=~/src/odoo-19 make test

(or install that tree for $PYTHON with "pip install -e ~/src/odoo-19", or
let the commands download it: ODOO_DOWNLOAD_URL is the address of a source
tarball of Odoo 19.0, by default Odoo's nightly build).
EOF
    exit 1
}

# The major version of the Odoo source tree $1 (fails when it is none).
odoo_tree_major() {
    [ -f "$1/odoo/release.py" ] || return 1
    (cd "$1/odoo" && $PYTHON -c 'exec(open("release.py").read()); print(version_info[0])') 2>/dev/null
}

# Sets ODOO_MODE to "src" (ODOO_SRC) or "installed" (importable odoo package).
# Without either, uses the Odoo 19.0 downloaded earlier, or downloads it.
find_odoo() {
    if [ -z "${ODOO_SRC:-}" ]; then
        # Where the README clones it, so that the clone alone is enough.
        local tree
        for tree in "$HOME/src/odoo-19" "$HOME/odoo19"; do
            if [ -f "$tree/odoo/release.py" ]; then
                ODOO_SRC=$tree
                break
            fi
        done
    fi
    local major
    if [ -n "${ODOO_SRC:-}" ]; then
        local given=$ODOO_SRC
        ODOO_SRC=$(cd "$given" 2>/dev/null && pwd) || die "ODOO_SRC=$given is not a directory."
        [ -f "$ODOO_SRC/odoo/release.py" ] ||
            die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py)."
        major=$(odoo_tree_major "$ODOO_SRC") || die "Could not read $ODOO_SRC/odoo/release.py."
        [ "$major" = 19 ] ||
            die "ODOO_SRC=$ODOO_SRC holds Odoo $major; this addon needs Odoo 19.0."
        ODOO_MODE=src
        return
    fi
    local found
    if found=$($PYTHON -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null); then
        if [ "$found" = 19 ]; then
            ODOO_MODE=installed
            return
        fi
        found="found Odoo $found, not 19"
    else
        found="no such package"
    fi
    local why status
    why=$(download_odoo) || {
        status=$?
        [ "$status" != 130 ] || exit 130 # interrupted
        odoo_missing "$found" "$why"
    }
    ODOO_SRC=$ODOO_DOWNLOAD_DIR
    ODOO_MODE=src
}

# Makes ODOO_DOWNLOAD_DIR an Odoo 19.0 source tree, downloading it from
# ODOO_DOWNLOAD_URL when it is not there yet; prints why not and fails when
# it cannot. Runs in a subshell of its own (find_odoo calls it in $(...)).
# The archive is downloaded and extracted in a temporary folder beside
# ODOO_DOWNLOAD_DIR, and the tree renamed to it only once complete and
# checked, so that an interrupted download is never taken for a tree.
download_odoo() {
    local url=$ODOO_DOWNLOAD_URL dest=$ODOO_DOWNLOAD_DIR major tmp top dir
    if [ -e "$dest" ]; then
        major=$(odoo_tree_major "$dest") && [ "$major" = 19 ] && return 0
        echo "$dest is not an Odoo 19.0 source tree; delete it to download Odoo again."
        return 1
    fi
    case $url in
        "" | none)
            echo "not downloaded: ODOO_DOWNLOAD_URL=\"$url\" turns the download off."
            return 1
            ;;
    esac
    if ! mkdir -p "$(dirname "$dest")" || ! tmp=$(mktemp -d "$dest.partial.XXXXXX"); then
        echo "could not create a folder beside $dest to download into."
        return 1
    fi
    # shellcheck disable=SC2064 # the folder's name now: $tmp is gone at exit
    trap "rm -rf $(printf %q "$tmp")" EXIT
    trap 'exit 130' INT TERM HUP
    say "Odoo 19 was not found: downloading Odoo 19.0's source from $url into $dest (once; a few minutes)"
    if ! fetch_url "$url" "$tmp/odoo.tar.gz" 2>"$tmp/error"; then
        echo "the download from $url failed: $(tail -n 1 "$tmp/error")"
        return 1
    fi
    mkdir "$tmp/tree"
    if ! tar -xzf "$tmp/odoo.tar.gz" -C "$tmp/tree" 2>"$tmp/error"; then
        echo "the archive downloaded from $url could not be extracted: $(tail -n 1 "$tmp/error")"
        return 1
    fi
    rm -f "$tmp/odoo.tar.gz"
    # Odoo's source tarballs hold one folder, such as odoo-19.0.post20260101/.
    for dir in "$tmp/tree" "$tmp/tree"/*/; do
        if [ -f "$dir/odoo/release.py" ]; then
            top=${dir%/}
            break
        fi
    done
    if [ -z "${top:-}" ]; then
        echo "the archive downloaded from $url holds no Odoo source tree (no odoo/release.py)."
        return 1
    fi
    major=$(odoo_tree_major "$top") || major=unknown
    if [ "$major" != 19 ]; then
        echo "the archive downloaded from $url holds Odoo $major, not 19.0: refused."
        return 1
    fi
    if [ ! -f "$top/requirements.txt" ]; then
        echo "the archive downloaded from $url has no requirements.txt beside odoo/: refused."
        return 1
    fi
    # Fails when another command has just put its own download there: use it.
    mv -T "$top" "$dest" 2>/dev/null || true
    if ! major=$(odoo_tree_major "$dest") || [ "$major" != 19 ]; then
        echo "could not move the downloaded tree to $dest."
        return 1
    fi
    say "Odoo 19.0 downloaded into $dest"
}

# Downloads URL $1 to file $2, with curl, or with Python where curl is missing
# (a fresh Debian has python3, not always curl); the error on stderr.
fetch_url() {
    if command -v curl >/dev/null; then
        curl --fail --silent --show-error --location --retry 2 --connect-timeout 30 \
            --speed-limit 1024 --speed-time 60 --output "$2" "$1"
    else
        $PYTHON - "$1" "$2" <<'EOF'
import shutil
import sys
import urllib.request

try:
    with urllib.request.urlopen(sys.argv[1], timeout=60) as answer:
        with open(sys.argv[2], "wb") as out:
            shutil.copyfileobj(answer, out, 1 << 20)
except Exception as error:  # the caller shows the message
    sys.exit(f"{type(error).__name__}: {error}")
EOF
    fi
}

# A virtual environment that sees the Odoo found above and holds the addon's
# Python dependencies, the tests' and the checks'; reinstalled only when a
# requirements file changes.
setup_venv() {
    local mode="$ODOO_MODE:${ODOO_SRC:-}"
    if [ -d "$VENV" ] && [ "$(cat "$VENV/.ssa-odoo" 2>/dev/null)" != "$mode" ]; then
        rm -rf "$VENV"
    fi
    if [ ! -x "$VENV/bin/python" ]; then
        say "Creating the virtual environment $VENV"
        if [ "$ODOO_MODE" = installed ]; then
            $PYTHON -m venv --system-site-packages "$VENV"
        else
            $PYTHON -m venv "$VENV"
        fi
        echo "$mode" >"$VENV/.ssa-odoo"
    fi
    PY=$VENV/bin/python
    local wanted
    wanted=$(cat "$ROOT"/scripts/requirements*.txt "$ROOT/test-requirements.txt" \
        "$ROOT/scripts/odoo_requirements.py" ${ODOO_SRC:+"$ODOO_SRC/requirements.txt"} | sha1sum)
    if [ "$(cat "$VENV/.ssa-requirements" 2>/dev/null)" = "$wanted" ]; then
        return
    fi
    say "Installing Python dependencies from PyPI into $VENV"
    local pip=("$PY" -m pip install --quiet --disable-pip-version-check)
    if [ "$ODOO_MODE" = src ]; then
        "${pip[@]}" packaging
        "$PY" "$ROOT/scripts/odoo_requirements.py" "$ODOO_SRC/requirements.txt" \
            >"$VENV/odoo-requirements.txt"
        "${pip[@]}" -r "$VENV/odoo-requirements.txt"
        "$PY" -c 'import sys, sysconfig; open(sysconfig.get_paths()["purelib"]
            + "/odoo-src.pth", "w").write(sys.argv[1] + "\n")' "$ODOO_SRC"
    fi
    "${pip[@]}" --no-deps -r "$ROOT/scripts/requirements-addons.txt"
    "${pip[@]}" -r "$ROOT/scripts/requirements.txt" -r "$ROOT/test-requirements.txt" \
        -r "$ROOT/scripts/requirements-lint.txt"
    "$PY" -c 'import importlib.util as u, odoo.release; assert u.find_spec("odoo.addons.queue_job")' ||
        die "The virtual environment $VENV cannot import Odoo and queue_job."
    echo "$wanted" >"$VENV/.ssa-requirements"
}

# PostgreSQL reachable by the current user, with a superuser role of its name
# (Odoo refuses to connect as "postgres").
ensure_postgres() {
    if ! pg_isready -q 2>/dev/null; then
        if command -v pg_lsclusters >/dev/null; then
            say "Starting PostgreSQL"
            pg_lsclusters --no-header | while read -r version cluster _ status _; do
                [ "$status" = online ] || as_postgres pg_ctlcluster "$version" "$cluster" start
            done
        fi
        for _ in $(seq 30); do
            pg_isready -q 2>/dev/null && break
            sleep 1
        done
        pg_isready -q 2>/dev/null ||
            die "PostgreSQL is not running and could not be started; start it and retry."
    fi
    local role
    role=$(id -un)
    if ! psql -d postgres -Atqc 'SELECT 1' >/dev/null 2>&1; then
        say "Creating the PostgreSQL superuser role $role"
        as_postgres createuser --superuser "$role" ||
            die "Could not create the PostgreSQL role $role; create it as a superuser."
    fi
}

as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    elif [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres -- "$@"
    fi
}

# Odoo finds addons by folder name, and this repository's folder may have any
# name: expose it as sale_status_automation, the way whool's editable install does.
# tests/addons holds addons that only the tests install (a channel added by
# another addon, the README's way): on the addons path, available but not
# installed by make run.
write_config() {
    mkdir -p "$STATE_DIR/addons" "$STATE_DIR/data"
    ln -sfn "$ROOT" "$STATE_DIR/addons/$ADDON"
    # Earlier versions linked the test addon beside the addon; the addons
    # path finds it now, and a stale link would hide a broken path.
    local stale
    for stale in "$ROOT"/tests/addons/*/; do
        stale=$STATE_DIR/addons/$(basename "$stale")
        if [ -L "$stale" ]; then rm -f "$stale"; fi
    done
    ODOO_CONF=$STATE_DIR/odoo.conf
    cat >"$ODOO_CONF" <<EOF
[options]
addons_path = $STATE_DIR/addons,$ROOT/tests/addons
data_dir = $STATE_DIR/data
http_interface = 127.0.0.1
http_port = $HTTP_PORT
gevent_port = $((HTTP_PORT + 3))
server_wide_modules = base,web,queue_job
max_cron_threads = 1

[queue_job]
# The addon's jobs run on their own channel, two at a time.
channels = root:2,root.sale_status_automation:2
host = 127.0.0.1
port = $HTTP_PORT
EOF
}

odoo() {
    "$PY" -m odoo server -c "$ODOO_CONF" "$@"
}

drop_db() {
    PGOPTIONS="--client-min-messages=warning" dropdb --if-exists --force "$1"
}

# Installs (or updates) modules in a database; fails when Odoo logs an error
# or the addon does not end installed.
odoo_install() {
    local db=$1 log=$2
    shift 2
    if ! odoo -d "$db" --stop-after-init --log-level=info "$@" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "Odoo failed on database $db (log: $log)."
    fi
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log" >&2; then
        die "Odoo logged errors on database $db (log: $log)."
    fi
    # Warnings about the addon itself fail too (the database name is left out).
    if sed -En 's/^([0-9-]+ [0-9:,]+ [0-9]+ WARNING) [^ ]+ /\1 /p' "$log" | grep "$ADDON" >&2; then
        die "Odoo logged warnings about $ADDON on database $db (log: $log)."
    fi
}

module_state() {
    psql -d "$1" -Atqc "SELECT state FROM ir_module_module WHERE name = '$2'"
}

# Odoo's browser tests (the tours) need Chromium; Odoo skips them without it,
# and a skipped test fails the suite, so install it where we may.
ensure_chromium() {
    command -v chromium >/dev/null || command -v google-chrome >/dev/null && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "Installing Chromium for the browser tests"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null ||
            die "Could not install Chromium (apt-get install chromium)."
    else
        die "The browser tests need Chromium or Google Chrome on the PATH (e.g. apt-get install chromium)."
    fi
}

prepare() {
    find_odoo
    setup_venv
    ensure_postgres
    write_config
}
