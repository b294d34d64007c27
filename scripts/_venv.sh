# Shared by run.sh and test.sh: a virtual environment in .venv, and Chromium for browser tests.
VENV="${VENV:-.venv}"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    if ! python3 -m venv "$VENV" 2>/dev/null; then
      echo "python3-venv is missing; installing it with apt-get" >&2
      as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv
      rm -rf "$VENV"
      python3 -m venv "$VENV"
    fi
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip "setuptools>=77"
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's Chromium for the browser tests" >&2
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq chromium >/dev/null \
      || echo "Could not install Chromium: browser tests will be skipped" >&2
  fi
}
