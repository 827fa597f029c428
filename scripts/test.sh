#!/usr/bin/env bash
# The whole test suite: installs the addon with queue_job and demo data in a
# fresh database and runs its tests with pytest-odoo; meanwhile a second
# database checks installing without demo data, updating, uninstalling and
# reinstalling, then two live Odoo nodes working on it (scripts/multinode.py),
# then the same two nodes through 2,000 executions while Twilio fails and a
# worker is killed (scripts/soak.py). A third database, with the web shop
# and its live chat (website_sale, website_livechat), runs tests/website.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare
ensure_chromium
TEST_DB=${SSA_TEST_DB:-${ADDON}_test}
LIFECYCLE_DB=${TEST_DB}_lifecycle
RELEASE_DB=${TEST_DB}_release
WEBSITE_DB=${TEST_DB}_website
LOGS=$STATE_DIR/logs
mkdir -p "$LOGS"
lifecycle_pid=
cleanup() {
    [ -z "$lifecycle_pid" ] || kill "$lifecycle_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    drop_db "$TEST_DB" || true
    drop_db "$LIFECYCLE_DB" || true
    drop_db "$RELEASE_DB" || true
    drop_db "$WEBSITE_DB" || true
}
trap cleanup EXIT
cleanup

# Runs the Python code on standard input in the lifecycle database (or
# SHELL_DB); fails when it raises.
odoo_shell() {
    local log=$1
    shift
    "$PY" -m odoo shell -c "$ODOO_CONF" -d "${SHELL_DB:-$LIFECYCLE_DB}" --log-level=warn "$@" >"$log" 2>&1 ||
        die "Odoo shell failed (log: $log)."
    if grep -E ' (ERROR|CRITICAL) |Traceback' "$log" >&2; then
        die "Odoo shell raised an error (log: $log)."
    fi
}

# The last commit of 19.0.1.0.0, the version before whispers left the
# conversation's messages (migrations/19.0.1.1.0), quiet hours became
# sending hours (migrations/19.0.1.2.0), "delivered" became "shipped"
# (migrations/19.0.1.3.0) and web shop carts left the pipeline
# (migrations/19.0.1.4.0, tests/website/test_cart_migration.py).
PREVIOUS_VERSION=2718024b6c61b86e941ca72023f4add953efc89a

# A database made with the previous version, with a whisper it sent and
# quiet hours, updated to this version: the whisper must leave the
# conversation's messages, the quiet hours become a calendar.
# Installs the addon as it was at commit $1, from the folder $2 (an addons
# path), without demo data in database $3; its log is $4.
install_version() {
    local commit=$1 folder=$2 db=$3 log=$4
    if ! git -C "$ROOT" cat-file -e "$commit^{commit}" 2>/dev/null &&
        [ "$(git -C "$ROOT" rev-parse --is-shallow-repository)" = true ]; then
        git -C "$ROOT" fetch --quiet --unshallow || true
    fi
    git -C "$ROOT" cat-file -e "$commit^{commit}" 2>/dev/null ||
        die "The update checks need the git history of the addon (commit $commit)."
    rm -rf "$folder"
    mkdir -p "$folder/$ADDON"
    git -C "$ROOT" archive "$commit" | tar -x -C "$folder/$ADDON"
    odoo_install "$db" "$log" -i "$ADDON" --without-demo --addons-path="$folder"
}

