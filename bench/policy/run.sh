#!/usr/bin/env bash
# Policy evaluation benchmark: per-evaluation p50/p99 at 10, 100 and 1,000 rules for the compiled
# engine and, as the anchor in the same run, the naive evaluator that scans every rule. Prints a
# table with the naive/compiled ratio and the issue's target (p50 <= 1 us at 100 rules).
#
# The issue also names two published figures (an "Agent-Safe" evaluator, ~2 us; the original
# signet-eval, 14-63 us). They are claims from other projects on other machines and cannot be
# run here; they are printed for context only, never as a measured ratio.
#
#   bench/policy/run.sh [BUILD_DIR]      (default build/ci); BENCH_MIN_TIME seconds per cell
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "${here}/../.." && pwd)
build=${1:-${root}/build/ci}
bench="${build}/bench/policy/policy_bench"
[[ -x "${bench}" ]] || { echo "build policy_bench first: ${bench}" >&2; exit 1; }
min_time=${BENCH_MIN_TIME:-1}
out=$(mktemp)
trap 'rm -f "${out}"' EXIT
"${bench}" --benchmark_min_time="${min_time}" --benchmark_format=json >"${out}"
/usr/bin/python3 - "${out}" <<'PY'
import json, sys
rows = {}
for b in json.load(open(sys.argv[1]))["benchmarks"]:
    kind, rules = b["name"].split("/")[0:2]
    rows.setdefault(int(rules), {})["naive" if "Naive" in kind else "compiled"] = b
print(f"{'rules':>6} {'compiled p50':>13} {'p99':>8} {'naive p50':>10} {'p99':>8} "
      f"{'naive/compiled p50':>19}  permit/deny/anomaly")
for n in sorted(rows):
    c, v = rows[n]["compiled"], rows[n]["naive"]
    ratio = v["p50_ns"] / c["p50_ns"] if c["p50_ns"] > 0 else float("inf")
    mix = f"{c['permit']:.2f}/{c['deny']:.2f}/{c['anomaly']:.2f}"
    print(f"{n:>6} {c['p50_ns']:>10.0f} ns {c['p99_ns']:>5.0f} ns {v['p50_ns']:>7.0f} ns "
          f"{v['p99_ns']:>5.0f} ns {ratio:>18.2f}x  {mix}")
p50 = rows.get(100, {}).get("compiled", {}).get("p50_ns")
if p50 is not None:
    verdict = "met" if p50 <= 1000 else "NOT met"
    print(f"\ntarget p50 <= 1000 ns at 100 rules: {p50:.0f} ns ({verdict})")
print("published claims, not runnable here: Agent-Safe evaluator ~2 us; original signet-eval "
      "14-63 us (other code, other machines)")
PY
