#!/usr/bin/env bash
# Creates, once per machine, the Python venv the TensorFlow tests need, from this machine's offline wheel index, and
# prints its interpreter's path as the only line on stdout (progress goes to stderr):
#   export SAGEBOX_TF_PYTHON="$(bash .ci/python-venvs.sh)"
# The venv is cached under $SAGEBOX_VENV_ROOT (default /var/cache/sagebox-venvs) and reused by later runs.
#
# pip's global configuration here may list local file:// indexes only as extra-index-url, which leaves the default
# index first: a plain `pip install` then keeps retrying a host it cannot reach. So the first local index becomes
# PIP_INDEX_URL, the others stay extra indexes, and with no local index at all pip runs --no-index on find-links.
set -euo pipefail

VENV_ROOT="${SAGEBOX_VENV_ROOT:-/var/cache/sagebox-venvs}"
TF_VENV="$VENV_ROOT/tf"
BASE_PYTHON="${SAGEBOX_BASE_PYTHON:-python3}"
READY="$TF_VENV/.sagebox-ready"

say() { printf '%s\n' "$*" >&2; }

# Every index or find-links value from `pip config list` (global, user, site and env), one per line, in order.
pip_config_values() {
  "$BASE_PYTHON" -m pip config list 2>/dev/null | sed -n -E "s/^[^=]*\.($1)='(.*)'$/\2/p" | tr ' ' '\n' \
    | sed '/^$/d'
}

install_tensorflow() {
  local python="$TF_VENV/bin/python" local_indexes first rest find_links
  local_indexes=$( { pip_config_values 'index-url'; pip_config_values 'extra-index-url'; } | grep '^file://' \
    | awk '!seen[$0]++' || true)
  local args=(--disable-pip-version-check --retries 0 --timeout 5)
  if [ -n "$local_indexes" ]; then
    first=$(printf '%s\n' "$local_indexes" | head -n 1)
    rest=$(printf '%s\n' "$local_indexes" | tail -n +2 | tr '\n' ' ')
    say "pip index: $first${rest:+ (extra: $rest)}"
    PIP_INDEX_URL="$first" PIP_EXTRA_INDEX_URL="$rest" "$python" -m pip install "${args[@]}" tensorflow-cpu >&2
  else
    find_links=$(pip_config_values 'find-links' | head -n 1)
    if [ -z "$find_links" ]; then
      say "no local pip index or find-links configured; cannot install tensorflow-cpu"
      return 1
    fi
    say "pip: --no-index --find-links $find_links"
    "$python" -m pip install "${args[@]}" --no-index --find-links "$find_links" tensorflow-cpu >&2
  fi
}

mkdir -p "$VENV_ROOT"
exec 9>"$VENV_ROOT/.lock"
flock 9   # CI jobs sharing the machine build the venv once

if [ ! -f "$READY" ]; then
  if [ -x "$TF_VENV/bin/python" ] && "$TF_VENV/bin/python" -c 'import tensorflow' >/dev/null 2>&1; then
    say "reusing $TF_VENV (tensorflow imports)"
  else
    say "creating $TF_VENV with $("$BASE_PYTHON" --version 2>&1) ($BASE_PYTHON)"
    rm -rf "$TF_VENV"
    "$BASE_PYTHON" -m venv "$TF_VENV"
    install_tensorflow
    "$TF_VENV/bin/python" -c 'import tensorflow as tf; print("tensorflow", tf.__version__)' >&2
  fi
  touch "$READY"
fi
printf '%s\n' "$TF_VENV/bin/python"
