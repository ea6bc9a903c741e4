#!/usr/bin/env bash
# The cost of tenancy for relying parties (issue 11 point 7): POST /verify throughput when the
# presentations come from 1 tenant vs from 1,000 tenants of the same server (embedded storage),
# in one run. Every request is an SD-JWT VC + KB-JWT issued by a tenant's own identity key
# (iss = <public_url>/t/<tenant>), so the server resolves the issuer key from its tenant
# registry (KEK unseal on a cache miss, then a per-tenant key cache); wrk sends the tenants'
# requests round-robin and every response is checked to be valid.
#
#   bench/tenancy/run.sh [BUILD_DIR=build/ci] [SECONDS=8] [CONNECTIONS=32] [TENANTS=1000]
#
# BUILD_DIR must hold signet and bench/tenancy/tenancy_gen. Prints req/s for both and the ratio
# (many / one; 1.00 = tenancy costs nothing). Everything listens on 127.0.0.1 and is stopped by
# pid; each wrk run is bounded in time.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/ci}"
secs="${2:-8}"
conns="${3:-32}"
many="${4:-1000}"
command -v wrk >/dev/null || { echo "wrk missing: scripts/install-deps bench" >&2; exit 1; }
gen="$build/bench/tenancy/tenancy_gen"
[[ -x "$gen" && -x "$build/signet" ]] || { echo "build signet and tenancy_gen in $build" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$1$2" && return 0; sleep 0.05; done; return 1; }

cat >"$work/post.lua" <<'LUA'
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) invalid = 0 end
function request() i = i % #bodies + 1; return wrk.format(nil, nil, nil, bodies[i]) end
function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"valid":true', 1, true) then invalid = invalid + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("invalid") end
  io.write(string.format("invalid_responses %d\n", n))
end
LUA

# start N: registers N tenants in a fresh data directory and serves it; sets port_N.
start() {
  local n=$1 dir="$work/d$1" port
  port=$(free_port)
  mkdir -p "$dir"
  local base="http://127.0.0.1:$port"
  "$gen" --data-dir "$dir/data" --tenants "$n" --base "$base" --audience https://rp.example \
    --nonce "tenancy-nonce-$(date +%s)" >"$dir/bodies.ndjson"
  cat >"$dir/signet.yaml" <<CONF
data_dir: $dir/data
log:
  access: false
server:
  public_url: $base
limits:  # the limiter runs but never refuses: wrk is one client address
  ip_requests_per_minute: 10000000
  tenant_requests_per_minute: 10000000
CONF
  "$build/signet" serve --config "$dir/signet.yaml" --listen "127.0.0.1:$port" 2>"$dir/signet.log" &
  pids+=("$!")
  wait_port "$port" /healthz || { cat "$dir/signet.log" >&2; exit 1; }
  # Warm the key cache once per tenant and check every request is valid before timing.
  while IFS= read -r line; do
    verdict=$(curl -s -X POST -H 'Content-Type: application/json' --data-binary "$line" "$base/verify")
    [[ "$verdict" == *'"valid":true'* ]] || { echo "N=$n: not valid: $verdict" >&2; exit 1; }
  done <"$dir/bodies.ndjson"
  eval "port_$n=$port"
}

rps() { awk '/Requests\/sec/ {print $2}'; }
post() {  # post N
  local port_var="port_$1"
  BODIES="$work/d$1/bodies.ndjson" wrk -t1 -c"$conns" -d"${secs}s" -s "$work/post.lua" \
    "http://127.0.0.1:${!port_var}/verify" | tee "$work/last.txt" | rps
  grep -q '^invalid_responses 0$' "$work/last.txt" || { cat "$work/last.txt" >&2; exit 1; }
}

start 1
start "$many"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
one=$(post 1); lots=$(post "$many"); one2=$(post 1); lots2=$(post "$many")
best() { printf '%s\n' "$@" | sort -g | tail -1; }
one=$(best "$one" "$one2"); lots=$(best "$lots" "$lots2")
echo "load average before/after: $load0 / $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v o="$one" -v m="$lots" -v n="$many" -v c="$conns" -v s="$secs" 'BEGIN {
  printf "wrk -t1 -c%d -d%ds; POST /verify, SD-JWT VC + KB-JWT issued by the server'"'"'s own tenants, best of 2 alternating rounds\n", c, s
  printf "  1 tenant         %10.0f req/s\n", o
  printf "  %d tenants   %10.0f req/s   ratio %.2f (1.00 = no cost of tenancy)\n", n, m, m / o
}'
