#!/usr/bin/env bash
# make soak, crash part: a fresh database with the suite, then scripts/crash_soak.py, which
# SIGKILLs real odoo-bin servers mid billing run and mid SMS dispatch (its arguments pass on;
# bench/harness.py starts and kills the processes).
source "$(dirname "$0")/common.sh"
require_odoo
[ -x "$PY" ] || die "no virtualenv at $VENV: run 'make setup' first"
start_postgres
db=${CRASH_DB:-dura_crash_soak}
say "fresh database $db with $MODULES and demo data"
dropdb --if-exists "$db" >/dev/null 2>&1 || true
odoo_bin -d "$db" -i "$MODULES" --stop-after-init --log-level=warn
say "crash soak $*"
set +e
PYTHONPATH="$ODOO:$ROOT/bench" "$PY" "$ROOT/scripts/crash_soak.py" --conf "$CONF" --db "$db" \
    --logdir "$ROOT/.test-logs" "$@"
rc=$?
set -e
[ "${KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true
exit $rc
