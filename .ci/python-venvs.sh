#!/usr/bin/env bash
# Creates, once per machine, a Python venv the tests need, from this machine's offline wheel index, and prints its
# interpreter's path as the only line on stdout (progress goes to stderr):
#   export SAGEBOX_TF_PYTHON="$(bash .ci/python-venvs.sh)"               # tensorflow-cpu (the default)
#   export SAGEBOX_SKLEARN_PYTHON="$(bash .ci/python-venvs.sh sklearn)"  # pandas and scikit-learn
# Each venv is cached under $SAGEBOX_VENV_ROOT (default /var/cache/sagebox-venvs) and reused by later runs.
#
# pip's global configuration here may list local file:// indexes only as extra-index-url, which leaves the default
# index first: a plain `pip install` then keeps retrying a host it cannot reach. So the first local index becomes
# PIP_INDEX_URL, the others stay extra indexes, and with no local index at all pip runs --no-index on find-links.
set -euo pipefail

VENV_ROOT="${SAGEBOX_VENV_ROOT:-/var/cache/sagebox-venvs}"
BASE_PYTHON="${SAGEBOX_BASE_PYTHON:-python3}"
WHICH="${1:-tf}"

case "$WHICH" in
  tf) PACKAGES=(tensorflow-cpu); CHECK='import tensorflow as tf; print("tensorflow", tf.__version__)' ;;
  sklearn) PACKAGES=(pandas scikit-learn)
    CHECK='import pandas, sklearn; print("pandas", pandas.__version__, "scikit-learn", sklearn.__version__)' ;;
  *) echo "unknown venv '$WHICH' (tf or sklearn)" >&2; exit 2 ;;
esac
VENV="$VENV_ROOT/$WHICH"
READY="$VENV/.sagebox-ready"

say() { printf '%s\n' "$*" >&2; }

# Every index or find-links value from `pip config list` (global, user, site and env), one per line, in order.
pip_config_values() {
  "$BASE_PYTHON" -m pip config list 2>/dev/null | sed -n -E "s/^[^=]*\.($1)='(.*)'$/\2/p" | tr ' ' '\n' \
    | sed '/^$/d'
}

install_packages() {
  local python="$VENV/bin/python" local_indexes first rest find_links
  local_indexes=$( { pip_config_values 'index-url'; pip_config_values 'extra-index-url'; } | grep '^file://' \
    | awk '!seen[$0]++' || true)
  local args=(--disable-pip-version-check --retries 0 --timeout 5)
  if [ -n "$local_indexes" ]; then
    first=$(printf '%s\n' "$local_indexes" | head -n 1)
    rest=$(printf '%s\n' "$local_indexes" | tail -n +2 | tr '\n' ' ')
    say "pip index: $first${rest:+ (extra: $rest)}"
    PIP_INDEX_URL="$first" PIP_EXTRA_INDEX_URL="$rest" "$python" -m pip install "${args[@]}" "${PACKAGES[@]}" >&2
  else
    find_links=$(pip_config_values 'find-links' | head -n 1)
    if [ -z "$find_links" ]; then
      say "no local pip index or find-links configured; cannot install ${PACKAGES[*]}"
      return 1
    fi
    say "pip: --no-index --find-links $find_links"
    "$python" -m pip install "${args[@]}" --no-index --find-links "$find_links" "${PACKAGES[@]}" >&2
  fi
}

mkdir -p "$VENV_ROOT"
exec 9>"$VENV_ROOT/.lock"
flock 9   # CI jobs sharing the machine build each venv once

if [ ! -f "$READY" ]; then
  if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "$CHECK" >/dev/null 2>&1; then
    say "reusing $VENV (${PACKAGES[*]} import)"
  else
    say "creating $VENV with $("$BASE_PYTHON" --version 2>&1) ($BASE_PYTHON)"
    rm -rf "$VENV"
    "$BASE_PYTHON" -m venv "$VENV"
    install_packages
    "$VENV/bin/python" -c "$CHECK" >&2
  fi
  touch "$READY"
fi
printf '%s\n' "$VENV/bin/python"
