#!/usr/bin/env bash
# The whole test suite: installs the addon with queue_job and demo data in a
# fresh database and runs its tests with pytest-odoo; meanwhile a second
# database checks installing without demo data, updating, uninstalling and
# reinstalling, then two live Odoo nodes working on it (scripts/multinode.py).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare
ensure_chromium
TEST_DB=${SSA_TEST_DB:-${ADDON}_test}
LIFECYCLE_DB=${TEST_DB}_lifecycle
LOGS=$STATE_DIR/logs
mkdir -p "$LOGS"
lifecycle_pid=
cleanup() {
    [ -z "$lifecycle_pid" ] || kill "$lifecycle_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    drop_db "$TEST_DB" || true
    drop_db "$LIFECYCLE_DB" || true
}
trap cleanup EXIT
cleanup

lifecycle() {
    odoo_install "$LIFECYCLE_DB" "$LOGS/lifecycle-install.log" -i "$ADDON" --without-demo
    [ "$(module_state "$LIFECYCLE_DB" "$ADDON")" = installed ] ||
        die "$ADDON did not install without demo data."
    odoo_install "$LIFECYCLE_DB" "$LOGS/lifecycle-update.log" -u "$ADDON"
    # Uninstall with executions pending: their queue jobs must not be left
    # to run against a model that is gone.
    "$PY" -m odoo shell -c "$ODOO_CONF" -d "$LIFECYCLE_DB" --log-level=warn \
        >"$LOGS/lifecycle-uninstall.log" 2>&1 <<PYEOF
paid = env.ref("$ADDON.stage_paid")
env["sale.status.rule"].create({"name": "Pending", "stage_id": paid.id, "channel": "sms",
                                "timing": "delay", "delay": 1, "delay_unit": "days"})
customer = env["res.partner"].create({"name": "Lifecycle", "phone": "+32470123456"})
env["sale.order"].create({"partner_id": customer.id}).stage_id = paid
jobs = env["queue.job"].search([("model_name", "=", "sale.status.execution")])
assert jobs.mapped("state") == ["pending"], jobs.mapped("state")
env.cr.commit()
env["ir.module.module"].search([("name", "=", "$ADDON")]).button_immediate_uninstall()
env.cr.commit()
PYEOF
    [ "$(module_state "$LIFECYCLE_DB" "$ADDON")" = uninstalled ] ||
        die "$ADDON did not uninstall (log: $LOGS/lifecycle-uninstall.log)."
    pending=$(psql -d "$LIFECYCLE_DB" -Atqc "SELECT count(*) FROM queue_job
        WHERE model_name = 'sale.status.execution'
          AND state IN ('wait_dependencies', 'pending', 'enqueued')")
    [ "$pending" = 0 ] || die "$pending jobs of $ADDON are left pending after uninstall."
    if grep -E ' (ERROR|CRITICAL) |Traceback' "$LOGS/lifecycle-uninstall.log" >&2; then
        die "Uninstalling $ADDON logged errors (log: $LOGS/lifecycle-uninstall.log)."
    fi
    odoo_install "$LIFECYCLE_DB" "$LOGS/lifecycle-reinstall.log" -i "$ADDON"
    [ "$(module_state "$LIFECYCLE_DB" "$ADDON")" = installed ] ||
        die "$ADDON did not install again after its uninstallation."
    "$PY" "$ROOT/scripts/multinode.py" --config "$ODOO_CONF" \
        --database "$LIFECYCLE_DB" >"$LOGS/multinode.log" 2>&1 || {
        grep -E '^(FAIL|[0-9]+ executions)|Error' "$LOGS/multinode.log" >&2
        die "Two Odoo nodes did not send each message once (log: $LOGS/multinode.log)."
    }
}

start=$SECONDS
say "Installing $ADDON with demo data in $TEST_DB, and its lifecycle in $LIFECYCLE_DB"
lifecycle &
lifecycle_pid=$!
odoo_install "$TEST_DB" "$LOGS/install.log" -i "$ADDON" --with-demo
[ "$(module_state "$TEST_DB" "$ADDON")" = installed ] || die "$ADDON did not install."
say "Installed in $((SECONDS - start)) s; running the tests"

test_start=$SECONDS
status=0
"$PY" -m pytest "$STATE_DIR/addons/$ADDON/tests" \
    --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http \
    --odoo-log-level=warn -p no:cacheprovider --rootdir="$STATE_DIR/addons/$ADDON" \
    --junitxml="$LOGS/junit.xml" "$@" || status=$?
say "Tests ran in $((SECONDS - test_start)) s"

wait "$lifecycle_pid" ||
    die "The lifecycle or multi-node check failed (logs in $LOGS)."
lifecycle_pid=
say "Installed without demo, updated, uninstalled with jobs pending, reinstalled"
say "Two nodes: $(grep -E '^[0-9]+ executions' "$LOGS/multinode.log")"
[ "$status" = 0 ] || die "The tests failed (pytest exit status $status)."
"$PY" - "$LOGS/junit.xml" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

suite = ET.parse(sys.argv[1]).getroot()
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
tests, skipped = int(suite.get("tests")), int(suite.get("skipped"))
print(f"{tests} tests, {skipped} skipped")
# A skipped Odoo test is a test that did not run: the suite is not green.
sys.exit(1 if skipped or not tests else 0)
PYEOF
say "All green in $((SECONDS - start)) s"
