#!/usr/bin/env bash
# Restores a backup made by deploy/backup.sh into the platform that .env (or the embedded defaults) describes: stop the
# API and the workers first. The database and the storage must be empty unless --replace is given (which overwrites
# them); --no-broker skips the organizer queues' broker definitions. Then start the platform with deploy/run-platform.sh.
#   Usage: deploy/restore.sh <backup folder> [--replace] [--no-broker]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f .env ]; then set -a; . ./.env; set +a; fi
exec node deploy/backup/main.mjs restore "$@"
