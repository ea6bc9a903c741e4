#!/usr/bin/env bash
# Approval webhook delivery benchmark (issue 9 item 8): runs notify_bench, which measures Signet's
# delivery latency (p50/p99 from Submit to the receiver) and sustained deliveries/s to a healthy
# loopback receiver, then the Node anchor (anchor.mjs: http + npm standardwebhooks, no outbox)
# against the same receiver, and prints the ratio and the issue's target (p99 < 1 s).
#
#   bench/notify/run.sh [BUILD_DIR] [LATENCY_N=300] [BURST_N=3000]     (default build/release)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${here}/../.." && pwd)
build=${1:-${root}/build/release}
bench="${build}/bench/notify/notify_bench"
[[ -x "${bench}" ]] || { echo "build notify_bench first: ${bench}" >&2; exit 1; }
command -v node >/dev/null || { echo "node is needed for the anchor" >&2; exit 1; }
[[ -d "${root}/tests/interop/node_modules/standardwebhooks" ]] ||
  { echo "npm ci in tests/interop first (standardwebhooks)" >&2; exit 1; }
exec timeout 300 "${bench}" --latency "${2:-300}" --burst "${3:-3000}" --anchor "${here}/anchor.mjs"
