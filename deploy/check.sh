#!/usr/bin/env bash
# Validates the deployment files without deploying anything:
#   1. `signet config check` on deploy/config/*.yaml (secret paths under /run/secrets/ are
#      pointed at temporary files, since `config check` reads no SIGNET_* variables), and a
#      negative control: hosted.yaml with its secret files absent must be refused;
#   2. the files deploy/Dockerfile COPYs from the build context exist;
#   3. `docker-compose config -q` (Compose v1, no engine needed) and cross-file consistency:
#      Caddy's pinned address is hosted.yaml's trusted proxy, and every /run/secrets file
#      hosted.yaml names is a secret of the signet service;
#   4. `nginx -t` on deploy/nginx.conf with a temporary self-signed certificate;
#   5. `caddy validate` on deploy/Caddyfile;
#   6. `systemd-analyze verify` on deploy/signet.service.
# Steps 3-6 are skipped (and say so) when the tool is not installed. Exit status 0 = every step
# that ran passed. Usage: deploy/check.sh [PATH_TO_SIGNET_BINARY]   (or SIGNET_BIN=...)
# Starts nothing that listens; writes only to a temporary directory.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
signet="${1:-${SIGNET_BIN:-}}"
if [ -z "$signet" ]; then
  for candidate in "$root/build/ci/signet" "$root/build/release/signet"; do
    if [ -x "$candidate" ]; then signet="$candidate"; break; fi
  done
fi
if [ -z "$signet" ] || [ ! -x "$signet" ]; then
  echo "check.sh: no signet binary (pass its path or set SIGNET_BIN)" >&2
  exit 2
