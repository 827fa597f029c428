#!/usr/bin/env bash
# One-off check, not part of `make test`: do Odoo's own test suites give the
# same results with and without this addon?
#
# Installs the addon's dependencies (read from __manifest__.py) plus
# base_automation and account in a database without the addon and, in a
# second database, the same modules plus the addon; runs the suites given as
# arguments (by default "$ODOO_SRC/addons/mail/tests" and
# "$ODOO_SRC/addons/im_livechat/tests") through pytest-odoo against each
# database, one after the other; then compares the two JUnit reports test by
# test. Exits 0 when every test has the same outcome in both databases, 1
# otherwise. The comparison is also written to $STATE_DIR/logs/odoo_suites.txt.
#
# Both databases get Odoo 19's default demo setting (no demo data); set
# SSA_SUITES_DEMO=1 to install both with demo data instead.
#
# It keeps to its own state folder (SSA_SUITES_HOME, /tmp/ssa_suites by
# default), HTTP port (SSA_HTTP_PORT, 8269 by default) and databases
# (<prefix>_without and <prefix>_with, where the prefix is SSA_SUITES_DB,
# sale_status_automation_suites_<port> by default), so that it does not clash
# with `make run`/`make test`, and two runs on one machine do not clash when
# they are given different ports (or SSA_SUITES_DB) and state folders. It
# reuses the checkout's virtual environment (SSA_VENV) and drops its two
# databases when it ends. Needs an Odoo 19 source tree (found as the other
# commands find it). Arguments are passed on to pytest (test paths to run
# instead of the two default suites, -k ...). About 50 minutes on 2 cores for
# the default suites.
#
#   scripts/odoo_suites.sh
#   ODOO_SRC=~/odoo19 SSA_HTTP_PORT=8669 SSA_SUITES_HOME=/tmp/ssa_suites_sales \
#       scripts/odoo_suites.sh ~/odoo19/addons/sale_stock/tests \
#       ~/odoo19/addons/account/tests/test_account_payment_register.py
#
# The suites that issue 25 compares: sale, sale_stock, account (payment
# registration), payment, sms, sms_twilio, base_automation and queue_job.
set -euo pipefail

# The checkout's virtual environment, as common.sh computes it, before
# SSA_HOME is pointed elsewhere.
_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_key=$(printf '%s' "$_root" | sha1sum | cut -c1-10)
export SSA_VENV=${SSA_VENV:-${SSA_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/sale_status_automation/$_key}/venv}
export SSA_HOME=${SSA_SUITES_HOME:-/tmp/ssa_suites}
export SSA_HTTP_PORT=${SSA_HTTP_PORT:-8269}

source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare
ensure_chromium
[ -n "${ODOO_SRC:-}" ] || die "Set ODOO_SRC to the Odoo 19 source tree whose suites are to run."

