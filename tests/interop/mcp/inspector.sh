#!/bin/sh
# Drives a fresh `signet serve` (mcp.auth: none on 127.0.0.1) headlessly with MCP Inspector's CLI
# (@modelcontextprotocol/inspector 2.12.0, Node 22, both fetched by npx): tools/list, a tools/call,
# resources/list and prompts/list, each checked. Not a ctest (it downloads); run by hand:
#   tests/interop/mcp/inspector.sh SIGNET
set -eu
signet=$(realpath "$1")
dir=$(mktemp -d)
port=${PORT:-39472}
export SIGNET_DATA_DIR="$dir/data" SIGNET_HOLDER__KDF_OPS=2 SIGNET_HOLDER__KDF_MEMORY=19MiB \
  SIGNET_MCP__AUTH=none SIGNET_LOG__ACCESS=false
printf 'inspector run passphrase\n' > "$dir/pass"
"$signet" init --passphrase-file "$dir/pass" --json > /dev/null
"$signet" store --label email --tier 1 --value ada@example.org --passphrase-file "$dir/pass" > /dev/null
cat > "$dir/policy.json" <<'JSON'
{"version": 1, "actors": [{"id": "agent:local", "role": "trusted_agent"}],
 "rules": [{"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "public"}]}
JSON
"$signet" policy set "$dir/policy.json" > /dev/null
"$signet" serve --listen "127.0.0.1:$port" 2> "$dir/server.log" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
sleep 1
inspect() {
  npx -y -p node@22 -p @modelcontextprotocol/inspector@2.12.0 -- mcp-inspector --cli \
    "http://127.0.0.1:$port/mcp" --transport http "$@" 2> /dev/null
}
fail=0
expect() {  # expect NAME PATTERN OUTPUT
  if printf '%s' "$3" | grep -q "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
tools=$(inspect --method tools/list)
n=$(printf '%s' "$tools" | grep -c '"name": "signet_' || true)
[ "$n" -eq 7 ] && echo "ok   tools/list lists 7 signet tools" || { echo "FAIL tools/list ($n)"; fail=1; }
call=$(inspect --method tools/call --tool-name signet_query --tool-arg label=email --tool-arg ask=value)
expect "tools/call signet_query returns the Tier-1 value" '"value": "ada@example.org"' "$call"
expect "resources/list" 'signet://audit/tail' "$(inspect --method resources/list)"
expect "prompts/list" 'signet_overview' "$(inspect --method prompts/list)"
exit $fail
