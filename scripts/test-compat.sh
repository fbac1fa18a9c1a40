#!/usr/bin/env bash
# make test-compat: Odoo's own SMS, phone and automation suites, run in a fresh database where our
# modules are installed together with them (one install, as Odoo's own CI does: at_install
# tests run when their module is installed, post_install tests see the whole registry).
source "$(dirname "$0")/common.sh"
require_odoo
[ -x "$PY" ] || die "no virtualenv at $VENV: run 'make setup' first"
start_postgres
suites=sms,test_mail_sms,phone_validation,base_automation,test_base_automation
db=${TEST_DB:-dura_compat_$$}
log=${TEST_LOG:-$ROOT/.test-logs/compat-$db.log}
mkdir -p "$(dirname "$log")"
say "fresh database $db (no demo data): installing $MODULES and Odoo's suites $suites with their tests"
dropdb --if-exists "$db" >/dev/null 2>&1 || true
set +e
odoo_bin -d "$db" -i "$MODULES,$suites" --without-demo=all --test-enable \
    --test-tags "$(echo "$suites" | sed 's/\([^,]*\)/\/\1/g')" \
    --stop-after-init --http-port="${TEST_HTTP_PORT:-8169}" --log-level=info --logfile="$log"
rc=$?
set -e
[ "${KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true
say "odoo exited with $rc; log in $log"
"$PY" "$ROOT/scripts/checklog.py" "$log" --allow "$ROOT/scripts/log-allowlist.txt" --modules "$suites"
check=$?
[ $rc = 0 ] || { [ $check != 0 ] || { echo "0 passed, 1 failed"; }; exit 1; }
exit $check
