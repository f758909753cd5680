#!/usr/bin/env bash
# Installs and starts a local PostgreSQL for the tests and prints the server-level connection string they read
# from CAPSTAN_TEST_POSTGRES. Idempotent; runs as root on Debian 12:
#   export CAPSTAN_TEST_POSTGRES="$(bash .ci/postgres.sh)"
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  log "installing postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters --no-header | awk '{ print $1, $2 }' | grep -qx "$version main"; then
  log "creating cluster $version/main"
  pg_createcluster "$version" main --port 5432 >&2
fi
# Parallel test classes each hold a pool; the default of 100 connections is too few for the suite.
if [ "$(pg_conftool "$version" main show max_connections 2>/dev/null | awk '{ print $3 }')" != "300" ]; then
  pg_conftool "$version" main set max_connections 300
  if pg_ctlcluster "$version" main status >/dev/null 2>&1; then
    log "restarting cluster $version/main for max_connections"
    pg_ctlcluster "$version" main restart >&2
  fi
fi
if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
  log "starting cluster $version/main"
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p 5432 || { log "the server did not come up on 127.0.0.1:5432"; exit 1; }

runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres >&2 <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'capstan') THEN
    CREATE ROLE capstan;
  END IF;
END
$$;
ALTER ROLE capstan LOGIN CREATEDB PASSWORD 'capstan';
SQL

echo "Host=127.0.0.1;Port=5432;Username=capstan;Password=capstan;Database=postgres"
