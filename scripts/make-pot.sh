#!/usr/bin/env bash
# Translation templates: i18n/<addon>.pot of every addon, exported by Odoo (scripts/export_pot.py
# in odoo-bin shell) from a throw-away database with all the addons and their demo data, as
# i18n/ar.po was. --merge then brings each ar.po in line with its new template
# (scripts/po_merge.py: keeps the translations, lists the terms still untranslated and fails
# while there are any). POT_DB names the database (default dura_pot); KEEP_DB=1 keeps it, and
# REUSE_DB=1 exports from it again without reinstalling (after a -u of the changed addons).
source "$(dirname "$0")/common.sh"
require_odoo
merge=0
[ "${1:-}" = --merge ] && merge=1
db=${POT_DB:-dura_pot}
mapfile -t addons < <(addon_dirs)
list=$(IFS=,; echo "${addons[*]}")
[ "${REUSE_DB:-0}" = 1 ] || fresh_database "$db" "$list"
say "exporting the templates"
log=$(mktemp)
POT_ADDONS=$list POT_ROOT=$ROOT "$PY" "$ODOO/odoo-bin" shell -c "$CONF" -d "$db" --no-http --log-level=warn \
    < "$ROOT/scripts/export_pot.py" 2>&1 | tee "$log"
status=0
# Babel gives up on a whole file it cannot read (e.g. an f-string inside a translated call):
# every string of that file would silently leave the template
if grep -q "Failed to extract terms" "$log"; then
    say "some files' terms could not be extracted (see above): the templates are incomplete"
    status=1
fi
rm -f "$log"
if [ "$merge" = 1 ]; then
    for addon in "${addons[@]}"; do
        say "merging $addon/i18n/$addon.pot into $addon/i18n/ar.po"
        "$PY" "$ROOT/scripts/po_merge.py" "$ROOT/$addon/i18n/$addon.pot" "$ROOT/$addon/i18n/ar.po" ||
            status=1
    done
fi
[ "${KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$db" >/dev/null 2>&1 || true
exit "$status"
