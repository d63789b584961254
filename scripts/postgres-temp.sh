#!/usr/bin/env bash
# A throwaway PostgreSQL server in a folder, on a free loopback port, for tests, the cluster script and the bench.
#   postgres-temp.sh start DIR   initialises DIR, starts the server and prints its postgres:// URL
#   postgres-temp.sh stop DIR    stops it (the folder stays; delete it afterwards)
# initdb refuses to run as root: as root the server runs as Debian's `postgres` user.
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:?start or stop}
dir=$(realpath -m "${2:?folder}")
bin=$(bash scripts/ensure-postgres.sh)

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    # Durability is not what a throwaway server is for: fsync off makes it several times faster on a busy disk.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
