#!/usr/bin/env bash
# `make monitor`: the local API with its monitoring on one machine, no Docker. Starts Debian's
# prometheus-pushgateway and prometheus on loopback with monitoring/prometheus/ (a temp copy, targets moved
# to loopback), then the local API with PUSHGATEWAY_URL set, so every function pushes after each response
# exactly as in AWS (job="focus-api"), while Prometheus also scrapes the local API's /metrics
# (job="focus-api-local"). Ctrl-C or SIGTERM stops all three.
#
# Ports: PORT (local API, 8000), PROMETHEUS_PORT (9090), PUSHGATEWAY_PORT (9091); 0 picks a free one.
# Extra arguments go to `focus-local.jar run` (e.g. --reset).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/focus-monitor.XXXXXX")
. ./stack.sh

port_or_free() { if [ "${1:-0}" = 0 ]; then free_port; else echo "$1"; fi; }
LOCAL_PORT=$(port_or_free "${PORT:-8000}")
PROM_PORT=$(port_or_free "${PROMETHEUS_PORT:-9090}")
PGW_PORT=$(port_or_free "${PUSHGATEWAY_PORT:-9091}")
PGW=http://127.0.0.1:$PGW_PORT
PROM=http://127.0.0.1:$PROM_PORT

for cmd in "$PROMETHEUS" "$PUSHGATEWAY" curl java python3; do
  command -v "$cmd" >/dev/null 2>&1 || fail "$cmd not found (scripts/install-test-deps.sh installs them)"
done

stopping=
on_exit() {
  local status=$?
  stopping=1
  echo
  echo "Stopping the local API, Prometheus and the Pushgateway..."
  stack_cleanup
  rm -rf "$tmp"
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stack_start_pushgateway "$PGW_PORT"
stack_prometheus_config "$PGW_PORT" "$LOCAL_PORT" "$PROM_PORT" 5s
stack_start_prometheus "$PROM_PORT"
wait_ready "$PGW/-/ready" Pushgateway
wait_ready "$PROM/-/ready" Prometheus
stack_start_local_api "$LOCAL_PORT" "$PGW" "$@"
# The local API's own banner (and its logs, emails included) on this terminal.
tail -n +1 -f "$tmp/local-api.log" --pid="${pids[-1]}" &
pids+=($!)
wait_ready "http://127.0.0.1:$LOCAL_PORT/metrics" "local API" 900
cat <<BANNER

Monitoring (make monitor): data is pushed by every function after each response, as in AWS.
  Prometheus  : $PROM            (alerts: $PROM/alerts, targets: $PROM/targets)
  Pushgateway : $PGW            (what the functions pushed)
  local API   : http://127.0.0.1:$LOCAL_PORT     (metrics also scraped from /metrics as job focus-api-local)
  try         : curl http://127.0.0.1:$LOCAL_PORT/api/health
                then in Prometheus: sum by (function) (rate(focus_api_http_requests_total{job="focus-api"}[5m]))
  Grafana     : needs Docker: docker compose -f monitoring/docker-compose.yml up -d (its own Prometheus
                and Pushgateway on 9090/9091, Grafana on :3001; see README)
Ctrl-C stops everything.
BANNER
# Until Ctrl-C, or until one of the three stops by itself.
while [ -z "$stopping" ]; do
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || fail "a process of the stack stopped (pid $pid); see the output above"
  done
  sleep 1
done
