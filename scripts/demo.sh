#!/usr/bin/env bash
# The demo: set-up, the local sandbox (ARM emulator, registries with ACR auth, Event Grid delivery, scout-acr
# server) in the background, then scout-acr end to end against it. The sandbox keeps running afterwards so you can
# explore; stop it with `pnpm sandbox down`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${SCOUT_ACR_DEMO_SKIP_SETUP:-}" = 1 ] || bash scripts/setup.sh
pnpm --silent sandbox up
# shellcheck disable=SC1091
source "${SCOUT_ACR_SANDBOX_DIR:-.sandbox}/env"
pnpm --silent demo