previous_version_with_a_whisper() {
    local previous=$STATE_DIR/previous
    install_version "$PREVIOUS_VERSION" "$previous" "$LIFECYCLE_DB" \
        "$LOGS/lifecycle-install-previous.log"
    odoo_shell "$LOGS/lifecycle-previous-whisper.log" --addons-path="$previous" <<PYEOF
from odoo import Command
from odoo.addons.queue_job.job import Job
env.company.sale_status_sandbox = False
operator = env.ref("base.user_admin")
customer = env["res.partner"].create({"name": "Migrated Visitor"})
livechat = env["im_livechat.channel"].create({"name": "Migration", "user_ids": [Command.link(operator.id)]})
chat = env["discuss.channel"].create({
    "name": "Migrated Visitor", "channel_type": "livechat", "livechat_channel_id": livechat.id,
    "livechat_operator_id": operator.partner_id.id,
    "channel_member_ids": [
        Command.create({"partner_id": operator.partner_id.id, "livechat_member_type": "agent"}),
        Command.create({"partner_id": customer.id, "livechat_member_type": "visitor"}),
    ],
})
chat.message_post(body="Hello from the visitor", author_id=customer.id,
                  message_type="comment", subtype_xmlid="mail.mt_comment")
delivered = env.ref("$ADDON.stage_delivered")
env["sale.status.trigger"].create({"event": "delivery_done", "stage_id": delivered.id,
                                   "company_id": env.company.id})
env["sale.status.rule"].create({"name": "Migration urgent", "stage_id": delivered.id,
                                "channel": "sms", "ignore_quiet_hours": True})
env["sale.status.rule"].create({"name": "Migration call", "stage_id": delivered.id,
                                "channel": "call", "call_language": "fr-FR",
                                "call_voice": "Polly.Celine"})
env.company.write({"sale_status_voice_language": "de-DE", "sale_status_voice": "Polly.Hans"})
shipped = env.ref("$ADDON.stage_shipped")
rule = env["sale.status.rule"].create({
    "name": "Migration whisper", "stage_id": shipped.id, "channel": "chat",
    "chat_whisper": True, "chat_body": "VIP, grant the discount on {{ object.name }}",
})
order = env["sale.order"].create({"partner_id": customer.id})
order.stage_id = shipped
env.cr.commit()
execution = env["sale.status.execution"].search([("rule_id", "=", rule.id)])
job = Job.load(env, execution.job_uuid)  # run as queue_job's runner does
job.set_started()
job.store()
env.cr.commit()
job.perform()
job.set_done()
job.store()
env.cr.commit()
message = execution.mail_message_id
assert execution.state == "sent" and message.is_internal and message.res_id == chat.id, (
    execution.state, execution.reason)
assert chat._get_last_messages() == message  # what the visitor got before
# Quiet hours last: set before, they would postpone the whisper's job at night.
env.company.write({"sale_status_quiet_hours": True, "sale_status_quiet_start": 21.0,
                   "sale_status_quiet_end": 8.0, "sale_status_quiet_sun": True})
env.company.partner_id.tz = "Europe/Brussels"
env.cr.commit()
PYEOF
    odoo_install "$LIFECYCLE_DB" "$LOGS/lifecycle-update.log" -u "$ADDON"
    odoo_shell "$LOGS/lifecycle-migrated-whisper.log" <<PYEOF
execution = env["sale.status.execution"].search([("rule_id.name", "=", "Migration whisper")])
chat = env["discuss.channel"].search([("name", "=", "Migrated Visitor")])
whisper = chat.sale_status_whisper_ids
text = "VIP, grant the discount on " + execution.order_id.name
assert len(whisper) == 1 and text in whisper.body, whisper.read()
assert whisper.execution_id == execution and whisper.author_id == env.ref("base.partner_admin")
assert execution.provider_ref == f"sale.status.whisper,{whisper.id}", execution.provider_ref
assert not execution.mail_message_id
assert not chat.message_ids.filtered(lambda m: "VIP" in (m.body or "")), chat.message_ids.read(["body"])
assert "Hello from the visitor" in chat._get_last_messages().body
# Quiet hours (21:00 to 08:00, quiet Sundays) became sending hours.
calendar = env.company.sale_status_calendar_id
hours = {(a.dayofweek, a.hour_from, a.hour_to) for a in calendar.attendance_ids}
assert hours == {(str(day), 8.0, 21.0) for day in range(6)}, hours
assert calendar.tz == "Europe/Brussels", calendar.tz
assert env["sale.status.rule"].search([("name", "=", "Migration urgent")]).ignore_sending_hours
# Voices became records (19.0.1.6.0): the same voice, in the same language.
voice = env["sale.status.rule"].search([("name", "=", "Migration call")]).call_voice_id
assert (voice.name, voice.language) == ("Polly.Celine", "fr-FR"), voice.read()
voice = env.company.sale_status_voice_id
assert (voice.name, voice.language) == ("Polly.Hans", "de-DE"), voice.read()
function = env.ref("$ADDON.queue_job_function_execution_run")
assert function.on_fail_method == "_on_job_failed", function.on_fail_method
# "Delivered" (outgoing deliveries done) became "Shipped": the seeded trigger
# moved there, the company's own trigger kept its status.
seeded = env.ref("$ADDON.trigger_shipped")
assert (seeded.event, seeded.stage_id) == ("shipped", env.ref("$ADDON.stage_shipped")), seeded.read()
own = env["sale.status.trigger"].search([("company_id", "=", env.company.id)])
assert [(t.event, t.stage_id) for t in own] == [("shipped", env.ref("$ADDON.stage_delivered"))], own.read()
# New in 19.0.1.4.0, opt-in: the archived Abandoned cart status and its trigger.
abandoned = env.ref("$ADDON.stage_abandoned_cart")
assert not abandoned.active and env.ref("$ADDON.trigger_cart_abandoned").stage_id == abandoned
PYEOF
    [ "$(module_state "$LIFECYCLE_DB" "$ADDON")" = installed ] ||
        die "$ADDON did not update from its previous version."
}

