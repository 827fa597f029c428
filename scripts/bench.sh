#!/usr/bin/env bash
# The benchmark: builds its own database (the addon and base_automation, no
# demo data), measures (see scripts/bench.py), prints a table and writes the
# figures as JSON; fails when a target is missed.
#
# SSA_BENCH_DB names its database, SSA_BENCH_PORT the port of the live Odoo
# it starts (the next one serves its bus): choose free ones when others
# measure or test on the same machine.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare
BENCH_DB=${SSA_BENCH_DB:-${ADDON}_bench}
mkdir -p "$STATE_DIR/logs" "$STATE_DIR/bench"
trap 'drop_db "$BENCH_DB" || true' EXIT
drop_db "$BENCH_DB"
say "Creating $BENCH_DB"
odoo_install "$BENCH_DB" "$STATE_DIR/logs/bench-install.log" \
    -i "$ADDON,base_automation" --without-demo
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
say "Measuring"
"$PY" "$ROOT/scripts/bench.py" --config "$ODOO_CONF" --database "$BENCH_DB" \
    ${SSA_BENCH_PORT:+--port "$SSA_BENCH_PORT"} \
    --json "$STATE_DIR/bench/bench-$(date +%Y%m%d-%H%M%S)-$commit.json" "$@"
