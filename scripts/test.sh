#!/usr/bin/env bash
# make test: lint, then a throw-away database with our modules installed and their tests run.
# Usage: scripts/test.sh [--no-lint]   (TEST_MODULES / TEST_DB / TEST_TAGS override the defaults)
source "$(dirname "$0")/common.sh"
require_odoo
[ -x "$PY" ] || die "no virtualenv at $VENV: run 'make setup' first"
[ -f "$CONF" ] || die "no $CONF: run 'make setup' first"
start_postgres

lint=1
[ "${1:-}" = "--no-lint" ] && lint=0
if [ $lint = 1 ]; then
    bash "$ROOT/scripts/lint.sh"
fi

mods=${TEST_MODULES:-$MODULES}
db=${TEST_DB:-dura_test_$$}
tags=${TEST_TAGS:-$(echo "$mods" | sed 's/\([^,]*\)/\/\1/g')}
log=${TEST_LOG:-$ROOT/.test-logs/test-$db.log}
mkdir -p "$(dirname "$log")"
say "creating throw-away database $db, installing $mods with tests ($tags)"
dropdb --if-exists "$db" >/dev/null 2>&1 || true
rm -f "$log"  # odoo appends to its logfile: a reused name would count an earlier run too
set +e
odoo_bin -d "$db" -i "$mods" --test-enable --test-tags "$tags" --stop-after-init \
    --http-port="${TEST_HTTP_PORT:-8169}" --log-level=info --logfile="$log"
rc=$?
set -e
[ "${KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true
say "odoo exited with $rc; log in $log"
"$PY" "$ROOT/scripts/checklog.py" "$log" --allow "$ROOT/scripts/log-allowlist.txt" --modules "$mods"
check=$?
[ $rc = 0 ] || { [ $check != 0 ] || { echo "0 passed, 1 failed"; }; exit 1; }
exit $check
