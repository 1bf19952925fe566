#!/usr/bin/env bash
# Installs what the platform needs on a fresh Debian bookworm (as root): system packages and npm dependencies.
# Idempotent: a second run installs nothing new.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
# iproute2: the multi-host test's network namespaces (ip netns, veth).
for pkg in curl ca-certificates python3 docker.io docker-compose postgresql rabbitmq-server debootstrap wrk iproute2; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${WITH_S3:-0}" = 1 ]; then
  for pkg in ceph-mon ceph-osd radosgw ceph-common uuid-runtime; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
fi
# The web app's browser tests drive Debian's Chromium (playwright-core, no browser download).
if [ "${WITH_BROWSER:-0}" = 1 ]; then
  for pkg in chromium fonts-liberation; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
fi
# The two-API test puts Debian's nginx in front of two API processes (the tests run it themselves, on their own port).
if [ "${WITH_NGINX:-0}" = 1 ]; then
  dpkg -s nginx >/dev/null 2>&1 || need+=(nginx)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "${need[@]}" >/dev/null
fi
# `npm ci` refuses a lock made on a registry mirror without every platform's binaries; install honours the lock.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund --loglevel=error
fi
