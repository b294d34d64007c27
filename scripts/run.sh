#!/usr/bin/env bash
# Set up and run sessiontrack on this machine: SQLite in instance/, the demo session loaded.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e .
export FLASK_APP=sessiontrack
"$VENV/bin/flask" db upgrade
"$VENV/bin/flask" demo
echo "Open http://127.0.0.1:5000 and log in with one of the demo logins above."
exec "$VENV/bin/flask" run --host 127.0.0.1 --port "${PORT:-5000}"
