#!/usr/bin/env bash
# Starts and stops a throw-away OpenStack Swift with the s3api middleware on 127.0.0.1: an S3
# server that really verifies AWS SigV2/SigV4 signatures (DEPENDENCIES.md). Four daemons (proxy,
# account, container, object), one replica, tempauth user test:tester / testing; plus a second
# proxy serving HTTPS with a throw-away self-signed certificate (TLS_PORT, CA_FILE).
#
#   swift.sh start DIR   configure DIR on first use (rings, devices, configs), start the four
#                        daemons on free ports (the same ports on a restart: the rings name
#                        them) and wait until they answer; prints PORT, ACCESS_KEY, SECRET_KEY
#   swift.sh stop DIR    stop the four daemons by their recorded pids (TERM, then KILL)
#   swift.sh stop-proxy DIR / start-proxy DIR   stop or start only the S3 endpoint (the proxy),
#                        for fault injection without the cost of restarting every daemon
#
# Needs the Debian packages swift swift-proxy swift-account swift-container swift-object
# python3-swift. Nothing listens anywhere but 127.0.0.1.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "${here}/common.sh"
cmd=${1:?usage: swift.sh start|stop DIR}
dir=${2:?usage: swift.sh start|stop DIR}
servers=(account container object proxy proxy-tls)
user=$(id -un)

write_server_conf() {  # kind port
  cat >"${dir}/$1-server.conf" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $2
workers = 0
user = ${user}
swift_dir = ${dir}
devices = ${dir}/srv
mount_check = false
log_level = WARNING

[pipeline:main]
pipeline = $1-server

[app:$1-server]
use = egg:swift#$1
CONF
}

write_proxy_conf() {  # port file [extra DEFAULT lines]
  cat >"${dir}/$2" <<CONF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $1
workers = 0
user = ${user}
swift_dir = ${dir}
log_level = WARNING
${3:-}

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1
storage_domain = s3.localhost
dns_compliant_bucket_names = true

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:1

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
CONF
}

configure() {
  mkdir -p "${dir}/srv/d1"
  local suffix
  suffix=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  printf '[swift-hash]\nswift_hash_path_suffix = %s\nswift_hash_path_prefix = p\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n' \
    "${suffix}" >"${dir}/swift.conf"
  declare -A port
  for s in "${servers[@]}"; do port[$s]=$(free_port); done
  for s in account container object; do write_server_conf "$s" "${port[$s]}"; done
  # One Python process builds the three one-device rings (swift-ring-builder would take nine).
  /usr/bin/python3 - "${dir}" "${port[account]}" "${port[container]}" "${port[object]}" <<'PY'
import sys
from swift.common.ring import RingBuilder
d = sys.argv[1]
for kind, port in zip(("account", "container", "object"), sys.argv[2:]):
    b = RingBuilder(6, 1, 1)
    b.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": int(port),
               "device": "d1", "weight": 1.0})
    b.rebalance()
    b.save(f"{d}/{kind}.builder")
    b.get_ring().save(f"{d}/{kind}.ring.gz")
PY
  write_proxy_conf "${port[proxy]}" proxy-server.conf
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 \
    -keyout "${dir}/tls.key" -out "${dir}/tls.crt" -subj /CN=localhost \
    -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" 2>/dev/null
  write_proxy_conf "${port[proxy-tls]}" proxy-tls-server.conf \
    "cert_file = ${dir}/tls.crt
key_file = ${dir}/tls.key"
  echo "${port[proxy]}" >"${dir}/port"
  for s in "${servers[@]}"; do echo "${port[$s]}" >"${dir}/$s.port"; done
}

start_daemons() {  # names...
  for s in "$@"; do
    /usr/bin/python3 "/usr/bin/swift-${s%-tls}-server" "${dir}/$s-server.conf" >>"${dir}/$s.log" 2>&1 &
    echo $! >"${dir}/$s.pid"
  done
  for s in "$@"; do wait_port "$(cat "${dir}/$s.port")" 120; done
  deadline=$((SECONDS + 60))
  until curl -sf "http://127.0.0.1:$(cat "${dir}/port")/healthcheck" >/dev/null; do
    ((SECONDS < deadline)) || { echo "swift proxy not healthy" >&2; exit 1; }
    sleep 0.1
  done
}

stop_daemons() {  # names...
  for s in "$@"; do
    [[ -f "${dir}/$s.pid" ]] && kill -TERM "$(cat "${dir}/$s.pid")" 2>/dev/null || true
  done
  for s in "$@"; do
    [[ -f "${dir}/$s.pid" ]] || continue
    pid=$(cat "${dir}/$s.pid")
    for _ in $(seq 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pid}" 2>/dev/null || true
    rm -f "${dir}/$s.pid"
  done
}

case "${cmd}" in
  start-proxy) start_daemons proxy ;;
  stop-proxy) stop_daemons proxy ;;
  start)
    mkdir -p "${dir}"
    [[ -f "${dir}/swift.conf" ]] || configure
    start_daemons "${servers[@]}"
    echo "PORT=$(cat "${dir}/port")"
    echo "ACCESS_KEY=test:tester"
    echo "SECRET_KEY=testing"
    echo "REGION=us-east-1"
    echo "TLS_PORT=$(cat "${dir}/proxy-tls.port")"
    echo "CA_FILE=${dir}/tls.crt"
    ;;
  stop) stop_daemons "${servers[@]}" ;;
  *)
    echo "unknown command ${cmd}" >&2
    exit 2
    ;;
esac
