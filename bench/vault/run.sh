#!/usr/bin/env bash
# Vault benchmark (issue 4): store/get per second on the embedded backend, Argon2id unlock time,
# and AES-256-GCM seal of 1 KiB against `openssl speed -evp aes-256-gcm` in the same run.
#   bench/vault/run.sh        (needs a build: cmake --preset release with SIGNET_BUILD_BENCH=ON,
#                              or the ci preset; BUILD_DIR overrides)
set -euo pipefail
cd "$(dirname "$0")/../.."
build="${BUILD_DIR:-build/ci}"
bin="$build/bench/vault/vault_bench"
[ -x "$bin" ] || cmake --build "$build" --target vault_bench >/dev/null
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" --benchmark_format=json --benchmark_min_time=1 > "$out" 2>/dev/null
ossl=$(openssl speed -evp aes-256-gcm -bytes 1024 -seconds 3 2>/dev/null | awk '/^AES-256-GCM|^aes-256-gcm/ {print $2}')
python3 - "$out" "$ossl" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
ossl_kb = float(sys.argv[2].rstrip('k'))  # openssl prints thousands of bytes per second
by = {b["name"]: b for b in data["benchmarks"]}
store = by["BM_VaultStore1KiB/real_time"]; get = by["BM_VaultGet1KiB/real_time"]
unlock = by["BM_Argon2idUnlockDefault/iterations:5/real_time"]; seal = by["BM_AesGcmSeal1KiB"]
print(f"vault store 1 KiB (embedded, fsync'd): {store['items_per_second']:.0f}/s ({store['real_time']:.0f} us each)")
print(f"vault get   1 KiB (embedded):          {get['items_per_second']:.0f}/s ({get['real_time']:.0f} us each)")
print(f"Argon2id unlock (t=3, m=64 MiB):       {unlock['real_time']:.0f} ms")
ours = seal["bytes_per_second"] / 1e6; theirs = ossl_kb * 1e3 / 1e6
print(f"AES-256-GCM seal 1 KiB: signet {ours:.0f} MB/s, openssl speed {theirs:.0f} MB/s, ratio {ours/theirs:.2f}")
PY
