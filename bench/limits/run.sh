#!/usr/bin/env bash
# Cost of the request-rate limiter (issue 11 point 3): the same Signet binary and route with the
# per-address limit on (one StateStore::Increment per request, never reached) and off, measured
# with wrk in the same run, printed as a ratio. The route is a cheap one (GET of an unknown
# status list, 404) so the limiter's share shows; heavier routes pay the same absolute cost.
#
#   bench/limits/run.sh [BINARY=build/release/signet] [DURATION_SECONDS=5] [CONNECTIONS=16]
#
# Embedded storage (SQLite, synchronous=FULL) in a temp dir. Everything listens on 127.0.0.1 and
# is stopped by pid. The machine is shared: expect +-30-50 % between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${1:-build/release/signet}"
duration="${2:-5}"
conns="${3:-16}"
[ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: scripts/install-deps bench" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.05; done; return 1; }

declare -A rps p99
for mode in off on; do
  limit=0; [ "$mode" = on ] && limit=10000000
  port=$(free_port)
  SIGNET_LIMITS__IP_REQUESTS_PER_MINUTE=$limit SIGNET_LIMITS__TENANT_REQUESTS_PER_MINUTE=0 \
    "$bin" serve --listen "127.0.0.1:$port" --data-dir "$work/data-$mode" 2>"$work/signet-$mode.log" &
  pid=$!; pids+=("$pid")
  wait_http "$port" || { cat "$work/signet-$mode.log" >&2; exit 1; }
  out=$(wrk -t2 -c"$conns" -d"${duration}s" --latency \
        "http://127.0.0.1:$port/status-lists/t_00000000000000000000")
  rps[$mode]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99[$mode]=$(awk '$1 == "99%" {print $2}' <<<"$out")
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
printf '%-12s %12s %10s\n' limiter "req/s" p99
printf '%-12s %12s %10s\n' off "${rps[off]}" "${p99[off]}"
printf '%-12s %12s %10s\n' on "${rps[on]}" "${p99[on]}"
awk -v a="${rps[on]}" -v b="${rps[off]}" 'BEGIN {printf "ratio on/off: %.2f\n", a / b}'
