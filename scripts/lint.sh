#!/usr/bin/env bash
# Static checks: ruff (lint and format, OCA settings), pylint-odoo, README.md
# being what readme/ generates (scripts/readme.py), and the addon building as
# an OCA-style wheel with whool. With arguments, runs only the checks named
# (the pre-commit hooks run them one by one, with the same tools):
#
#   scripts/lint.sh [ruff] [format] [pylint] [readme] [wheel]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CHECKS=(ruff format pylint readme wheel)
checks=("$@")
[ $# -gt 0 ] || checks=("${CHECKS[@]}")
for check in "${checks[@]}"; do
    [[ " ${CHECKS[*]} " == *" $check "* ]] ||
        die "Unknown check \"$check\"; the checks are: ${CHECKS[*]}."
done

check_ruff() {
    say "ruff"
    "$VENV/bin/ruff" check --no-fix "$ADDON"
}

check_format() {
    say "ruff format"
    "$VENV/bin/ruff" format --check "$ADDON"
}

check_pylint() {
    say "pylint-odoo"
    "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" "$ADDON"
}

check_readme() {
    say "README.md from readme/"
    "$PY" "$ROOT/scripts/readme.py" --check
}

check_wheel() {
    say "wheel"
    # whool names the wheel after the addon's folder, so build from a clone of
    # the committed addon in a folder of the right name.
    rm -rf "$STATE_DIR/dist" "$STATE_DIR/build"
    git clone --quiet "$ROOT" "$STATE_DIR/build/$ADDON"
    "$PY" -m pip wheel --quiet --disable-pip-version-check --no-deps \
        -w "$STATE_DIR/dist" "$STATE_DIR/build/$ADDON"
    local wheel entries addon_dir wanted
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
}

find_odoo
setup_venv
write_config
# Checked under the addon's own name (the state folder links it), whatever
# the checkout's folder is called: ruff names modules after their folders.
cd "$STATE_DIR/addons"
for check in "${checks[@]}"; do
    "check_$check"
done
say "Static checks passed: ${checks[*]}"
