#!/usr/bin/env bash
# Starts (or leaves running) the services the platform uses: Docker engine, PostgreSQL, RabbitMQ with its
# management API, the scoring images, and with WITH_S3=1 a Ceph radosgw S3 server (WITH_TEST_DB=1: the tests'
# PostgreSQL cluster too). Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export DEBIAN_FRONTEND=noninteractive
step() { local t=$SECONDS; "$@"; echo "  ($((SECONDS - t)) s)"; }
step bash "$here/start-docker.sh"
step bash "$here/start-postgres.sh"
# The tests' own cluster (deploy/test.sh): fsync and the like off for speed, on another port, never the platform's data.
if [ "${WITH_TEST_DB:-0}" = 1 ]; then
  step env PG_CLUSTER=tests PG_PORT="${TEST_PG_PORT:-5433}" PG_DURABLE=0 PG_DBS= bash "$here/start-postgres.sh"
fi
step bash "$here/start-rabbitmq.sh"
step bash "$here/build-python-images.sh"
if [ "${WITH_S3:-0}" = 1 ]; then step bash "$here/start-ceph-rgw.sh"; fi
