#!/usr/bin/env bash
# Set up and run sessiontrack on this machine: SQLite in instance/, the demo sessions loaded.
# PORT chooses the port (default 5000).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
PORT="${PORT:-5000}"
ensure_venv
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e .
export FLASK_APP=sessiontrack
"$VENV/bin/flask" db upgrade
"$VENV/bin/flask" demo
echo "Open http://127.0.0.1:$PORT and log in with one of the demo logins above."
exec "$VENV/bin/flask" run --host 127.0.0.1 --port "$PORT"
