#!/bin/sh
# Runs @modelcontextprotocol/conformance 0.1.16 (server scenarios; needs Node >= 22, fetched by
# npx) against a fresh `signet serve` with mcp.auth: none on 127.0.0.1. Exit 0 when every failure
# is listed in conformance-expected-failures.yml and every listed scenario still fails.
# Not a ctest (it downloads Node 22 and the suite); run by hand: tests/interop/mcp/conformance.sh SIGNET
set -eu
signet=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
port=${PORT:-39471}
export SIGNET_DATA_DIR="$dir/data" SIGNET_HOLDER__KDF_OPS=2 SIGNET_HOLDER__KDF_MEMORY=19MiB \
  SIGNET_MCP__AUTH=none SIGNET_LOG__ACCESS=false
printf 'conformance run passphrase\n' > "$dir/pass"
"$signet" init --passphrase-file "$dir/pass" --json > /dev/null
"$signet" serve --listen "127.0.0.1:$port" 2> "$dir/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
sleep 1
npx -y -p node@22 -p @modelcontextprotocol/conformance@0.1.16 -- conformance server \
  --url "http://127.0.0.1:$port/mcp" -o "$dir/results" \
  --expected-failures "$here/conformance-expected-failures.yml"
