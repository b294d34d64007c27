#!/usr/bin/env bash
# Set up and run the whole test suite: lint, security scans, tests on SQLite and (when
# TEST_DATABASE_URL is set) PostgreSQL, browser tests in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv
"$VENV/bin/pip" install --quiet --disable-pip-version-check -e ".[dev]"
ensure_chromium
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
# Medium and high findings fail the run; each accepted low one carries a "nosec" with its reason.
"$VENV/bin/bandit" -q -r sessiontrack -ll -x sessiontrack/migrations
# Known vulnerabilities in the installed packages fail the run; where no vulnerability service
# answers, a WARNING says "not audited" and the run goes on (bounded by AUDIT_TIMEOUT).
"$VENV/bin/python" scripts/audit.py
# Two processes (pytest-xdist) on two cores; each has its own SQLite file and PostgreSQL database.
"$VENV/bin/pytest" -n "${TEST_PROCESSES:-2}" "$@"
