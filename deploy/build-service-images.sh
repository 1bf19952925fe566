#!/bin/bash
# Builds local stand-ins for the registry images deploy/docker-compose.yml names, from Debian bookworm packages
# (debootstrap minbase from the machine's own mirror, then `docker import`), so that the compose file runs where no
# image can be pulled. One root filesystem holds PostgreSQL 15, RabbitMQ 3.10 with its management plugin and Ceph's
# radosgw (S3), and deploy/standins/standin.sh starts one of them from the variables the official image reads:
#   arena/postgres:15-local     for postgres:15                  (POSTGRES_IMAGE)
#   arena/rabbitmq:3-local      for rabbitmq:3.13-management     (RABBITMQ_IMAGE)
#   arena/s3:ceph-local         for minio/minio                  (MINIO_IMAGE; data in memory, gone at stop)
# The packages layer is built only when missing (FORCE=1 rebuilds it); the per-service layers are cheap and always
# rebuilt from Docker's cache. Needs a running dockerd. Run as root.
set -euo pipefail
# One build at a time: deploy/test.sh starts this early in the background, and a test that needs it waits here, then
# finds the images built.
exec 9>"/tmp/arena-$(basename "$0" .sh).lock"; flock 9
here="$(cd "$(dirname "$0")" && pwd)"
BASE=${SERVICES_BASE_IMAGE:-arena/services:local}
declare -A ROLE=([arena/postgres:15-local]=postgres [arena/rabbitmq:3-local]=rabbitmq [arena/s3:ceph-local]=s3)
have() { docker image inspect "$1" >/dev/null 2>&1; }
started=$SECONDS
old_base=$(docker image inspect -f '{{.Id}}' "$BASE" 2>/dev/null || true)
if [ "${FORCE:-0}" = 1 ] || ! have "$BASE"; then
  WORK=${WORK:-/tmp/arena-services-rootfs}
  root=$WORK/rootfs
  . "$here/lib/debian-rootfs.sh"
  debian_rootfs "$WORK" "$root"
  echo "  debootstrap done at $((SECONDS - started)) s"
  # No cluster at install: the entry point makes one in the data volume, as the official image does.
  mkdir -p "$root/etc/postgresql-common/createcluster.d"
  echo 'create_main_cluster = false' > "$root/etc/postgresql-common/createcluster.d/no-main.conf"
  # Package scripts must not start services inside the chroot.
  printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod +x "$root/usr/sbin/policy-rc.d"
  chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive /bin/sh -c '
    apt-get update -qq && apt-get -y -qq upgrade >/dev/null
    apt-get install -y -qq --no-install-recommends tini curl uuid-runtime postgresql-15 rabbitmq-server \
      ceph-mon ceph-osd radosgw ceph-common >/dev/null
    apt-get clean && rm -rf /var/lib/apt/lists/*'
  echo "  packages installed at $((SECONDS - started)) s"
  rm -f "$root/usr/sbin/policy-rc.d"
  # pg_isready (the compose health check) straight from PostgreSQL 15, not through Debian's cluster wrapper.
  ln -sf /usr/lib/postgresql/15/bin/pg_isready "$root/usr/local/bin/pg_isready"
  rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
    "$root"/var/cache/debconf/*-old "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/var/lib/rabbitmq/mnesia
  : > "$root/etc/resolv.conf"; rm -f "$root/etc/dpkg/dpkg.cfg.d/arena-unsafe-io"
  tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' - "$BASE" >/dev/null
  rm -rf "$WORK"
fi
# One tag per service on the shared packages layer: the scripts (rebuilt in seconds when they change) and what the
# entry point starts.
ctx=$(mktemp -d)
cp "$here/standins/standin.sh" "$here/standins/mc" "$here/start-ceph-rgw.sh" "$ctx/"
for image in "${!ROLE[@]}"; do
  role=${ROLE[$image]}
  printf '%s\n' "FROM $BASE" 'COPY standin.sh mc start-ceph-rgw.sh /usr/local/bin/' \
    "ENTRYPOINT [\"tini\", \"--\", \"/usr/local/bin/standin.sh\", \"$role\"]" \
    "LABEL org.opencontainers.image.description=\"Local stand-in (Debian packages) for the $role service\"" \
    'LABEL arena.standin=1' > "$ctx/Dockerfile"
  DOCKER_BUILDKIT=0 docker build -q -t "$image" "$ctx" >/dev/null 2>&1 || DOCKER_BUILDKIT=0 docker build -t "$image" "$ctx"
done
rm -rf "$ctx"
# What a rebuild replaced: the stand-ins' former tags, then the former packages layer once nothing uses it.
docker image prune -f --filter label=arena.standin=1 >/dev/null
[ -z "$old_base" ] || [ "$old_base" = "$(docker image inspect -f '{{.Id}}' "$BASE")" ] || docker rmi "$old_base" >/dev/null 2>&1 || true
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E '^arena/(services|postgres|rabbitmq|s3):' || true
echo "service stand-ins built in $((SECONDS - started)) s"
