#!/usr/bin/env bash
# The test command: set-up, lint and format check, type check, then every suite (unit and end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm lint
pnpm typecheck
pnpm test "$@"
