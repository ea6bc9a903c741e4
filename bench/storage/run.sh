#!/usr/bin/env bash
# Storage benchmark: starts Postgres 15 and Swift+s3api on 127.0.0.1, runs storage_bench
# (embedded and hosted record put/get, 1 KiB / 64 KiB / 256 KiB, 1 and 8 threads) and, as the
# anchor on the same Postgres in the same run, `pgbench -S` (primary-key SELECTs) with 1 and 8
# clients; prints a table with the hosted-get / pgbench ratio; stops the services.
#
#   bench/storage/run.sh [BUILD_DIR]     (default build/ci); BENCH_SECONDS per cell (default 2)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${here}/../.." && pwd)
build=${1:-${root}/build/ci}
bench="${build}/bench/storage/storage_bench"
[[ -x "${bench}" ]] || { echo "build storage_bench first: ${bench}" >&2; exit 1; }
seconds=${BENCH_SECONDS:-2}

pg_dir=$(mktemp -d /tmp/signet_bench_pg.XXXXXX)
sw_dir=$(mktemp -d /tmp/signet_bench_sw.XXXXXX)
chmod 755 "${pg_dir}" "${sw_dir}"
cleanup() {
  "${root}/tests/services/swift.sh" stop "${sw_dir}" || true
  "${root}/tests/services/postgres.sh" stop "${pg_dir}" || true
  rm -rf "${pg_dir}" "${sw_dir}"
}
trap cleanup EXIT

"${root}/tests/services/postgres.sh" start "${pg_dir}" >"${pg_dir}/env" &
"${root}/tests/services/swift.sh" start "${sw_dir}" >"${sw_dir}/env"
wait
get() { grep "^$1=" "$2" | cut -d= -f2-; }
dsn=$(get DSN "${pg_dir}/env")
port=$(get PORT "${pg_dir}/env")

results=$(mktemp)
SIGNET_PG_DSN="${dsn}" SIGNET_S3_ENDPOINT="http://127.0.0.1:$(get PORT "${sw_dir}/env")" \
  SIGNET_S3_ACCESS_KEY=$(get ACCESS_KEY "${sw_dir}/env") \
  SIGNET_S3_SECRET_KEY=$(get SECRET_KEY "${sw_dir}/env") \
  SIGNET_S3_REGION=$(get REGION "${sw_dir}/env") BENCH_SECONDS="${seconds}" \
  "${bench}" | tee "${results}"

pgbench -i -q -s 1 -h 127.0.0.1 -p "${port}" -U postgres postgres >/dev/null 2>&1
for c in 1 8; do
  out=$(pgbench -S -n -c "${c}" -j "$((c < 2 ? 1 : 2))" -T "$((seconds * 2))" -r \
    -h 127.0.0.1 -p "${port}" -U postgres postgres 2>/dev/null)
  tps=$(echo "${out}" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
  lat=$(echo "${out}" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
  echo "RESULT pgbench-S select 0 ${c} ${tps%.*} $(awk "BEGIN{print ${lat}*1000}")" | tee -a "${results}"
done

/usr/bin/python3 - "${results}" <<'PY'
import sys
rows = [l.split()[1:] for l in open(sys.argv[1]) if l.startswith("RESULT")]
anchor = {int(r[3]): float(r[4]) for r in rows if r[0] == "pgbench-S"}
print()
print(f"{'backend':10} {'op':6} {'size':>8} {'thr':>3} {'ops/s':>9} {'p99 us':>9}  vs pgbench -S")
for b, op, size, thr, ops, p99 in rows:
    thr = int(thr)
    ratio = ""
    if b == "hosted" and op == "get" and size == "1024" and anchor.get(thr, 0) > 0:
        ratio = f"{float(ops) / anchor[thr]:.2f}x"
    label = "avg us" if b == "pgbench-S" else ""
    print(f"{b:10} {op:6} {size:>8} {thr:>3} {float(ops):>9.0f} {float(p99):>9.0f}  {ratio}{label}")
PY
rm -f "${results}"
