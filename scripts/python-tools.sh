#!/usr/bin/env bash
# Installs the Python tools the tests use into project-local virtual environments:
#   .venv/moto     python -m moto.server   (requirements/moto.txt)
#   .venv/checkov  python -m checkov.main  (requirements/checkov.txt)
#   .venv/athena   sqlglot and duckdb      (requirements/athena.txt)
# Each venv sees the machine's site-packages, so whatever the machine already has
# (moto, Flask, boto3, ...) is reused rather than downloaded. A venv is rebuilt only
# when its requirements file changes. `npm test` runs this first (pretest).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
  echo "python-tools: $*" >&2
  exit 1
}

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 ||
  fail "python3 is required for the checkov and moto tests and was not found; install Python 3.9 or newer (or set PYTHON)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' ||
  fail "$("$PYTHON" --version 2>&1) is too old for checkov and moto; install Python 3.9 or newer"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null ||
  fail "$PYTHON cannot create virtual environments; install its venv module (Debian: apt-get install python3-venv)"

# ensure_venv NAME REQUIREMENTS MODULE
# (tools are run as modules: a requirement the machine already satisfies installs no
# console script into the venv)
ensure_venv() {
  local name="$1" requirements="$2" module="$3"
  local dir=".venv/$name"
  local stamp
  stamp="$dir/.requirements-$(sha256sum "$requirements" | cut -c1-16)"
  if [ -f "$stamp" ] && "$dir/bin/python" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('${module%%.*}') is None)" 2>/dev/null; then
    return 0
  fi
  echo "python-tools: installing $name into $dir (from $requirements)"
  rm -rf "$dir"
  "$PYTHON" -m venv --system-site-packages "$dir" || fail "could not create $dir"
  if ! "$dir/bin/python" -m pip install --disable-pip-version-check --quiet -r "$requirements" >"$dir.install.log" 2>&1; then
    tail -20 "$dir.install.log" >&2
    fail "could not install $name from $requirements (full log: $dir.install.log); the tests that need it cannot run"
  fi
  "$dir/bin/python" -c "import $module" || fail "$name installed but $dir/bin/python cannot import $module"
  rm -f "$dir.install.log"
  touch "$stamp"
}

mkdir -p .venv
ensure_venv moto requirements/moto.txt moto.server
ensure_venv checkov requirements/checkov.txt checkov.main
ensure_venv athena requirements/athena.txt duckdb