# The last release, 19.0.1.7.0: what users update from now.
LAST_RELEASE=2cab7c934017c8f90b6c5c0518e73d0646f8fb63

# A database made with the last release, with a robocall whose key moves
# orders and a dated rule waiting, updated to this version: the views load,
# the key still shows its status, the waiting rule still follows the order's
# date, and the seeded Confirmed and Cancelled require their Odoo state
# (migrations/19.0.1.8.0) unless the user renamed them.
last_release_updated() {
    local release=$STATE_DIR/release
    install_version "$LAST_RELEASE" "$release" "$RELEASE_DB" "$LOGS/release-install.log"
    SHELL_DB=$RELEASE_DB odoo_shell "$LOGS/release-before.log" --addons-path="$release" <<PYEOF
from datetime import datetime
from odoo import Command
delivered = env.ref("$ADDON.stage_delivered")
shipped = env.ref("$ADDON.stage_shipped")
env["sale.status.trigger"].create({"event": "call_key", "reply_keywords": "1",
                                   "stage_id": delivered.id, "company_id": env.company.id})
env["sale.status.rule"].create({
    "name": "Release call", "stage_id": shipped.id, "channel": "call",
    "call_question": "Press 1", "call_key_ids": [Command.create({"key": "1", "action": "move"})],
})
env["sale.status.rule"].create({
    "name": "Release reminder", "stage_id": shipped.id, "channel": "sms",
    "timing": "date", "date_field": "commitment_date", "date_direction": "before",
    "delay": 1, "delay_unit": "days",
})
customer = env["res.partner"].create({"name": "Release", "phone": "+32470123456"})
order = env["sale.order"].create({"partner_id": customer.id,
                                  "commitment_date": datetime(2099, 3, 10, 14, 0)})
order.stage_id = shipped
env.ref("$ADDON.stage_cancelled").name = "Cancelled or refunded"
env.cr.commit()
PYEOF
    odoo_install "$RELEASE_DB" "$LOGS/release-update.log" -u "$ADDON"
    SHELL_DB=$RELEASE_DB odoo_shell "$LOGS/release-updated.log" <<PYEOF
from datetime import datetime
assert not env.ref("$ADDON.sale_status_execution_view_pivot_call", raise_if_not_found=False)
arch = env["sale.status.execution"].get_views([(False, "pivot")])["views"]["pivot"]["arch"]
assert 'type="measure"' not in arch, arch
key = env["sale.status.rule"].search([("name", "=", "Release call")]).call_key_ids
assert key.stage_id == env.ref("$ADDON.stage_delivered"), key.stage_id
reminder = env["sale.status.execution"].search([("rule_id.name", "=", "Release reminder")])
assert reminder.state == "scheduled", reminder.read()
reminder.order_id.commitment_date = datetime(2099, 3, 20, 14, 0)
assert reminder.scheduled_at == datetime(2099, 3, 19, 14, 0), reminder.scheduled_at
assert env.ref("$ADDON.stage_confirmed").required_order_state == "sale"
assert not env.ref("$ADDON.stage_cancelled").required_order_state
env.cr.rollback()
PYEOF
    [ "$(module_state "$RELEASE_DB" "$ADDON")" = installed ] ||
        die "$ADDON did not update from its last release."
    drop_db "$RELEASE_DB"
}

lifecycle() {
    previous_version_with_a_whisper
    last_release_updated
    # Uninstall with executions pending: their queue jobs must not be left
    # to run against a model that is gone.
    odoo_shell "$LOGS/lifecycle-uninstall.log" <<PYEOF
paid = env.ref("$ADDON.stage_paid")
env["sale.status.rule"].create({"name": "Pending", "stage_id": paid.id, "channel": "sms",
                                "timing": "delay", "delay": 1, "delay_unit": "days"})
customer = env["res.partner"].create({"name": "Lifecycle", "phone": "+32470123456"})
env["sale.order"].create({"partner_id": customer.id}).stage_id = paid
jobs = env["queue.job"].search([("model_name", "=", "sale.status.execution"),
                                ("state", "!=", "done")])
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
    # The nodes listen on ports of this run's own, derived from SSA_HTTP_PORT,
    # not on fixed ones another run may use.
    "$PY" "$ROOT/scripts/multinode.py" --config "$ODOO_CONF" --database "$LIFECYCLE_DB" \
        --port $((HTTP_PORT + 200)) >"$LOGS/multinode.log" 2>&1 || {
        grep -E '^(FAIL|[0-9]+ executions)|Error' "$LOGS/multinode.log" >&2
        die "Two Odoo nodes did not send each message once (log: $LOGS/multinode.log)."
    }
    # Niced: it overlaps the browser tests, whose server must answer in time;
    # it takes what CPU they leave, then all of it once they are done.
    nice -n 10 "$PY" "$ROOT/scripts/soak.py" --config "$ODOO_CONF" --database "$LIFECYCLE_DB" \
        --port $((HTTP_PORT + 800)) >"$LOGS/soak.log" 2>&1 || {
        grep -E '^(FAIL|[A-Za-z /(),-]+: )' "$LOGS/soak.log" >&2
        die "The soak check failed (log: $LOGS/soak.log)."
    }
}

