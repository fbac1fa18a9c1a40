#!/usr/bin/env bash
# make setup: Debian packages, PostgreSQL, the virtualenv, and odoo.conf. Idempotent.
source "$(dirname "$0")/common.sh"

# The Odoo source is checked first: without it nothing else is worth installing.
require_odoo
say "using Odoo 18.0 source at $ODOO"

DEBS=(postgresql wkhtmltopdf fonts-noto-core fonts-kacst chromium kannel kannel-extras poppler-utils
      libldap2-dev libsasl2-dev libpq-dev)
missing=()
for pkg in "${DEBS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
else
    say "Debian packages present"
fi

# Odoo turns its stylesheets right-to-left for Arabic with rtlcss (npm); without it Arabic pages
# are served left-to-right and Odoo logs a warning.
if ! command -v rtlcss >/dev/null; then
    command -v npm >/dev/null || as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm
    say "installing rtlcss (npm) for right-to-left stylesheets"
    as_root npm install -g --no-audit --no-fund rtlcss@4
else
    say "rtlcss present"
fi

start_postgres
user=$(id -un)
if ! as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$user'\"" | grep -q 1; then
    say "creating PostgreSQL role $user"
    as_root su postgres -c "createuser --superuser $user"
else
    say "PostgreSQL role $user exists"
fi

if [ ! -x "$PY" ]; then
    say "creating virtualenv $VENV"
    python3 -m venv "$VENV"
fi
stamp=$VENV/.installed
RUNTIME_SETUPTOOLS="setuptools>=70,<80"
# The project's requirements: run time, tests, lint tools. The stamp covers every file read here.
REQUIREMENTS=("$ROOT/requirements.txt" "$ROOT/requirements-test.txt" "$ROOT/requirements-dev.txt")
want=$( (cat "$ODOO/requirements.txt" "${REQUIREMENTS[@]}" "$ROOT/scripts/constraints-build.txt"
    echo "$RUNTIME_SETUPTOOLS") | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing Python dependencies (Odoo 18.0's, the addons', the tests', the lint tools)"
    export PIP_CONSTRAINT=$ROOT/scripts/constraints-build.txt
    "$PY" -m pip install -q --upgrade "pip<25" wheel "setuptools<70"
    "$PY" -m pip install -q -r "$ODOO/requirements.txt"
    "$PY" -m pip install -q "${REQUIREMENTS[@]/#/-r}"
    # The pin above is for building old sdists. At run time, Odoo's gevent process (websocket,
    # spawned with --workers) loads gevent's plugins through pkg_resources, which before
    # setuptools 70 cannot find distributions with normalised metadata names (zope_interface).
    env -u PIP_CONSTRAINT "$PY" -m pip install -q "$RUNTIME_SETUPTOOLS"
    echo "$want" > "$stamp"
else
    say "Python dependencies up to date"
fi

say "writing $CONF"
cat > "$CONF" <<CONF
[options]
addons_path = $ODOO/addons,$ODOO/odoo/addons,$ROOT
db_host = False
db_port = False
db_user = $user
db_password = False
admin_passwd = admin
http_port = 8069
without_demo = False
CONF
say "setup done"
