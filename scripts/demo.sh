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
trap stop INT TERM EXIT

base="http://localhost:$PORT"
if ! node scripts/lib/demo-check.mjs "$base"; then
  echo "demo: last lines of logs/api.log and logs/worker.log:" >&2
  tail -n 5 logs/api.log logs/worker.log >&2 || true
  exit 1
fi

cat <<MSG

  GraphQL:  $base/graphql
  Health:   $base/health
  Logs:     logs/api.log, logs/worker.log (JSON lines)

  Try:
    curl -s $base/graphql -H 'content-type: application/json' \\
      -d '{"query":"mutation { pingQueue(message: \\"hi\\") { id state } }"}'
    curl -s $base/graphql -H 'content-type: application/json' \\
      -d '{"query":"{ pingJob(id: \\"1\\") { state reply workerPid } }"}'

  Serving until Ctrl-C.
MSG
# Returns when either process exits (or on Ctrl-C, through the trap).
wait -n "$api" "$worker" || true
echo "demo: a process exited; see logs/" >&2
exit 1
