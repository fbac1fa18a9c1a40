#!/usr/bin/env bash
# make upgrade-check: install an earlier release of the suite (UPGRADE_FROM, a git ref) with its demo
# data, then upgrade that database with this tree, and compare what it holds before and after
# (scripts/upgrade_counts.py): every record kept, no sequence handing out a number again, every module
# of the new layout installed. The earlier release is read from git into a temporary folder.
source "$(dirname "$0")/common.sh"
require_odoo
[ -x "$PY" ] || die "no virtualenv at $VENV: run 'make setup' first"
start_postgres

from=${UPGRADE_FROM:-290ccbc}
db=${UPGRADE_DB:-dura_upgrade_$$}
port=${UPGRADE_HTTP_PORT:-8179}
work=$(mktemp -d)
logs=$ROOT/.test-logs
mkdir -p "$logs"
trap 'rm -rf "$work"; [ -n "${KEEP_DB:-}" ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true' EXIT

git -C "$ROOT" cat-file -e "$from^{commit}" 2>/dev/null || die "no commit $from in this clone (UPGRADE_FROM)"
say "reading release $from into $work/old"
mkdir -p "$work/old"
git -C "$ROOT" archive "$from" | tar -x -C "$work/old"
old_modules=$(grep -oP '^MODULES=\K\S+' "$work/old/scripts/common.sh")
sed "s#^addons_path = .*#addons_path = $ODOO/addons,$ODOO/odoo/addons,$work/old#" "$CONF" > "$work/old.conf"

say "installing $old_modules as of $from into $db (demo data)"
dropdb --if-exists "$db" >/dev/null 2>&1 || true
"$PY" "$ODOO/odoo-bin" -c "$work/old.conf" -d "$db" -i "$old_modules" --stop-after-init \
    --http-port="$port" --log-level=warn --logfile="$logs/upgrade-install.log"
"$PY" "$ROOT/scripts/upgrade_counts.py" snapshot "$db" "$work/before.json"

say "upgrading $db with this tree (-u $old_modules)"
rm -f "$logs/upgrade.log"
"$PY" "$ODOO/odoo-bin" -c "$CONF" -d "$db" -u "$old_modules" --stop-after-init \
    --http-port="$port" --log-level=info --logfile="$logs/upgrade.log"
if grep -E " (ERROR|CRITICAL) " "$logs/upgrade.log"; then
    die "the upgrade logged errors (full log: $logs/upgrade.log)"
fi
"$PY" "$ROOT/scripts/upgrade_counts.py" snapshot "$db" "$work/after.json"

status=0
"$PY" "$ROOT/scripts/upgrade_counts.py" compare "$work/before.json" "$work/after.json" || status=1
for module in ${MODULES//,/ }; do
    state=$(psql -d "$db" -tAc "SELECT state FROM ir_module_module WHERE name = '$module'")
    if [ "$state" != installed ]; then
        printf 'module %s is "%s" after the upgrade, not installed\n' "$module" "${state:-unknown}"
        status=1
    fi
done
[ $status = 0 ] && say "upgrade from $from keeps every record" || die "upgrade from $from lost data"
