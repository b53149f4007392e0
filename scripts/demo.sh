#!/usr/bin/env bash
# npm run demo: install if needed, services up, migrate, seed, build, then run the API and one
# worker until Ctrl-C, after proving the queue round trip.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/quiet.sh

bash scripts/ensure-install.sh
if [ -f .env ]; then set -a; . ./.env; set +a; fi
export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/frontier}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
export PORT="${PORT:-3000}"
# The API refuses anonymous mutations; a bootstrap admin key lets the demo (and you) call it.
export ADMIN_API_KEY="${ADMIN_API_KEY:-demo-$(node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))')}"
bash scripts/services.sh
quiet npm run --silent prisma:generate
npm run --silent migrate
npm run --silent seed
echo "demo: building (tsc)"
npm run --silent build

mkdir -p logs
node dist/main.js >logs/api.log 2>&1 &
api=$!
node dist/worker.js >logs/worker.log 2>&1 &
worker=$!

stop() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping the API ($api) and the worker ($worker)"
  kill -TERM "$api" "$worker" 2>/dev/null || true
  wait "$api" "$worker" 2>/dev/null || true
}
# Ctrl-C / SIGTERM: forward SIGTERM to both (they finish their current requests and jobs), then end.
trap 'stop; exit 0' INT TERM
trap stop EXIT

base="http://localhost:$PORT"
show_logs() {
  echo "demo: last lines of logs/api.log and logs/worker.log:" >&2
  tail -n 5 logs/api.log logs/worker.log >&2 || true
}
# The queue round trip, then the preset as a Monte Carlo run through the queue, with its KPIs.
if ! node scripts/lib/demo-check.mjs "$base"; then show_logs; exit 1; fi
if ! node scripts/lib/demo-run.mjs "$base" "${DEMO_PATHS:-200}"; then show_logs; exit 1; fi

cat <<MSG

  GraphQL:  $base/graphql
  Health:   $base/health
  Logs:     logs/api.log, logs/worker.log (JSON lines)
  API key:  $ADMIN_API_KEY  (admin; set ADMIN_API_KEY to choose your own)

  Try:
    curl -s $base/graphql -H 'content-type: application/json' \\
      -H "authorization: Bearer $ADMIN_API_KEY" \\
      -d '{"query":"{ scenarios { edges { node { name } } } }"}'
    curl -s $base/graphql -H 'content-type: application/json' \\
      -H "authorization: Bearer $ADMIN_API_KEY" \\
      -d '{"query":"mutation { pingQueue(message: \\"hi\\") { id state } }"}'

  Serving until Ctrl-C.
MSG
# Returns when either process exits (or on Ctrl-C, through the trap).
wait -n "$api" "$worker" || true
echo "demo: a process exited; see logs/" >&2
exit 1
