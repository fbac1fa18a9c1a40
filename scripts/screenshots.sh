#!/usr/bin/env bash
# make screenshots: PNGs of the request form, kanban, SMS audit log, pivot (English and Arabic) and
# of every PDF report page into screenshots/, from the server `make run` serves.
source "$(dirname "$0")/common.sh"
[ -x "$PY" ] || die "no virtualenv at $VENV: run 'make setup' first"
command -v pdftoppm >/dev/null || die "pdftoppm (poppler-utils) is missing: run 'make setup'"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "chromium is missing: run 'make setup'"
url=${SHOTS_URL:-http://localhost:${HTTP_PORT:-8069}}
curl -fs -o /dev/null "$url/web/login" || die "no Odoo at $url: start 'make run' first (or set SHOTS_URL)"
say "screenshots of $url (database ${SHOTS_DB:-${RUN_DB:-dura_demo}}) into ${SHOTS_DIR:-screenshots}/"
cd "$ROOT"
SHOTS_URL=$url SHOTS_DB=${SHOTS_DB:-${RUN_DB:-dura_demo}} "$PY" "$ROOT/scripts/screenshots.py"
