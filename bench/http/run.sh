#!/usr/bin/env bash
# HTTP foundation benchmark (issue 2): GET /healthz through Signet vs. nginx serving a static
# JSON file, measured with wrk in the same run, printed as a ratio; plus Signet's idle RSS.
#
#   bench/http/run.sh [DURATION_SECONDS=10] [CONNECTIONS=64]
#
# Needs: a release build (cmake --preset release && cmake --build --preset release), wrk and nginx
# (scripts/install-deps bench). Everything listens on 127.0.0.1 and is stopped by pid.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10}"
conns="${2:-64}"
bin=build/release/signet
[ -x "$bin" ] || { echo "build the release preset first" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: scripts/install-deps bench" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx missing" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"  # nginx workers run as www-data
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.05; done; return 1; }

# Signet: defaults (io threads = cores), access log as shipped (probes log at debug).
sport=$(free_port)
"$bin" serve --listen "127.0.0.1:$sport" --data-dir "$work/data" 2>"$work/signet.log" &
spid=$!; pids+=("$spid")
wait_http "$sport"
sleep 1
rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$spid/status")

# nginx: as many workers as cores, static file, no access log.
nport=$(free_port)
echo '{"status":"ok"}' > "$work/healthz.json"
cat > "$work/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx-body;
  proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fcgi;
  uwsgi_temp_path $work/nginx-uwsgi;
  scgi_temp_path $work/nginx-scgi;
  server {
    listen 127.0.0.1:$nport;
    location = /healthz { default_type application/json; alias $work/healthz.json; }
  }
}
CONF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -c "$work/nginx.conf" -e "$work/nginx-error.log" &
npid=$!; pids+=("$npid")
wait_http "$nport"

run_wrk() { wrk -t1 -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:$1/healthz"; }
parse() { # prints "rps p50 p99" from wrk output
  awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} END {print rps, p50, p99}'
}

# Alternate, twice each, so drift on this shared machine hits both sides alike.
declare -a s_rps n_rps
for round in 1 2; do
  read -r r p50 p99 < <(run_wrk "$sport" | parse); s_rps+=("$r"); s_lat="$p50 $p99"
  read -r r p50 p99 < <(run_wrk "$nport" | parse); n_rps+=("$r"); n_lat="$p50 $p99"
done
s_best=$(printf '%s\n' "${s_rps[@]}" | sort -g | tail -1)
n_best=$(printf '%s\n' "${n_rps[@]}" | sort -g | tail -1)
ratio=$(awk -v a="$s_best" -v b="$n_best" 'BEGIN {printf "%.2f", a / b}')
after_rss_kib=$(awk '/VmRSS/ {print $2}' "/proc/$spid/status")

echo "wrk -t1 -c$conns -d${duration}s GET /healthz, $(nproc) cores, 2 alternating rounds (best shown)"
printf '%-8s %12s %10s %10s\n' server "req/s" p50 p99
printf '%-8s %12s %10s %10s   rounds: %s\n' signet "$s_best" $s_lat "${s_rps[*]}"
printf '%-8s %12s %10s %10s   rounds: %s\n' nginx "$n_best" $n_lat "${n_rps[*]}"
echo "ratio signet/nginx: $ratio (target >= 0.60, stretch 0.80)"
echo "signet idle RSS: $((rss_kib / 1024)) MiB (target <= 30 MiB); after load: $((after_rss_kib / 1024)) MiB"
