#!/usr/bin/env bash
# README command 2: the whole test suite (unit, integration against the real services, end to end).
# Installs and starts what the tests need first, so it works from a fresh clone on a machine with nothing running.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=${NX_DAEMON:-false} NX_NO_CLOUD=true
export WITH_S3=1 WITH_BROWSER=1 WITH_TEST_DB=1 WITH_NGINX=1
# The tests' databases live in their own cluster (services.sh), which trades durability for speed; the platform's
# cluster on 5432 stays durable.
export TEST_ADMIN_DATABASE_URL=${TEST_ADMIN_DATABASE_URL:-postgresql://arena:arena@127.0.0.1:${TEST_PG_PORT:-5433}/postgres}
bash deploy/install.sh
bash deploy/services.sh
# The images the image tests run are built from Debian packages (minutes, mostly waiting on the mirror and the disk):
# started now in the background so that they overlap the build and the first tests; each test that needs them waits
# for its build to end (the scripts take a lock) and builds again only what is still missing, with the error if any.
# Only for the whole suite (no arguments): a chosen test file builds what it needs itself.
mkdir -p artifacts
whole=$(( $# == 0 ))
early() { [ "$whole" = 1 ] && [ "${EARLY_IMAGES:-1}" = 1 ] && { bash "deploy/$1.sh" > "artifacts/$1.log" 2>&1 & } || true; }
early build-service-images
early build-node-image
# The lint gate (ESLint, type-aware, and Prettier) before anything is built, so CI fails fast on it. A chosen test file
# skips it; `npm run lint` runs it alone.
if [ "$whole" = 1 ]; then npm run lint; fi
npx nx run-many -t typecheck build --output-style=static
early build-app-images
npx vitest run "$@"
