#!/usr/bin/env bash
# Static checks: ruff (lint and format, OCA settings), pylint-odoo, README.md
# being what readme/ generates (scripts/readme.py), and the addon building as
# an OCA-style wheel with whool.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

find_odoo
setup_venv
write_config
# Checked under the addon's own name (the state folder links it), whatever
# the checkout's folder is called: ruff names modules after their folders.
cd "$STATE_DIR/addons"
say "ruff"
"$VENV/bin/ruff" check --no-fix "$ADDON"
"$VENV/bin/ruff" format --check "$ADDON"
say "pylint-odoo"
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$ADDON"
say "README.md from readme/"
"$PY" "$ROOT/scripts/readme.py" --check
say "wheel"
# whool names the wheel after the addon's folder, so build from a clone of
# the committed addon in a folder of the right name.
rm -rf "$STATE_DIR/dist" "$STATE_DIR/build"
git clone --quiet "$ROOT" "$STATE_DIR/build/$ADDON"
"$PY" -m pip wheel --quiet --disable-pip-version-check --no-deps \
    -w "$STATE_DIR/dist" "$STATE_DIR/build/$ADDON"
wheel=$(ls "$STATE_DIR/dist"/odoo_addon_${ADDON}-19.0.*-py3-none-any.whl) ||
    die "The wheel is not named odoo_addon_$ADDON-19.0.*."
# The addon only: the tests and readme/ as in OCA's wheels, not the
# repository's tooling (pyproject.toml [tool.addon-wheel] leaves it out).
entries=$("$PY" -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$wheel")
addon_dir=odoo/addons/$ADDON
for wanted in __manifest__.py README.md readme/DESCRIPTION.md tests/__init__.py; do
    grep -qxF "$addon_dir/$wanted" <<<"$entries" || die "The wheel lacks $addon_dir/$wanted."
done
if grep -E "^$addon_dir/(scripts/|\.ci/|Makefile$|\.pre-commit-config\.yaml$|test-requirements\.txt$|pyproject\.toml$)" \
    <<<"$entries" >&2; then
    die "The wheel holds the repository's tooling above, not only the addon."
fi
say "Static checks passed"
