#!/usr/bin/env bash
# Installs dependencies from the lockfile when node_modules is missing or older than the lockfile.
# Plain bash + npm: it is what makes a fresh clone work, so it cannot need node_modules itself.
set -euo pipefail
cd "$(dirname "$0")/.."
marker=node_modules/.package-lock.json # written by npm at the end of every install
if [ ! -f "$marker" ] || [ package-lock.json -nt "$marker" ]; then
  echo "install: npm ci (node_modules missing or older than package-lock.json)"
  npm ci --no-audit --no-fund --loglevel=error
fi
