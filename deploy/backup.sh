#!/usr/bin/env bash
# Backs up the running platform: database (one pg_dump snapshot), stored objects (the STORAGE_DIR folder or the S3
# bucket) consistent with it, and the organizer queues' broker definitions, into <destination>/arena-backup-<time>/.
# Safe while the API and workers run. Reads .env when present, as run-platform.sh does.   Usage: deploy/backup.sh [destination]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
exec node deploy/backup/main.mjs backup "$@"
