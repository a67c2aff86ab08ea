#!/usr/bin/env bash
# Makes a Docker engine and the Docker runtime's test images available on a Debian 12 machine, as root. Idempotent:
# installs docker.io only when dockerd is missing, starts dockerd only when no engine answers, and builds only the
# images that are not there yet. No registry is reachable, so images are built from local root filesystems.
#
# The engine runs with --iptables=false --ip6tables=false --bridge=none: with iptables on, dockerd rewrites the host
# firewall. Without a bridge it offers only the host and none networks, which is what Sagebox uses.
#
# Images (listed once for the tests in src/test/java/dev/sagebox/testing/TestImages.java):
#   sagebox-test/busybox:1  a busybox-static root filesystem (/bin/sh, nc, ...)
#   sagebox-test/python:1   debootstrap --variant=minbase --include=python3 bookworm; its tarball is cached under
#                           /var/cache/sagebox-test-images so later runs skip debootstrap
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
CACHE=/var/cache/sagebox-test-images
DOCKERD_LOG=/var/log/sagebox-dockerd.log
BUSYBOX_IMAGE=sagebox-test/busybox:1
PYTHON_IMAGE=sagebox-test/python:1

log() { printf '== docker-setup: %s\n' "$*"; }

apt_install() {
  local attempt
  for attempt in 1 2; do
    if apt-get update -q && apt-get install -y -q "$@"; then
      return 0
    fi
    echo "apt-get failed (attempt $attempt); retrying in 10 s" >&2
    sleep 10
  done
  return 1
}

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  [ -x /bin/busybox ] && /bin/busybox --list >/dev/null 2>&1 && file_is_static /bin/busybox || missing+=(busybox-static)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

# A dynamically linked busybox would not run in an image without a libc.
file_is_static() {
  ! ldd "$1" >/dev/null 2>&1
}

engine_answers() {
  docker info >/dev/null 2>&1
}

ensure_engine() {
  if engine_answers; then
    log "engine already running ($(docker version --format '{{.Server.Version}} API {{.Server.APIVersion}}'))"
    return 0
  fi
  log "starting dockerd (log: $DOCKERD_LOG)"
  # setsid: the engine outlives this script and the shell that ran it.
  setsid nohup dockerd --iptables=false --ip6tables=false --bridge=none >>"$DOCKERD_LOG" 2>&1 </dev/null &
  local deadline=$((SECONDS + 60))
  until engine_answers; do
    if [ $SECONDS -ge $deadline ]; then
      echo "dockerd did not answer within 60 s; last lines of $DOCKERD_LOG:" >&2
      tail -n 30 "$DOCKERD_LOG" >&2 || true
      return 1
    fi
    sleep 1
  done
  log "engine up ($(docker version --format '{{.Server.Version}} API {{.Server.APIVersion}}'))"
}

image_exists() {
  docker image inspect "$1" >/dev/null 2>&1
}

build_busybox() {
  if image_exists "$BUSYBOX_IMAGE"; then
    log "$BUSYBOX_IMAGE already built"
    return 0
  fi
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  local applet
  for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  tar -C "$root" -c . | docker import -c 'ENV PATH=/bin' -c 'WORKDIR /' - "$BUSYBOX_IMAGE" >/dev/null
  rm -rf "$root"
  log "built $BUSYBOX_IMAGE"
}

# The Debian mirror apt already uses on this machine, so no host name is written here.
debian_mirror() {
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n 1)
  if [ -z "$uri" ]; then
    uri=$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n 1)
  fi
  echo "$uri"
}

build_python() {
  if image_exists "$PYTHON_IMAGE"; then
    log "$PYTHON_IMAGE already built"
    return 0
  fi
  local tarball="$CACHE/python-bookworm-minbase.tar"
  if [ ! -s "$tarball" ]; then
    mkdir -p "$CACHE"
    local root mirror
    root=$(mktemp -d)
    mirror=$(debian_mirror)
    log "debootstrap bookworm with python3 (about a minute) from ${mirror:-the default mirror}"
    debootstrap --variant=minbase --include=python3 bookworm "$root" ${mirror:+"$mirror"} >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -n 30 "$CACHE/debootstrap.log" >&2; rm -rf "$root"; return 1; }
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
  fi
  docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'WORKDIR /' \
    "$tarball" "$PYTHON_IMAGE" >/dev/null
  log "built $PYTHON_IMAGE"
}

[ "$(id -u)" -eq 0 ] || { echo "docker-setup.sh must run as root" >&2; exit 1; }
ensure_packages
ensure_engine
build_busybox
build_python
