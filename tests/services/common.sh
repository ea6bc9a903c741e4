# Shared helpers for the loopback test services (sourced by postgres.sh and swift.sh).

# free_port prints a TCP port that is free on 127.0.0.1 right now.
free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port PORT SECONDS waits until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  local port=$1 deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:${port} after $2 s" >&2
  return 1
}

# as_service_user CMD... runs CMD as the unprivileged user $SERVICE_USER when we are root
# (initdb and pg_ctl refuse to run as root), else as ourselves.
as_service_user() {
  if [[ $(id -u) == 0 ]]; then runuser -u "${SERVICE_USER}" -- "$@"; else "$@"; fi
}