# Named after the port by default: two runs on one machine need two ports.
DB_PREFIX=${SSA_SUITES_DB:-${ADDON}_suites_$HTTP_PORT}
DB_WITHOUT=${DB_PREFIX}_without
DB_WITH=${DB_PREFIX}_with
LOGS=$STATE_DIR/logs
REPORT=$LOGS/odoo_suites.txt
mkdir -p "$LOGS"
if [ $# -gt 0 ]; then
    PYTEST_ARGS=("$@")
else
    PYTEST_ARGS=("$ODOO_SRC/addons/mail/tests" "$ODOO_SRC/addons/im_livechat/tests")
fi
DEMO_FLAG=()
[ "${SSA_SUITES_DEMO:-0}" = 1 ] && DEMO_FLAG=(--with-demo)

install_pids=()
cleanup() {
    local pid
    for pid in "${install_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    for db in "$DB_WITHOUT" "$DB_WITH"; do
        drop_db "$db" || true
        rm -rf "$STATE_DIR/data/filestore/$db"
    done
}
trap cleanup EXIT
cleanup

# The addon's dependencies, and the modules whose suites it is compared on
# that it does not depend on.
DEPENDS=$("$PY" -c 'import ast, sys
depends = ast.literal_eval(open(sys.argv[1]).read())["depends"]
print(",".join(dict.fromkeys([*depends, "base_automation", "account"])))' "$ROOT/__manifest__.py")

start=$SECONDS
say "Installing $DEPENDS in $DB_WITHOUT, and with $ADDON in $DB_WITH${DEMO_FLAG:+ (with demo data)}"
odoo_install "$DB_WITHOUT" "$LOGS/suites-install-without.log" -i "$DEPENDS" "${DEMO_FLAG[@]}" &
install_pids+=($!)
odoo_install "$DB_WITH" "$LOGS/suites-install-with.log" -i "$DEPENDS,$ADDON" "${DEMO_FLAG[@]}" &
install_pids+=($!)
for pid in "${install_pids[@]}"; do
    wait "$pid" || die "Installing failed (logs: $LOGS/suites-install-*.log)."
done
install_pids=()
[ "$(module_state "$DB_WITH" "$ADDON")" = installed ] || die "$ADDON did not install in $DB_WITH."
[ "$(module_state "$DB_WITHOUT" "$ADDON")" != installed ] || die "$ADDON is installed in $DB_WITHOUT."
modules_query="SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name"
extra=$(comm -3 <(psql -d "$DB_WITHOUT" -Atqc "$modules_query") <(psql -d "$DB_WITH" -Atqc "$modules_query") |
    tr -d '\t' | paste -sd' ')
[ "$extra" = "$ADDON" ] || die "The databases differ by more than $ADDON: $extra"
say "Installed in $((SECONDS - start)) s ($(psql -d "$DB_WITH" -Atqc \
    "SELECT count(*) FROM ir_module_module WHERE state = 'installed'") modules with $ADDON)"

# One database after the other: running both at once on a small machine makes
# the browser tests time out, which would show up as differences.
run_suites() {
    local db=$1 name=$2 rc=0 t0=$SECONDS
    say "Running Odoo's suites against $db (log: $LOGS/suites-pytest-$name.log)"
    "$PY" -m pytest "${PYTEST_ARGS[@]}" -q \
        --odoo-config="$ODOO_CONF" --odoo-database="$db" --odoo-http \
        --odoo-log-level=warn -p no:cacheprovider --rootdir="$ODOO_SRC/addons" \
        --junitxml="$LOGS/suites-junit-$name.xml" >"$LOGS/suites-pytest-$name.log" 2>&1 || rc=$?
    say "$db: pytest exit status $rc in $((SECONDS - t0)) s: $(tail -n 1 "$LOGS/suites-pytest-$name.log")"
    # 0: all passed, 1: some failed; anything else means pytest itself broke.
    [ "$rc" -le 1 ] && [ -s "$LOGS/suites-junit-$name.xml" ] ||
        die "pytest did not run the suites against $db (log: $LOGS/suites-pytest-$name.log)."
}
run_suites "$DB_WITHOUT" without
run_suites "$DB_WITH" with

status=0
"$PY" - "$LOGS/suites-junit-without.xml" "$LOGS/suites-junit-with.xml" "$REPORT" <<'PYEOF' || status=$?
import sys
import xml.etree.ElementTree as ET

RANK = {"passed": 0, "skipped": 1, "failed": 2, "error": 3}


def outcomes(path):
    """{test id: (outcome, first line of its message)}, the worst outcome
    when a test has several entries (a teardown error, subtests)."""
    found = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        key = f"{case.get('classname')}::{case.get('name')}"
        outcome, message = "passed", ""
        for child in case:
            kind = {"failure": "failed", "error": "error", "skipped": "skipped"}.get(child.tag)
            if kind and RANK[kind] > RANK[outcome]:
                text = child.get("message") or child.text or ""
                outcome, message = kind, (text.strip().splitlines() or [""])[0][:200]
        if key not in found or RANK[outcome] > RANK[found[key][0]]:
            found[key] = (outcome, message)
    return found


without, with_ = outcomes(sys.argv[1]), outcomes(sys.argv[2])
lines = []
for label, results in (("without the addon", without), ("with the addon", with_)):
    counts = {kind: 0 for kind in RANK}
    for outcome, _ in results.values():
        counts[outcome] += 1
    lines.append(f"{label:18} {len(results):5} tests: "
                 + ", ".join(f"{counts[k]} {k}" for k in RANK))
# pytest reports a file it could not import as an error with an empty class.
uncollected = sorted(k for k, (o, _) in without.items() | with_.items()
                     if k.startswith("::") and o == "error")
if uncollected:
    lines.append("")
    lines.append("Not collected:")
    lines += [f"  {k[2:]}" for k in uncollected]
differ = sorted(k for k in without.keys() | with_.keys()
                if without.get(k, ("absent",))[0] != with_.get(k, ("absent",))[0])
lines.append("")
lines.append(f"{len(differ)} tests differ")
for key in differ:
    o1, m1 = without.get(key, ("absent", ""))
    o2, m2 = with_.get(key, ("absent", ""))
    lines.append(f"  {key}: without={o1} with={o2}")
    if m2 or m1:
        lines.append(f"      {m2 or m1}")
text = "\n".join(lines) + "\n"
open(sys.argv[3], "w").write(text)
print(text, end="")
sys.exit(1 if differ else 0)
PYEOF
say "Done in $((SECONDS - start)) s; comparison in $REPORT"
exit "$status"
