#!/bin/bash
# Builds the platform's images, arena/api and arena/worker, from deploy/Dockerfile without any registry: the base is
# arena/node:20-local (deploy/build-node-image.sh, made when missing), and dist/ (built beforehand: npm run build)
# with the production dependencies is staged in deploy/image-stage/ and taken as it is (APP_FROM=prebuilt), so the
# build fetches nothing. Reruns are fast: the dependencies are staged again only when package.json or the lock
# changed, and Docker's cache keeps every layer whose input did not change. Needs BuildKit, which skips the stage that
# builds from source: `docker buildx`, or a docker client before 23 (Debian's docker.io) with DOCKER_BUILDKIT=1.
# API_IMAGE, WORKER_IMAGE and NODE_BASE_IMAGE name other tags. Run as root, from anywhere.
set -euo pipefail
# One build at a time: deploy/test.sh starts this early in the background, and a test that needs it waits here, then
# finds the images built.
exec 9>"/tmp/arena-$(basename "$0" .sh).lock"; flock 9
cd "$(dirname "$0")/.."
API_IMAGE=${API_IMAGE:-arena/api}
WORKER_IMAGE=${WORKER_IMAGE:-arena/worker}
export NODE_BASE_IMAGE=${NODE_BASE_IMAGE:-arena/node:20-local}
started=$SECONDS
bash deploy/build-node-image.sh
for built in dist/apps/api/main.js dist/apps/web/index.html dist/docs/index.html dist/apps/cli/main.js \
  dist/apps/compute-worker/main.js dist/apps/compute-worker/healthcheck.js; do
  [ -f "$built" ] || { echo "$built is missing: build first (npm run build)" >&2; exit 1; }
done

stage=deploy/image-stage
key=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
if [ "$(cat "$stage/.deps-key" 2>/dev/null)" != "$key" ]; then
  rm -rf "$stage/node_modules" "$stage/.deps-key"
  cp package.json package-lock.json "$stage/"
  # Production dependencies only: no dev tools, and no optional extras (native speed-ups with install scripts, the
  # optional peers that the dev tools satisfy, such as ts-node for typeorm).
  (cd "$stage" && npm install --omit=dev --omit=optional --ignore-scripts --prefer-offline \
    --no-audit --no-fund --loglevel=error)
  echo "$key" > "$stage/.deps-key"
  echo "  production dependencies staged at $((SECONDS - started)) s"
fi
cp package.json "$stage/"
rm -rf "$stage/dist"; mkdir -p "$stage/dist/apps"
cp -a dist/apps/api dist/apps/web dist/apps/cli dist/apps/compute-worker "$stage/dist/apps/"
cp -a dist/docs "$stage/dist/"

buildkit_build() {
  if docker buildx version >/dev/null 2>&1; then docker buildx build --load "$@"; return; fi
  local cli version
  for cli in docker /usr/bin/docker; do
    version=$("$cli" version --format '{{.Client.Version}}' 2>/dev/null) || continue
    case $version in 1[0-9].* | 2[0-2].*) DOCKER_BUILDKIT=1 "$cli" build "$@"; return ;; esac
  done
  echo "BuildKit is needed: install docker buildx, or use a docker client before 23 with DOCKER_BUILDKIT=1" >&2
  return 1
}
args=(-f deploy/Dockerfile --build-arg "NODE_IMAGE=$NODE_BASE_IMAGE" --build-arg APP_FROM=prebuilt
  --build-arg "VERSION=$(node -p 'require("./package.json").version')"
  --build-arg "REVISION=$(git rev-parse HEAD 2>/dev/null || true)"
  --build-arg "SOURCE=$(git remote get-url origin 2>/dev/null || true)")
quiet=(); [ "${VERBOSE:-0}" = 1 ] || quiet=(--quiet)
buildkit_build "${args[@]}" "${quiet[@]}" --target api -t "$API_IMAGE" . >/dev/null
buildkit_build "${args[@]}" "${quiet[@]}" --target worker -t "$WORKER_IMAGE" . >/dev/null
docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^($API_IMAGE|$WORKER_IMAGE|$NODE_BASE_IMAGE)(:latest)? " || true
echo "platform images built in $((SECONDS - started)) s"
