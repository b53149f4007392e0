#!/usr/bin/env bash
# npm test: install if needed, services up, Prisma client, type check, then every jest spec.
# Extra arguments go to jest (e.g. npm test -- test/ping).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/quiet.sh
bash scripts/ensure-install.sh
bash scripts/services.sh
quiet npm run --silent prisma:generate
echo "typecheck: tsc --noEmit"
npx tsc --noEmit -p tsconfig.json
npm run --silent test:jest -- "$@"
