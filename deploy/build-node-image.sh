#!/bin/bash
# Builds arena/node:20-local, a stand-in for the official node:20-bookworm-slim base that deploy/Dockerfile starts
# from, without any registry: Debian bookworm (debootstrap minbase from the machine's own mirror) with this machine's
# Node 20 and npm in the official image's places (/usr/local/bin, /usr/local/lib/node_modules), tini, and the user
# `node` (uid and gid 1000) as in the official image, then `docker import`. Only built when missing (FORCE=1
# rebuilds; NODE_BASE_IMAGE names another tag). Needs a running dockerd and Node 20 on PATH. Run as root.
set -euo pipefail
# One build at a time: deploy/test.sh starts this early in the background, and a test that needs it waits here, then
# finds the images built.
exec 9>"/tmp/arena-$(basename "$0" .sh).lock"; flock 9
IMAGE=${NODE_BASE_IMAGE:-arena/node:20-local}
if [ "${FORCE:-0}" != 1 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "base image present: $IMAGE (FORCE=1 rebuilds)"; exit 0
fi
started=$SECONDS
node_bin=$(readlink -f "$(command -v node)")
case "$("$node_bin" --version)" in v20.*) ;; *) echo "Node 20 is needed on PATH, found $("$node_bin" --version)" >&2; exit 1 ;; esac
npm_dir=$(readlink -f "$(dirname "$node_bin")/../lib/node_modules/npm")
[ -f "$npm_dir/bin/npm-cli.js" ] || { echo "npm not found beside $node_bin (looked in $npm_dir)" >&2; exit 1; }
WORK=${WORK:-/tmp/arena-node-rootfs}
root=$WORK/rootfs
. "$(dirname "$0")/lib/debian-rootfs.sh"
debian_rootfs "$WORK" "$root"
echo "  debootstrap done at $((SECONDS - started)) s"
chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive /bin/sh -c '
  apt-get update -qq && apt-get -y -qq upgrade >/dev/null && apt-get install -y -qq --no-install-recommends tini >/dev/null
  apt-get clean && rm -rf /var/lib/apt/lists/*
  groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node'
# The official image's layout, so the Dockerfile reads the same on both bases.
install -m 0755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
# Nothing here is read at run time; the image is never updated in place (it is rebuilt).
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
  "$root"/var/cache/debconf/*-old "$root"/var/log/*.log "$root"/var/cache/apt/*.bin
: > "$root/etc/resolv.conf"; rm -f "$root/etc/dpkg/dpkg.cfg.d/arena-unsafe-io"
tar -C "$root" -c . | docker import -c 'ENV NODE_VERSION='"$("$node_bin" --version | tr -d v)" \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["node"]' - "$IMAGE" >/dev/null
docker run --rm --user node "$IMAGE" sh -c 'node -e "process.stdout.write(process.version)" && echo " npm $(npm --version) tini $(tini --version | cut -d" " -f3) as $(id -un)"'
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$IMAGE"
echo "base image built in $((SECONDS - started)) s"
rm -rf "$WORK"
