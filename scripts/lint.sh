#!/usr/bin/env bash
# make lint: ruff (OCA-like configuration in pyproject.toml), pylint-odoo's mandatory checks, the
# generated README.rst files, the dependency tree (manifestoo), each addon's wheel and its
# translation template. `scripts/lint.sh STEP...` runs only those steps (the pre-commit hooks
# do); the steps are the lint_* functions below, in this order, each with its pre-commit hook.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
mapfile -t addons < <(addon_dirs)

lint_ruff() {
    say "ruff check"
    "$VENV/bin/ruff" check .
}

lint_format() {
    say "ruff format --check"
    "$VENV/bin/ruff" format --check .
}

lint_pylint() {
    say "pylint-odoo (mandatory checks)"
    "$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc-mandatory" "${addons[@]}"
}

lint_readme() {
    say "README.rst generated from readme/ fragments"
    python3 "$ROOT/scripts/gen_readme.py" --check
}

lint_manifestoo() {
    # The dependency tree, read from the manifests: every dependency found (here or in Odoo's
    # source), licences compatible along every path, and no addon depending on a less mature one
    # (each manifest states its development_status, as OCA's do).
    say "manifestoo: dependency tree, licences, development status"
    require_odoo
    local mfo=("$VENV/bin/manifestoo" -d . --addons-path "$ODOO/addons,$ODOO/odoo/addons"
        --no-addons-path-from-import-odoo)
    local missing
    missing=$("${mfo[@]}" list-missing)
    [ -z "$missing" ] || die "dependencies found neither here nor in Odoo: $missing"
    "${mfo[@]}" check-licenses --transitive
    "${mfo[@]}" check-dev-status --transitive
    printf 'Odoo addons the suite depends on: %s\n' "$("${mfo[@]}" list-depends --separator=', ')"
}

lint_wheels() {
    # OCA packaging: each addon is a Python distribution built by whool from its manifest, so
    # `pip install ./ADDON` puts it where Odoo finds it. Building the wheels takes a few seconds.
    say "wheels: pip wheel with whool, one odoo-addon-<name> per addon"
    local addon out
    for addon in "${addons[@]}"; do
        [ -f "$addon/pyproject.toml" ] ||
            die "$addon/pyproject.toml missing: copy dura_sms_gateway/pyproject.toml (see README, Packaging)"
    done
    out=$(mktemp -d)
    # --no-build-isolation: whool comes from the virtualenv (requirements-dev.txt), no index needed
    if ! "$PY" -m pip wheel -q --no-index --no-deps --no-build-isolation --wheel-dir "$out" \
        "${addons[@]/#/./}" >"$out/pip.log" 2>&1; then
        cat "$out/pip.log" >&2
        rm -rf "$out"
        die "pip wheel failed"
    fi
    "$PY" "$ROOT/scripts/check_wheels.py" "$out" "${addons[@]}" || { rm -rf "$out"; die "bad wheels"; }
    rm -rf "$out"
}

lint_dashboard() {
    # the municipality dashboard's spreadsheet JSON is written by scripts/build_dashboard.py
    say "dashboard: the JSON file is what scripts/build_dashboard.py writes"
    python3 "$ROOT/scripts/build_dashboard.py" --check
}

lint_pot() {
    say "i18n: each ar.po has the terms of its template i18n/<addon>.pot"
    "$PY" "$ROOT/scripts/pot_check.py" "${addons[@]}"
}

all_steps=(ruff format pylint readme manifestoo wheels dashboard pot)
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=("${all_steps[@]}")
for step in "${steps[@]}"; do
    declare -F "lint_$step" >/dev/null || die "unknown lint step '$step' (steps: ${all_steps[*]})"
    "lint_$step"
done