start=$SECONDS
say "Installing $ADDON with demo data in $TEST_DB, and its lifecycle in $LIFECYCLE_DB"
lifecycle &
lifecycle_pid=$!
# A channel added by another addon, as the README's recipe says (found on the
# addons path, see write_config), with its own tests; Odoo's own automation
# alongside the rules (tests/test_base_automation.py).
EXTENSION=test_sale_status_webhook
odoo_install "$TEST_DB" "$LOGS/install.log" -i "$ADDON,$EXTENSION,base_automation" --with-demo
[ "$(module_state "$TEST_DB" "$ADDON")" = installed ] || die "$ADDON did not install."
say "Installed in $((SECONDS - start)) s; running the tests"

test_start=$SECONDS
status=0
"$PY" -m pytest "$STATE_DIR/addons/$ADDON/tests" \
    --ignore="$STATE_DIR/addons/$ADDON/tests/website" \
    --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http \
    --odoo-log-level=warn -p no:cacheprovider --rootdir="$STATE_DIR/addons/$ADDON" \
    --junitxml="$LOGS/junit.xml" "$@" || status=$?
# The extension's own tests, in a run of their own: the run above leaves
# tests/addons out (tests/addons/conftest.py), and pytest drops a path given
# inside another one.
"$PY" -m pytest "$STATE_DIR/addons/$ADDON/tests/addons/$EXTENSION/tests" \
    --odoo-config="$ODOO_CONF" --odoo-database="$TEST_DB" --odoo-http \
    --odoo-log-level=warn -p no:cacheprovider --rootdir="$STATE_DIR/addons/$ADDON" \
    --junitxml="$LOGS/junit-extension.xml" "$@" || status=$?
say "Tests ran in $((SECONDS - test_start)) s"

# The addon does not require the web shop; where it is installed, the addon
# meets its carts, visitors and guests (tests/website). Carts are paid with
# Odoo's demo provider and by wire transfer (payment_demo, payment_custom).
odoo_install "$WEBSITE_DB" "$LOGS/install-website.log" \
    -i "$ADDON,website_sale,website_livechat,payment_demo,payment_custom" --without-demo
say "Installed with the web shop and its live chat in $WEBSITE_DB; running tests/website"
"$PY" -m pytest "$STATE_DIR/addons/$ADDON/tests/website" \
    --odoo-config="$ODOO_CONF" --odoo-database="$WEBSITE_DB" --odoo-http \
    --odoo-log-level=warn -p no:cacheprovider --rootdir="$STATE_DIR/addons/$ADDON" \
    --junitxml="$LOGS/junit-website.xml" "$@" || status=$?

wait "$lifecycle_pid" ||
    die "The lifecycle or multi-node check failed (logs in $LOGS)."
lifecycle_pid=
say "Installed the previous version, migrated its whisper, quiet hours, delivery trigger and voices, got the Abandoned cart status; updated the last release; uninstalled with jobs pending, reinstalled"
say "Two nodes: $(grep -E '^[0-9]+ executions' "$LOGS/multinode.log")"
say "Soak: $(grep -E '^(executions|transient|duplicates|unknown|in flight|timeouts|wall time)' \
    "$LOGS/soak.log" | paste -sd ';' -)"
[ "$status" = 0 ] || die "The tests failed (pytest exit status $status)."
"$PY" - "$LOGS/junit.xml" "$LOGS/junit-extension.xml" "$LOGS/junit-website.xml" <<'PYEOF'
import sys
import xml.etree.ElementTree as ET

counts = []
for path in sys.argv[1:]:
    suite = ET.parse(path).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    counts.append((int(suite.get("tests")), int(suite.get("skipped"))))
tests, skipped = (sum(column) for column in zip(*counts))
print(f"{tests} tests ({counts[-1][0]} with the web shop), {skipped} skipped")
# A skipped Odoo test is a test that did not run: the suite is not green; so
# is a database whose tests did not run.
sys.exit(1 if skipped or not all(count for count, _ in counts) else 0)
PYEOF
say "All green in $((SECONDS - start)) s"
