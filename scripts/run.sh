#!/usr/bin/env bash
# Serves Odoo with the addon and its demo data on http://127.0.0.1:8069
# (login admin / admin). The demo database is created on first run and
# updated on later runs; RESET=1 drops and recreates it.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare
DEMO_DB=${SSA_DEMO_DB:-${ADDON}_demo}
mkdir -p "$STATE_DIR/logs"
[ "${RESET:-0}" = 1 ] && drop_db "$DEMO_DB"
if [ "$(module_state "$DEMO_DB" "$ADDON" 2>/dev/null)" = installed ]; then
    say "Updating $ADDON in $DEMO_DB"
    odoo_install "$DEMO_DB" "$STATE_DIR/logs/run-update.log" -u "$ADDON"
else
    drop_db "$DEMO_DB"
    say "Creating $DEMO_DB with $ADDON and demo data (a few minutes)"
    odoo_install "$DEMO_DB" "$STATE_DIR/logs/run-install.log" -i "$ADDON" --with-demo
fi
say "Odoo serves $DEMO_DB on http://127.0.0.1:$HTTP_PORT (login admin, password admin)"
exec "$PY" -m odoo server -c "$ODOO_CONF" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$"
