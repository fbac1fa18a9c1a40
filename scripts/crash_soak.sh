#!/usr/bin/env bash
# make soak, crash part: a fresh database with the suite, then scripts/crash_soak.py, which
# SIGKILLs real odoo-bin servers mid billing run and mid SMS dispatch (its arguments pass on;
# bench/harness.py starts and kills the processes).
source "$(dirname "$0")/common.sh"
require_odoo
db=${CRASH_DB:-dura_crash_soak}
fresh_database "$db"
say "crash soak $*"
set +e
PYTHONPATH="$ODOO:$ROOT/bench" "$PY" "$ROOT/scripts/crash_soak.py" --conf "$CONF" --db "$db" \
    --logdir "$ROOT/.test-logs" "$@"
rc=$?
set -e
[ "${KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true
exit $rc
