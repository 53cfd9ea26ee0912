#!/usr/bin/env bash
# A throwaway PostgreSQL server for latchkey's tests: a fresh cluster in a temp folder, on a free
# loopback port, trust auth, listening on 127.0.0.1 only. Nothing outside the temp folder changes.
#
#   eval "$(scripts/postgres.sh start)"   # exports LATCHKEY_TEST_PG_URL and LATCHKEY_TEST_PG_DIR
#   npm test                              # runs the PostgreSQL store tests too
#   scripts/postgres.sh stop              # stops it and deletes the folder ($LATCHKEY_TEST_PG_DIR)
#
# Uses Debian's `postgresql` package (apt-get install -y postgresql) or any initdb/pg_ctl on PATH.
# initdb and postgres refuse to run as root: as root, the cluster runs as the `postgres` user.
set -euo pipefail

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

find_bin() {
  local name=$1 candidate
  if command -v "$name" >/dev/null 2>&1 && [ "$(command -v "$name")" != "/usr/bin/$name" ]; then
    command -v "$name"
    return
  fi
  # Debian puts the real binaries under /usr/lib/postgresql/<major>/bin (newest first).
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
    if [ -x "$candidate/$name" ]; then
      echo "$candidate/$name"
      return
    fi
  done
  command -v "$name" 2>/dev/null || die "$name not found: install PostgreSQL (apt-get install -y postgresql)."
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}

start() {
  local initdb pg_ctl dir port
  initdb=$(find_bin initdb)
  pg_ctl=$(find_bin pg_ctl)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/latchkey-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (apt-get install -y postgresql creates it)."
    chown postgres: "$dir"
  fi
  as_owner "$initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; die "initdb failed."; }
  port=$(free_port)
  # -k: the Unix socket in our folder (the default /var/run/postgresql may not exist or be ours).
  # fsync off: a throwaway test database, speed over durability.
  as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >"$dir/pg_ctl.log" 2>&1 ||
    { cat "$dir/pg_ctl.log" "$dir/server.log" >&2 2>/dev/null; rm -rf "$dir"; die "the server did not start."; }
  echo "export LATCHKEY_TEST_PG_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "export LATCHKEY_TEST_PG_DIR=$dir"
}

stop() {
  local dir=${1:-${LATCHKEY_TEST_PG_DIR:-}} pg_ctl
  [ -n "$dir" ] || die "stop needs the folder: scripts/postgres.sh stop <dir>, or LATCHKEY_TEST_PG_DIR from start."
  case "$dir" in
    */latchkey-pg.*) ;;
    *) die "refusing to delete $dir: not a folder made by scripts/postgres.sh start." ;;
  esac
  [ -d "$dir" ] || return 0
  pg_ctl=$(find_bin pg_ctl)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || echo "postgres.sh: pg_ctl stop failed; deleting anyway" >&2
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: eval \"\$($0 start)\"   |   $0 stop [dir]" >&2
    exit 2
    ;;
esac
