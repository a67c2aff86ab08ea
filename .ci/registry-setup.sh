#!/usr/bin/env bash
# Installs what the `sagebox images pull` tests need for a registry with basic auth on a loopback port, as root:
# Debian's docker-registry (the Distribution registry) and apache2-utils (htpasswd -B). Idempotent: installs only
# what is missing. The tests start and stop their own registry on a free 127.0.0.1 port (LoopbackRegistry.java), so
# nothing runs after this script; the Debian package's own service, if the package starts one, is stopped so that it
# holds no port.
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive

log() { printf '== registry-setup: %s\n' "$*"; }

[ "$(id -u)" -eq 0 ] || { echo "registry-setup.sh must run as root" >&2; exit 1; }

missing=()
command -v docker-registry >/dev/null 2>&1 || missing+=(docker-registry)
command -v htpasswd >/dev/null 2>&1 || missing+=(apache2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  for attempt in 1 2; do
    if apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; then
      break
    fi
    [ "$attempt" -eq 2 ] && exit 1
    echo "apt-get failed (attempt $attempt); retrying in 10 s" >&2
    sleep 10
  done
else
  log "docker-registry and htpasswd already installed"
fi

# The package's service listens on port 5000 when systemd starts it; the tests do not want it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet docker-registry 2>/dev/null; then
  log "stopping the packaged docker-registry service"
  systemctl stop docker-registry || true
fi
log "ready: $(command -v docker-registry), $(command -v htpasswd)"
