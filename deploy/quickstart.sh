#!/usr/bin/env bash
# README command 1: on a fresh Debian bookworm as root, from a fresh clone. Installs what the platform needs,
# starts it on embedded defaults (local-filesystem storage), runs the demo competition end to end, and leaves
# the API and one worker running.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=${NX_DAEMON:-false} NX_NO_CLOUD=true
t0=$SECONDS
echo "== installing"; bash deploy/install.sh
echo "== starting services"; bash deploy/services.sh
echo "== building"; npx nx run-many -t build --output-style=static >/dev/null && echo "built dist/"
echo "== starting the platform"; bash deploy/run-platform.sh
echo "== demo"; node deploy/demo.mjs "http://127.0.0.1:${PORT:-3000}"
cat <<MSG

Arena is running ($((SECONDS - t0)) s):
  web app      http://127.0.0.1:${PORT:-3000}/   (the demo: /competitions/<id> as printed above)
  API          http://127.0.0.1:${PORT:-3000}/api
  Swagger UI   http://127.0.0.1:${PORT:-3000}/api/docs   (OpenAPI JSON: /api/docs-json)
  docs         http://127.0.0.1:${PORT:-3000}/docs/   (participants, organizers, administrators, contributors)
  worker       pid $(cat .arena/worker.pid), queue ${WORKER_QUEUE:-arena.jobs}, logs .arena/logs/worker.log
  RabbitMQ UI  http://127.0.0.1:15672 (admin / admin)
Stop: kill \$(cat .arena/api.pid) \$(cat .arena/worker.pid)
MSG
