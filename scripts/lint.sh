#!/usr/bin/env bash
# Lint: ruff (OCA-like configuration in pyproject.toml) and pylint-odoo's mandatory checks.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
addons=(dura_sms_gateway dura_utility_billing dura_municipal_requests dura_municipal_requests_utility dura_open311)
say "ruff check"
"$VENV/bin/ruff" check .
say "ruff format --check"
"$VENV/bin/ruff" format --check .
say "pylint-odoo (mandatory checks)"
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc-mandatory" "${addons[@]}"
say "README.rst generated from readme/ fragments"
python3 "$ROOT/scripts/gen_readme.py" --check