fi
signet="$(cd "$(dirname "$signet")" && pwd)/$(basename "$signet")"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "PASS $*"; }
skip() { echo "SKIP $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# run NAME CMD...: runs CMD; PASS, or FAIL followed by its output.
run() {
  local name="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    pass "$name"
  else
    fail "$name"
    printf '%s\n' "$out" | sed 's/^/    /' | head -n 40
  fi
}

# --- 1. signet config check ------------------------------------------------------------------
mkdir -p "$tmp/secrets"
for f in signet_kek signet_pg_dsn signet_s3_secret_key; do
  printf 'placeholder\n' > "$tmp/secrets/$f"
  chmod 600 "$tmp/secrets/$f"
done
for config in "$here"/config/*.yaml; do
  name="$(basename "$config")"
  sed "s#/run/secrets/#$tmp/secrets/#g" "$config" > "$tmp/$name"
  if out="$("$signet" config check "$tmp/$name" 2>&1)"; then
    pass "signet config check deploy/config/$name"
    printf '%s\n' "$out" | grep -E '^(storage\.kind|server\.listen|server\.trusted_proxies|kek_file):' \
      | sed 's/^/    /'
  else
    fail "signet config check deploy/config/$name"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
done
if out="$("$signet" config check "$here/config/hosted.yaml" 2>&1)"; then
  # Only meaningful when /run/secrets does not hold the files (i.e. not inside the container).
  if [ -r /run/secrets/signet_pg_dsn ]; then
    skip "negative control (this machine has /run/secrets/signet_pg_dsn)"
  else
    fail "signet config check accepted hosted.yaml with its secret files missing"
  fi
elif printf '%s' "$out" | grep -q "storage.postgres.dsn_file: cannot read file"; then
  pass "signet config check refuses hosted.yaml without its secret files"
  printf '%s\n' "$out" | sed 's/^/    /'
else
  fail "signet config check refused hosted.yaml for another reason than its missing secrets"
  printf '%s\n' "$out" | sed 's/^/    /'
fi

# --- 2. Dockerfile build-context sources -------------------------------------------------------
missing=""
while read -r src; do
  [ "$src" = "." ] && continue
  [ -e "$root/$src" ] || missing="$missing $src"
done < <(grep -E '^COPY ' "$here/Dockerfile" | grep -v -- '--from=' | awk '{print $2}')
if [ -z "$missing" ]; then
  pass "deploy/Dockerfile COPY sources exist"
else
  fail "deploy/Dockerfile COPY sources missing:$missing"
fi

# --- 3. docker-compose ---------------------------------------------------------------------------
if command -v docker-compose >/dev/null 2>&1; then
  run "docker-compose config -q" docker-compose --project-directory "$root" \
    -f "$root/docker-compose.yml" config -q
  if docker-compose --project-directory "$root" -f "$root/docker-compose.yml" config \
      > "$tmp/compose.yaml" 2> "$tmp/compose.err" && command -v python3 >/dev/null 2>&1 \
      && python3 -c 'import yaml' 2>/dev/null; then
    run "docker-compose.yml agrees with deploy/config/hosted.yaml" python3 - \
      "$tmp/compose.yaml" "$here/config/hosted.yaml" <<'PY'
import sys, yaml
compose = yaml.safe_load(open(sys.argv[1]))
hosted = yaml.safe_load(open(sys.argv[2]))
errors = []
caddy_ip = compose["services"]["caddy"]["networks"]["edge"]["ipv4_address"]
trusted = hosted["server"]["trusted_proxies"]
if trusted != [caddy_ip + "/32"]:
    errors.append(f"server.trusted_proxies {trusted} is not caddy's address {caddy_ip}/32")
signet_secrets = {s["source"] if isinstance(s, dict) else s
                  for s in compose["services"]["signet"].get("secrets", [])}
def secret_paths(node):
    if isinstance(node, dict):
        for v in node.values(): yield from secret_paths(v)
    elif isinstance(node, str) and node.startswith("/run/secrets/"):
        yield node
for path in secret_paths(hosted):
    if path.removeprefix("/run/secrets/") not in signet_secrets:
        errors.append(f"{path} is not a secret of the signet service")
if not compose["services"]["signet"].get("read_only"):
    errors.append("the signet service is not read_only")
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
  else
    skip "docker-compose.yml consistency (python3-yaml missing or compose config failed)"
  fi
else
  skip "docker-compose config (docker-compose not installed)"
fi

# --- 4. nginx ------------------------------------------------------------------------------------
if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  mkdir -p "$tmp/nginx/logs"
  if openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
      -subj /CN=signet.example.com -keyout "$tmp/nginx/key.pem" -out "$tmp/nginx/cert.pem" \
      >/dev/null 2>&1; then
    sed -e "s#/etc/nginx/tls/signet.crt#$tmp/nginx/cert.pem#" \
        -e "s#/etc/nginx/tls/signet.key#$tmp/nginx/key.pem#" \
        -e "s#^pid .*#pid $tmp/nginx/nginx.pid;#" \
        -e "s#/var/log/nginx/#$tmp/nginx/logs/#g" \
        "$here/nginx.conf" > "$tmp/nginx/nginx.conf"
    run "nginx -t deploy/nginx.conf" nginx -t -q -p "$tmp/nginx" -e "$tmp/nginx/logs/error.log" \
      -c "$tmp/nginx/nginx.conf"
  else
    fail "openssl could not make a test certificate"
  fi
else
  skip "nginx -t (nginx or openssl not installed)"
fi

# --- 5. caddy ------------------------------------------------------------------------------------
if command -v caddy >/dev/null 2>&1; then
  mkdir -p "$tmp/caddy"
  run "caddy validate deploy/Caddyfile" env HOME="$tmp/caddy" XDG_DATA_HOME="$tmp/caddy" \
    XDG_CONFIG_HOME="$tmp/caddy" caddy validate --adapter caddyfile --config "$here/Caddyfile"
  if caddy fmt "$here/Caddyfile" 2>/dev/null | cmp -s - "$here/Caddyfile"; then
    pass "caddy fmt: deploy/Caddyfile is formatted"
  else
    fail "caddy fmt: deploy/Caddyfile is not formatted (caddy fmt --overwrite deploy/Caddyfile)"
  fi
else
  skip "caddy validate (caddy not installed)"
fi

# --- 6. systemd ----------------------------------------------------------------------------------
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir -p "$tmp/systemd"
  # verify checks that ExecStart exists: point it at the binary under test.
  sed "s#/usr/local/bin/signet#$signet#g" "$here/signet.service" > "$tmp/systemd/signet.service"
  run "systemd-analyze verify deploy/signet.service" \
    systemd-analyze verify "$tmp/systemd/signet.service"
else
  skip "systemd-analyze verify (systemd not installed)"
fi

if [ "$failures" -ne 0 ]; then
  echo "check.sh: $failures check(s) failed"
  exit 1
fi
echo "check.sh: all checks that ran passed"
