# Sourced by monitoring/run-local.sh (`make monitor`) and monitoring/test.sh: Debian's Pushgateway and
# Prometheus on loopback, with the project's monitoring/prometheus/ configuration copied into a temp folder
# (targets moved to loopback ports). The caller sets $tmp (a temp folder) and calls stack_cleanup on exit.

PROMETHEUS=${PROMETHEUS:-prometheus}
PUSHGATEWAY=${PUSHGATEWAY:-prometheus-pushgateway}
stack_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pids=()

fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_ready() { # url name [tries of 0.2 s]
  for _ in $(seq 1 "${3:-100}"); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  fail "$2 did not become ready at $1"
}

# Stops what was started, newest first (SIGTERM, then SIGKILL after 10 s), and never leaves a process behind.
stack_cleanup() {
  local i pid
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    pid=${pids[i]}
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}

# On failure: the last lines of each log of $tmp, so that CI shows why.
stack_dump_logs() {
  local log
  for log in "$tmp"/*.log; do
    [ -f "$log" ] || continue
    echo "---- last lines of $(basename "$log")" >&2
    tail -n 30 "$log" >&2 || true
  done
}

stack_start_pushgateway() { # port
  "$PUSHGATEWAY" --web.listen-address="127.0.0.1:$1" --persistence.file="" >"$tmp/pushgateway.log" 2>&1 &
  pids+=($!)
}

# prometheus.yml and the rule files, Docker addresses moved to loopback. Extra sed expressions for the rule
# files (test.sh shortens intervals and `for:`) come after the ports.
stack_prometheus_config() { # pushgateway_port local_api_port prometheus_port scrape_interval [rules sed args...]
  local pgw=$1 local_api=$2 prom=$3 interval=$4 rules
  shift 4
  mkdir -p "$tmp/prometheus"
  sed -e "s|pushgateway:9091|127.0.0.1:$pgw|" \
      -e "s|host.docker.internal:8000|127.0.0.1:$local_api|" \
      -e "s|localhost:9090|127.0.0.1:$prom|" \
      -e "s|scrape_interval: 15s|scrape_interval: $interval|" \
      -e "s|evaluation_interval: 30s|evaluation_interval: $interval|" \
      "$stack_dir/prometheus/prometheus.yml" >"$tmp/prometheus/prometheus.yml"
  for rules in recording.yml alerts.yml; do
    sed -e "s|interval: 30s|interval: $interval|" "$@" "$stack_dir/prometheus/$rules" >"$tmp/prometheus/$rules"
  done
  for expected in "127.0.0.1:$pgw" "127.0.0.1:$local_api" "scrape_interval: $interval"; do
    grep -q "$expected" "$tmp/prometheus/prometheus.yml" || fail "could not adapt prometheus.yml ($expected)"
  done
}

stack_start_prometheus() { # port
  "$PROMETHEUS" --config.file="$tmp/prometheus/prometheus.yml" \
    --storage.tsdb.path="$tmp/data" \
    --web.listen-address="127.0.0.1:$1" \
    --log.level=warn >"$tmp/prometheus.log" 2>&1 &
  pids+=($!)
}

# The local API (local/target/focus-local.jar) with PUSHGATEWAY_URL set: its functions push after each
# response exactly as in AWS. Its output goes to $tmp/local-api.log.
stack_start_local_api() { # port pushgateway_url [run options...]
  local port=$1 url=$2 jar="$stack_dir/../local/target/focus-local.jar"
  shift 2
  [ -f "$jar" ] || fail "$jar missing: build first (mvn -B -ntp -q -DskipTests package, or make build)"
  (cd "$stack_dir/.." && exec env PUSHGATEWAY_URL="$url" java -jar "$jar" run --port "$port" "$@") >"$tmp/local-api.log" 2>&1 &
  pids+=($!)
}
