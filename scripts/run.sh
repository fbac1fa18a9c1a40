#!/usr/bin/env bash
# make run: create (first time) or update the demo database, then serve Odoo on :8069.
source "$(dirname "$0")/common.sh"
require_odoo
[ -x "$PY" ] || die "no virtualenv at $VENV: run 'make setup' first"
start_postgres
db=${RUN_DB:-dura_demo}
if psql -lqt | cut -d '|' -f 1 | grep -qw "$db"; then
    say "updating database $db ($MODULES)"
    odoo_bin -d "$db" -u "$MODULES" --stop-after-init --log-level=warn
else
    say "creating database $db with $MODULES, demo data, Arabic (default) and English"
    odoo_bin -d "$db" -i "$MODULES" --load-language=ar_001,en_US --stop-after-init --log-level=warn
fi
say "serving $db on http://localhost:${HTTP_PORT:-8069} (login admin / admin); Ctrl-C stops"
exec "$PY" "$ODOO/odoo-bin" -c "$CONF" -d "$db" --db-filter="^$db\$" --http-port="${HTTP_PORT:-8069}" ${RUN_ARGS:-}
