#!/usr/bin/env bash
# PostgreSQL + redis-server in a temp folder on free loopback ports and N replicas pointed at them (see src/cli/cluster.ts).
#   bash scripts/cluster.sh --replicas 2
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node_modules/.bin/tsx src/cli/cluster.ts "$@"
