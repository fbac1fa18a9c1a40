# Shared helpers for the project's scripts: where things are, and how to say what we do.
# shellcheck shell=bash
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${VENV:-$ROOT/.venv}
PY=$VENV/bin/python
CONF=$ROOT/odoo.conf
MODULES=dura_municipality,dura_sms_gateway,dura_utility_billing,dura_municipal_requests,dura_municipal_requests_utility,dura_open311,dura_municipality_dashboard

# Every addon in the repository: each top-level folder with a manifest. Lint, the wheel check and
# scripts/make-pot.sh use it, so a new addon is checked without being listed anywhere.
addon_dirs() { (cd "$ROOT" && for manifest in */__manifest__.py; do dirname "$manifest"; done); }

say() { printf '==> %s\n' "$*"; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Run a command as root when we are not root (CI and these machines run as root).
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Locate an Odoo 18.0 source tree. The project never contains one: it uses the one it finds.
find_odoo() {
    local candidates=()
    [ -n "${ODOO_PATH:-}" ] && candidates+=("$ODOO_PATH")
    candidates+=(/opt/odoo18 /opt/odoo "$ROOT/../odoo")
    for dir in "${candidates[@]}"; do
        if [ -f "$dir/odoo/release.py" ] && [ -x "$dir/odoo-bin" ] || [ -f "$dir/odoo-bin" ]; then
            if grep -q "^version_info = (18, 0," "$dir/odoo/release.py" 2>/dev/null; then
                (cd "$dir" && pwd)
                return 0
            fi
            printf 'WARNING: %s is an Odoo source but not 18.0; skipped\n' "$dir" >&2
        fi
    done
    return 1
}

require_odoo() {
    ODOO=$(find_odoo) || die "No Odoo 18.0 source found. This project needs the Odoo 18.0 (Community) source tree \
outside this repository; it looked in \$ODOO_PATH (${ODOO_PATH:-unset}), /opt/odoo18, /opt/odoo and $ROOT/../odoo. \
Put an Odoo 18.0 source there (a tree with odoo-bin and odoo/release.py saying 18.0) or set ODOO_PATH, then run 'make setup' again."
    export ODOO
}

pg_running() { pg_isready -q -h localhost 2>/dev/null || pg_isready -q 2>/dev/null; }

start_postgres() {
    if pg_running; then return 0; fi
    say "starting PostgreSQL"
    if command -v pg_ctlcluster >/dev/null; then
        local ver
        ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
        as_root pg_ctlcluster "$ver" main start || as_root service postgresql start
    else
        as_root service postgresql start
    fi
    for _ in $(seq 1 30); do pg_running && return 0; sleep 1; done
    die "PostgreSQL did not start"
}

odoo_bin() { "$PY" "$ODOO/odoo-bin" -c "$CONF" "$@"; }

# A throw-away database with the suite (or the modules given second) and its demo data, for the
# benchmarks, the crash soak and the translation templates.
fresh_database() {
    local modules=${2:-$MODULES}
    [ -x "$PY" ] || die "no virtualenv at $VENV: run 'make setup' first"
    start_postgres
    say "fresh database $1 with $modules and demo data"
    dropdb --if-exists "$1" >/dev/null 2>&1 || true
    odoo_bin -d "$1" -i "$modules" --stop-after-init --log-level=warn
}
