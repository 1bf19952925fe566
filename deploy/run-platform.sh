#!/usr/bin/env bash
# Starts the built API and one compute worker in the background (left running), unless they already answer.
# Logs and pids go to .arena/. Reads .env when present; otherwise the embedded defaults apply.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .arena/logs
if [ -f .env ]; then set -a; . ./.env; set +a; fi
export PORT=${PORT:-3000}
api="http://127.0.0.1:$PORT"
export WORKER_IMAGE_MAP=${WORKER_IMAGE_MAP-"codalab/codalab-legacy:*=arena/codalab-legacy:py3,codalab/*=arena/codalab-legacy:py3"}
export ARENA_API_URL=${ARENA_API_URL:-$api}

npx typeorm migration:run -d dist/apps/api/data-source.js >/dev/null
echo "database migrated"

if curl -sf -m 2 "$api/api/health" >/dev/null; then
  echo "API already running at $api"
else
  nohup node --enable-source-maps ${API_NODE_OPTS:-} dist/apps/api/main.js >>.arena/logs/api.log 2>&1 &
  echo $! > .arena/api.pid
  for _ in $(seq 1 120); do curl -sf -m 2 "$api/api/health" >/dev/null && break; sleep 0.25; done
  curl -sf -m 2 "$api/api/health" >/dev/null || { echo "API did not start; see .arena/logs/api.log"; tail -n 20 .arena/logs/api.log; exit 1; }
  echo "API started (pid $(cat .arena/api.pid))"
fi

if [ -f .arena/worker.pid ] && kill -0 "$(cat .arena/worker.pid)" 2>/dev/null; then
  echo "worker already running (pid $(cat .arena/worker.pid))"
else
  nohup node --enable-source-maps dist/apps/compute-worker/main.js >>.arena/logs/worker.log 2>&1 &
  echo $! > .arena/worker.pid
  sleep 1
  kill -0 "$(cat .arena/worker.pid)" 2>/dev/null || { echo "worker did not start; see .arena/logs/worker.log"; tail -n 20 .arena/logs/worker.log; exit 1; }
  echo "worker started (pid $(cat .arena/worker.pid))"
fi
