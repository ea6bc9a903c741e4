#!/usr/bin/env bash
# Scale-out (issue 11 point 7): MCP tools/call and POST /verify throughput through nginx with 1
# replica vs 2 replicas of `signet serve`, in one run, on one PostgreSQL 15 and one Swift/s3api
# (tests/services/), the topology of tests/e2e/hosted/replicas_e2e_test.cc.
#
#   bench/replicas/run.sh [BUILD_DIR=build/ci] [SECONDS=6] [CONNECTIONS=16] [TENANTS=100]
#
# Two replicas A and B run side by side; two nginx instances with the same configuration differ
# only in their upstream: proxy 1 -> {A}, proxy 2 -> {A, B}. tenancy_gen provisions TENANTS
# tenants in the shared storage (vault with email + birthdate, one pairing code each); load.mjs
# connects one OAuth agent per tenant through proxy 2, then measures both routes through both
# proxies in alternating rounds (autocannon; every answer checked: a successful tool result, a
# valid verdict) and prints the ratio 2/1. BUILD_DIR must hold signet and
# bench/tenancy/tenancy_gen; needs nginx and the Postgres/Swift packages
# (scripts/install-deps bench) and bench/node_modules (npm ci in bench/).
#
# Everything listens on 127.0.0.1 and is stopped by pid; the temp dir is removed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/ci}"
secs="${2:-6}"
conns="${3:-16}"
tenants="${4:-100}"
gen="$build/bench/tenancy/tenancy_gen"
[[ -x "$gen" && -x "$build/signet" ]] || { echo "build signet and tenancy_gen in $build" >&2; exit 1; }
[[ -x /usr/sbin/nginx ]] || { echo "nginx missing: scripts/install-deps bench" >&2; exit 1; }
[[ -d "$root/bench/node_modules/autocannon" ]] || { echo "run npm ci in bench/" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"  # postgres runs as its own user
pids=()
services=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for s in "${services[@]}"; do "$root/tests/services/$s.sh" stop "$work/$s" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$1/healthz" && return 0; sleep 0.1; done; return 1; }
t0=$SECONDS

# One PostgreSQL and one Swift (s3api), each printing KEY=value lines.
services+=(postgres)
"$root/tests/services/postgres.sh" start "$work/postgres" >"$work/pg.env"
services+=(swift)
"$root/tests/services/swift.sh" start "$work/swift" >"$work/swift.env"
pg() { sed -n "s/^$1=//p" "$work/pg.env"; }
sw() { sed -n "s/^$1=//p" "$work/swift.env"; }
s3port=$(sw PORT)
echo "$(pg DSN)" >"$work/dsn"
sw SECRET_KEY >"$work/s3secret"
# Create the bucket over S3 (an AWS SigV2-signed PUT, which s3api checks; Swift's own token
# auth needs a memcache that tests/services does not run).
date=$(LC_ALL=C date -u '+%a, %d %b %Y %H:%M:%S GMT')
sig=$(printf 'PUT\n\n\n%s\n/signet-bench' "$date" | openssl dgst -sha1 -hmac "$(sw SECRET_KEY)" -binary | base64)
curl -sf -o /dev/null -X PUT -H "Date: $date" -H "Authorization: AWS $(sw ACCESS_KEY):$sig" \
  "http://127.0.0.1:$s3port/signet-bench"

port1=$(free_port); port2=$(free_port); port_a=$(free_port); port_b=$(free_port)
cat >"$work/policy.json" <<'JSON'
{"version": 1, "actors": [{"id": "agent:bench", "role": "trusted_agent"}],
 "rules": [{"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "public"},
           {"id": "t2", "kind": "tier_threshold", "tier": 2, "min_role": "public"}]}
JSON
# Both replicas share the database, the bucket, the KEK and the public URL (the issuer of the
# credentials and the OAuth resource): the 2-replica entrance.
cat >"$work/signet.yaml" <<CONF
data_dir: $work/data
kek_file: $work/kek
storage:
  kind: hosted
  postgres:
    dsn_file: $work/dsn
  s3:
    endpoint: http://127.0.0.1:$s3port
    allow_http: true
    bucket: signet-bench
    access_key_id: $(sw ACCESS_KEY)
    secret_key_file: $work/s3secret
log:
  access: false
server:
  public_url: http://127.0.0.1:$port2
  trusted_proxies: [127.0.0.1/32]
mcp:
  auth: oauth
  policy_file: $work/policy.json
limits:  # the limiter runs but never refuses: the load comes from one address
  ip_requests_per_minute: 10000000
  tenant_requests_per_minute: 10000000
CONF
"$build/signet" migrate --config "$work/signet.yaml" >/dev/null
"$gen" --config "$work/signet.yaml" --tenants "$tenants" --agents 1 >"$work/pairings.ndjson"

for r in a b; do
  port_var="port_$r"
  mkdir -p "$work/data-$r"
  "$build/signet" serve --config "$work/signet.yaml" --data-dir "$work/data-$r" \
    --listen "127.0.0.1:${!port_var}" 2>"$work/signet-$r.log" &
  pids+=("$!")
done
for r in a b; do
  port_var="port_$r"
  wait_http "${!port_var}" || { cat "$work/signet-$r.log" >&2; exit 1; }
done

# nginx: the same configuration twice but for the upstream servers.
nginx_start() {  # name port upstream-ports...
  local name=$1 port=$2 d="$work/nginx-$1"
  shift 2
  mkdir -p "$d"/{body,proxy,fastcgi,uwsgi,scgi}
  chmod -R 777 "$d"  # workers may run as nobody
  {
    echo "daemon off; worker_processes 1; pid $d/nginx.pid; error_log $d/error.log warn;"
    echo "events { worker_connections 1024; }"
    echo "http {"
    echo "  access_log off;"
    for t in body proxy fastcgi uwsgi scgi; do echo "  ${t/body/client_body}_temp_path $d/$t;"; done
    echo "  upstream signet {"
    for p in "$@"; do echo "    server 127.0.0.1:$p;"; done
    echo "    keepalive 32;"
    echo "  }"
    echo "  server {"
    echo "    listen 127.0.0.1:$port;"
    echo "    location / {"
    echo "      proxy_pass http://signet; proxy_http_version 1.1;"
    echo "      proxy_set_header Connection \"\"; proxy_set_header Host \$host;"
    echo "      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;"
    echo "    }"
    echo "  }"
    echo "}"
  } >"$d/nginx.conf"
  /usr/sbin/nginx -p "$d" -e "$d/error.log" -c "$d/nginx.conf" &
  pids+=("$!")
  wait_http "$port" || { cat "$d/error.log" >&2; exit 1; }
}
nginx_start one "$port1" "$port_a"
nginx_start two "$port2" "$port_a" "$port_b"
echo "set-up (Postgres, Swift, migrate, $tenants tenants, 2 replicas, 2 nginx): $((SECONDS - t0)) s"

node "$root/bench/replicas/load.mjs" --pairings "$work/pairings.ndjson" \
  --one "http://127.0.0.1:$port1" --two "http://127.0.0.1:$port2" --public "http://127.0.0.1:$port2" \
  --replica-a "http://127.0.0.1:$port_a" --replica-b "http://127.0.0.1:$port_b" \
  --seconds "$secs" --connections "$conns"
echo "whole run: $((SECONDS - t0)) s"
