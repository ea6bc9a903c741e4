#!/usr/bin/env bash
# Starts and stops a throw-away PostgreSQL 15 on 127.0.0.1 for tests and benchmarks.
#
#   postgres.sh start DIR   initdb DIR/data on first use, start on a free port (or the port used
#                           before, so a restart keeps the address); prints PORT=... and DSN=...
#   postgres.sh stop DIR    fast shutdown through pg_ctl (waits)
#   postgres.sh kill DIR    immediate shutdown (like a crash; for fault injection)
#
# Listens on 127.0.0.1 only (and a Unix socket inside DIR), trust auth, fsync off. As root the
# server runs as the `postgres` user (initdb/pg_ctl refuse root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "${here}/common.sh"
SERVICE_USER=postgres
bin=/usr/lib/postgresql/15/bin
cmd=${1:?usage: postgres.sh start|stop|kill DIR}
dir=${2:?usage: postgres.sh start|stop|kill DIR}

case "${cmd}" in
  start)
    mkdir -p "${dir}"
    if [[ $(id -u) == 0 ]]; then chown "${SERVICE_USER}" "${dir}"; fi
    if [[ ! -f "${dir}/data/PG_VERSION" ]]; then
      as_service_user "${bin}/initdb" -D "${dir}/data" -A trust -U postgres --no-sync \
        >"${dir}/initdb.log" 2>&1 || { cat "${dir}/initdb.log" >&2; exit 1; }
    fi
    if [[ -f "${dir}/port" ]]; then port=$(cat "${dir}/port"); else port=$(free_port); fi
    echo "${port}" >"${dir}/port"
    as_service_user "${bin}/pg_ctl" -D "${dir}/data" -l "${dir}/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p ${port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -k ${dir}" \
      start >/dev/null || { tail -20 "${dir}/server.log" >&2; exit 1; }
    head -1 "${dir}/data/postmaster.pid" >"${dir}/pid"
    echo "PORT=${port}"
    echo "PID=$(cat "${dir}/pid")"
    echo "DSN=host=127.0.0.1 port=${port} user=postgres dbname=postgres"
    ;;
  stop | kill)
    mode=fast
    [[ "${cmd}" == kill ]] && mode=immediate
    if [[ -f "${dir}/data/postmaster.pid" ]]; then
      as_service_user "${bin}/pg_ctl" -D "${dir}/data" -m "${mode}" -w -t 30 stop >/dev/null
    fi
    ;;
  *)
    echo "unknown command ${cmd}" >&2
    exit 2
    ;;
esac
