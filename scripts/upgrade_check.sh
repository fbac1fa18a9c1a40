#!/usr/bin/env bash
# Upgrade check: install the suite as released at OLD_REF (with demo data) into a throw-away
# database, update it with this tree, and compare what the database holds before and after.
# Usage: scripts/upgrade_check.sh [OLD_REF]   (default 290ccbc, the last release before the
#        one-house layout). UPGRADE_DB names the database, UPGRADE_MODULES the modules updated,
#        KEEP_DB=1 keeps it, UPGRADE_HTTP_PORT the port odoo-bin binds (default 8169).
# Exits non-zero when a record count changes, a module is not installed afterwards, or the
# update logs an ERROR.
source "$(dirname "$0")/common.sh"
require_odoo
[ -x "$PY" ] || die "no virtualenv at $VENV: run 'make setup' first"
start_postgres

old_ref=${1:-290ccbc}
db=${UPGRADE_DB:-dura_upgrade_$$}
port=${UPGRADE_HTTP_PORT:-8169}
update=${UPGRADE_MODULES:-dura_municipal_requests,dura_utility_billing}
work=$(mktemp -d)
old_tree=$work/old
cleanup() {
    git -C "$ROOT" worktree remove --force "$old_tree" >/dev/null 2>&1 || true
    rm -rf "$work"
    [ "${KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

say "checking out $old_ref in $old_tree"
git -C "$ROOT" worktree add --detach "$old_tree" "$old_ref" >/dev/null
# the released tree's own addons, in the order its scripts installed them
old_modules=$(sed -n 's/^MODULES=//p' "$old_tree/scripts/common.sh")
sed "s#^addons_path *=.*#addons_path = $ODOO/addons,$ODOO/odoo/addons,$old_tree#" "$CONF" \
    > "$work/old.conf"

# What must survive the update: records of the suite and of the models it extends, sequence
# counters, the field values moved between modules. One "name|value" line each.
snapshot() {
    psql -X -q -At -d "$db" <<'SQL'
SELECT 'requests|' || count(*) FROM dura_service_request;
SELECT 'requests by state|' || string_agg(state || '=' || n, ',' ORDER BY state)
  FROM (SELECT state, count(*) n FROM dura_service_request GROUP BY state) s;
SELECT 'requests with a meter number|' || count(*) FROM dura_service_request
 WHERE meter_number IS NOT NULL;
SELECT 'requests with a subscription|' || count(*) FROM dura_service_request
 WHERE subscription_id IS NOT NULL;
SELECT 'utility values of the requests (md5)|' || md5(coalesce(string_agg(
       concat_ws(',', id, meter_number, quarter, final_reading, opening_reading, new_meter_number,
                 remaining_credit, credit_policy, subscription_id, tariff_id), ';' ORDER BY id), ''))
  FROM dura_service_request WHERE meter_number IS NOT NULL;
SELECT 'request documents|' || count(*) FROM dura_service_request_document;
SELECT 'services by effect|' || string_agg(completion_effect || '=' || n, ',' ORDER BY completion_effect)
  FROM (SELECT completion_effect, count(*) n FROM dura_service_type GROUP BY completion_effect) s;
SELECT 'departments|' || count(*) FROM dura_municipal_department;
SELECT 'subscriptions|' || count(*) FROM dura_utility_subscription;
SELECT 'readings|' || count(*) FROM dura_utility_reading;
SELECT 'tariffs|' || count(*) FROM dura_utility_tariff;
SELECT 'bills|' || count(*) FROM dura_utility_bill;
SELECT 'top-ups|' || count(*) FROM dura_utility_topup;
SELECT 'billing runs|' || count(*) FROM dura_utility_billing_run;
SELECT 'journal entries|' || count(*) FROM account_move;
SELECT 'contacts|' || count(*) FROM res_partner;
SELECT 'users|' || count(*) FROM res_users;
SELECT 'attachments|' || count(*) FROM ir_attachment;
SELECT 'chatter messages|' || count(*) FROM mail_message;
SELECT 'SMS audit entries|' || count(*) FROM dura_sms_message;
SELECT 'SMS templates approved|' || count(*) FROM sms_template WHERE dura_approval_state = 'approved';
SELECT 'automation rules|' || count(*) FROM base_automation;
SELECT 'access rules (ACL)|' || count(*) FROM ir_model_access;
SELECT 'menus|' || count(*) FROM ir_ui_menu;
SELECT 'views|' || count(*) FROM ir_ui_view;
SELECT 'fields of dura.service.request|' || count(*) FROM ir_model_fields
 WHERE model = 'dura.service.request';
SELECT 'sequence ' || code || ' next|' || number_next FROM ir_sequence
 WHERE code LIKE 'dura.%' AND implementation = 'no_gap' ORDER BY code;
SQL
    # standard sequences keep their counter in PostgreSQL
    psql -X -q -At -d "$db" -c "SELECT id, code FROM ir_sequence
        WHERE code LIKE 'dura.%' AND implementation = 'standard' ORDER BY code" |
        while IFS='|' read -r id code; do
            printf 'sequence %s next|%s\n' "$code" "$(psql -X -q -At -d "$db" -c \
                "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END
                   FROM ir_sequence_$(printf '%03d' "$id")")"
        done
}
modules() {
    psql -X -q -At -d "$db" -c "SELECT name || '|' || state || ' ' || coalesce(latest_version, '')
        FROM ir_module_module WHERE name LIKE 'dura%' ORDER BY name"
}

say "installing $old_modules at $old_ref (with demo data) into $db"
dropdb --if-exists "$db" >/dev/null 2>&1 || true
"$PY" "$ODOO/odoo-bin" -c "$work/old.conf" -d "$db" -i "$old_modules" --stop-after-init \
    --http-port="$port" --log-level=warn --logfile="$work/install.log" ||
    die "installing $old_ref failed (log: $work/install.log)"
# the demo completes no utility request: give the utility columns of the request (which move
# to dura_municipal_requests_utility) values, so that the check sees them kept
psql -X -q -d "$db" -c "UPDATE dura_service_request r
       SET meter_number = 'UPG-' || r.id, quarter = 'Al-Hadab', final_reading = 1520.5,
           opening_reading = 3, new_meter_number = 'NEW-' || r.id, remaining_credit = 12.5,
           credit_policy = 'carry_forward',
           subscription_id = (SELECT min(id) FROM dura_utility_subscription),
           tariff_id = (SELECT min(id) FROM dura_utility_tariff)
      FROM dura_service_type t
     WHERE t.id = r.service_type_id AND t.completion_effect != 'none'
       AND t.completion_effect != 'certificate'"
snapshot > "$work/before.txt"
modules > "$work/modules-before.txt"

say "updating $update with this tree"
log=${UPGRADE_LOG:-$ROOT/.test-logs/upgrade-$db.log}
mkdir -p "$(dirname "$log")"
rm -f "$log"
odoo_bin -d "$db" -u "$update" --stop-after-init --http-port="$port" --log-level=info \
    --logfile="$log" || die "the update failed (log: $log)"
snapshot > "$work/after.txt"
modules > "$work/modules-after.txt"

say "modules before -> after"
join -t'|' -a1 -a2 -e '-' -o 0,1.2,2.2 "$work/modules-before.txt" "$work/modules-after.txt" |
    column -t -s'|'
say "figures before -> after"
failed=0
# views and ACLs may grow (new records of new modules); everything else must stay
join -t'|' -a1 -a2 -e '-' -o 0,1.2,2.2 <(sort "$work/before.txt") <(sort "$work/after.txt") |
    while IFS='|' read -r name before after; do
        mark=""
        if [ "$before" != "$after" ]; then
            case $name in
                views|menus|"access rules (ACL)"|"fields of dura.service.request") mark="  (changed)" ;;
                *) mark="  <-- CHANGED" ;;
            esac
        fi
        printf '%-45s %-28s %s%s\n' "$name" "$before" "$after" "$mark"
    done | tee "$work/report.txt"
grep -q -- "<-- CHANGED" "$work/report.txt" && failed=1
if grep -v '|installed ' "$work/modules-after.txt" | grep -q .; then
    say "a suite module is not installed after the update"
    failed=1
fi
if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$log"; then
    say "the update logged errors (log: $log)"
    failed=1
fi
[ $failed = 0 ] && say "upgrade check passed (log: $log)" || say "upgrade check FAILED (log: $log)"
exit $failed
