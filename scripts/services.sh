#!/usr/bin/env bash
# Makes PostgreSQL and Redis reachable at DATABASE_URL / REDIS_URL, starting local ones if needed:
# Docker Compose when a Docker engine runs, otherwise Debian's packages (installed when missing).
# Creates the role and database named in DATABASE_URL. Idempotent; never stops anything.
# Needs only bash, node and (for the Debian path) apt-get/pg_ctlcluster: runs before npm ci.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f .env ]; then set -a; . ./.env; set +a; fi
DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/frontier}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
probe() { node scripts/lib/probe.mjs "$@"; }
say() { printf 'services: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  if ! command -v apt-get >/dev/null; then
    say "no Docker engine and no apt-get: start PostgreSQL and Redis yourself, or set DATABASE_URL / REDIS_URL" >&2
    exit 1
  fi
  say "installing $* (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
read -r PG_HOST PG_PORT PG_USER PG_PASSWORD PG_DB <<<"$(probe parse "$DATABASE_URL")"
read -r REDIS_HOST REDIS_PORT _ _ _ <<<"$(probe parse "$REDIS_URL")"

is_local() { case "$1" in 127.0.0.1 | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

wait_for() { # kind url seconds
  local i
  for ((i = 0; i < $3 * 2; i++)); do
    probe "$1" "$2" && return 0
    sleep 0.5
  done
  say "$1 did not answer at $2 within $3 s" >&2
  return 1
}

docker_up() {
  say "starting $* with Docker Compose"
  PG_PORT="$PG_PORT" REDIS_PORT="$REDIS_PORT" docker compose up -d --wait "$@"
}

start_postgres_debian() {
  local installed=0
  if ! command -v pg_ctlcluster >/dev/null; then
    apt_install postgresql
    installed=1
  fi
  local cluster
  cluster=$(pg_lsclusters --no-header 2>/dev/null | awk -v p="$PG_PORT" '$3 == p { print $1 " " $2; exit }')
  if [ -z "$cluster" ]; then
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    say "creating PostgreSQL $version cluster 'frontier' on port $PG_PORT (trust auth on loopback: a dev cluster)"
    as_root pg_createcluster "$version" frontier --port "$PG_PORT" -- --auth-local=trust --auth-host=trust >/dev/null
    cluster="$version frontier"
  fi
  if [ $installed = 1 ]; then
    # Debian's fresh cluster asks for a password over TCP, which the default DATABASE_URL has not:
    # on a cluster this script just installed, trust loopback connections (a dev machine).
    local hba="/etc/postgresql/${cluster/ //}/pg_hba.conf"
    say "trusting loopback connections in $hba (a PostgreSQL this script installed)"
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
    # shellcheck disable=SC2086
    as_root pg_ctlcluster $cluster reload || true
  fi
  say "starting PostgreSQL cluster $cluster"
  # shellcheck disable=SC2086
  as_root pg_ctlcluster $cluster start || true
}

start_redis_debian() {
  if ! command -v redis-server >/dev/null; then
    apt_install redis-server
  fi
  say "starting redis-server on 127.0.0.1:$REDIS_PORT (no persistence: a dev server)"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
}

need_pg=0 need_redis=0
probe postgres "$DATABASE_URL" || need_pg=1
probe redis "$REDIS_URL" || need_redis=1

if [ $((need_pg + need_redis)) -gt 0 ]; then
  if { [ $need_pg = 1 ] && ! is_local "$PG_HOST"; } || { [ $need_redis = 1 ] && ! is_local "$REDIS_HOST"; }; then
    say "DATABASE_URL ($PG_HOST) or REDIS_URL ($REDIS_HOST) points at a remote host that does not answer; not starting anything" >&2
    exit 1
  fi
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    wanted=()
    [ $need_pg = 1 ] && wanted+=(postgres)
    [ $need_redis = 1 ] && wanted+=(redis)
    docker_up "${wanted[@]}"
  else
    [ $need_pg = 1 ] && start_postgres_debian
    [ $need_redis = 1 ] && start_redis_debian
  fi
fi

wait_for postgres "$DATABASE_URL" 30
wait_for redis "$REDIS_URL" 30

# Role and database from DATABASE_URL. Connect as the URL's user first; when that role does not
# exist yet, fall back to the local superuser over the Unix socket (Debian's peer auth).
ADMIN_URL="$(node -e 'const u=new URL(process.argv[1]); u.pathname="/postgres"; console.log(u.toString())' "$DATABASE_URL")"
psql_admin() {
  if psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -qtA "$@" 2>/dev/null; then return 0; fi
  if is_local "$PG_HOST" && command -v runuser >/dev/null && id postgres >/dev/null 2>&1; then
    as_root runuser -u postgres -- psql -p "$PG_PORT" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
  else
    psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -qtA "$@"
  fi
}
if ! command -v psql >/dev/null; then
  say "psql not found: skipping the role/database check (create database '$PG_DB' yourself if missing)"
  exit 0
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
  say "creating role $PG_USER"
  if [ "$PG_PASSWORD" = - ]; then
    psql_admin -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB"
  else
    psql_admin -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
  fi
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
  say "creating database $PG_DB"
  psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\""
fi
say "PostgreSQL at $PG_HOST:$PG_PORT/$PG_DB and Redis at $REDIS_HOST:$REDIS_PORT are up"
