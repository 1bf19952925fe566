#!/bin/bash
# Entry point of the local stand-ins for the registry images deploy/docker-compose.yml names (made by
# deploy/build-service-images.sh from Debian packages). Each reads the variables its official image reads:
#   standin.sh postgres   postgres:15                POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB; data in PGDATA
#   standin.sh rabbitmq   rabbitmq:3.13-management   RABBITMQ_DEFAULT_USER, RABBITMQ_DEFAULT_PASS; management on 15672
#   standin.sh s3         minio/minio                MINIO_ROOT_USER, MINIO_ROOT_PASSWORD; S3 on 9000 (Ceph radosgw,
#                                                    data in memory); minio's own arguments (`server /data`) are ignored,
#                                                    and `mc ready local` (standins/mc) answers as MinIO's does
set -euo pipefail
role=${1:?postgres, rabbitmq or s3}
as() { local user=$1; shift; exec setpriv --reuid="$user" --regid="$user" --init-groups "$@"; }
case $role in
postgres)
  bin=/usr/lib/postgresql/15/bin
  data=${PGDATA:-/var/lib/postgresql/data}
  user=${POSTGRES_USER:-postgres}
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
  mkdir -p "$data" /run/postgresql
  chown postgres:postgres "$data" /run/postgresql
  chmod 700 "$data"
  if [ ! -s "$data/PG_VERSION" ]; then
    pw=$(mktemp); printf '%s\n' "$POSTGRES_PASSWORD" > "$pw"; chown postgres "$pw"
    setpriv --reuid=postgres --regid=postgres --init-groups "$bin/initdb" -D "$data" -U "$user" --pwfile="$pw" \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    rm -f "$pw"
    echo "host all all all scram-sha-256" >> "$data/pg_hba.conf"
    echo "listen_addresses = '*'" >> "$data/postgresql.conf"
    db=${POSTGRES_DB:-$user}
    if [ "$db" != postgres ]; then
      setpriv --reuid=postgres --regid=postgres --init-groups "$bin/pg_ctl" -D "$data" -w -o "-c listen_addresses=''" start >/dev/null
      setpriv --reuid=postgres --regid=postgres --init-groups "$bin/createdb" -U "$user" "$db"
      setpriv --reuid=postgres --regid=postgres --init-groups "$bin/pg_ctl" -D "$data" -w stop >/dev/null
    fi
  fi
  as postgres "$bin/postgres" -D "$data"
  ;;
rabbitmq)
  dir=/var/lib/rabbitmq
  cat > /etc/rabbitmq/rabbitmq.conf <<CONF
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
default_user_tags.administrator = true
loopback_users = none
management.tcp.port = 15672
consumer_timeout = 7200000
CONF
  echo '[rabbitmq_management].' > /etc/rabbitmq/enabled_plugins
  mkdir -p "$dir/mnesia" /var/log/rabbitmq
  chown -R rabbitmq:rabbitmq "$dir" /var/log/rabbitmq
  export HOME=$dir RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=/var/log/rabbitmq RABBITMQ_LOGS=-
  as rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server
  ;;
s3)
  ceph=/var/lib/ceph-standin
  # A restarted container starts over (memstore: the data died with the old daemons), and without their pid files,
  # whose numbers may now belong to this container's own processes.
  rm -rf "$ceph" /run/standin-s3.ready
  RGW_PORT=9000 RGW_BIND=0.0.0.0 RGW_DNS_NAME="" MEMSTORE_BYTES=${MEMSTORE_BYTES:-1073741824} CEPH_DIR=$ceph \
    S3_ACCESS_KEY=${MINIO_ROOT_USER:?MINIO_ROOT_USER is required} S3_SECRET_KEY=${MINIO_ROOT_PASSWORD:?MINIO_ROOT_PASSWORD is required} \
    /usr/local/bin/start-ceph-rgw.sh
  touch /run/standin-s3.ready   # read by `mc ready local` (the compose health check), as in the MinIO image
  # The daemons run detached: the container lives as long as the gateway does (a stop ends this shell, then tini).
  rgw=$(cat "$ceph/run/client.rgw.a.pid")
  while kill -0 "$rgw" 2>/dev/null; do sleep 2; done
  echo "radosgw exited" >&2; exit 1
  ;;
*) echo "unknown stand-in: $role" >&2; exit 2 ;;
esac
