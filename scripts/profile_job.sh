#!/usr/bin/env bash
# Where an execution job's time goes (see scripts/profile_job.py): in a
# database of its own (SSA_PROFILE_DB), dropped at the end. Arguments go to
# profile_job.py (--jobs, --top, --stats FOLDER).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

prepare
PROFILE_DB=${SSA_PROFILE_DB:-${ADDON}_profile}
mkdir -p "$STATE_DIR/logs"
trap 'drop_db "$PROFILE_DB" || true' EXIT
drop_db "$PROFILE_DB"
say "Creating $PROFILE_DB"
odoo_install "$PROFILE_DB" "$STATE_DIR/logs/profile-install.log" \
    -i "$ADDON,base_automation" --without-demo
say "Profiling"
"$PY" "$ROOT/scripts/profile_job.py" --config "$ODOO_CONF" --database "$PROFILE_DB" "$@"
