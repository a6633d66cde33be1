#!/usr/bin/env bash
# The demo: set-up, then a walk through what scout-acr does today against the local test world.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm --silent demo
