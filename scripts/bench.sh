#!/usr/bin/env bash
# make bench: a fresh benchmark database, then bench/bench.py (billing run, also per invoice 100
# against N; SMS dispatch; request journey; go-live import; reading import) and bench/scale.py
# (multi-process dispatch); pass --quick for a smoke run.
source "$(dirname "$0")/common.sh"
require_odoo
db=${BENCH_DB:-dura_bench}
fresh_database "$db"
say "benchmarks $*"
PYTHONPATH="$ODOO" "$PY" "$ROOT/bench/bench.py" --conf "$CONF" --db "$db" "$@"
say "scale: real odoo-bin processes, one cron worker then two $*"
PYTHONPATH="$ODOO" "$PY" "$ROOT/bench/scale.py" --conf "$CONF" --db "$db" --logdir "$ROOT/.test-logs" "$@"
[ "${KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true
