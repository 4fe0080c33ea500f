#!/usr/bin/env bash
# Checks monitoring/ (called by `make test`; needs promtool, prometheus, prometheus-pushgateway, curl,
# python3 — scripts/install-test-deps.sh installs them):
#   1. promtool check config / check rules / test rules (the rule unit tests in prometheus/tests);
#   2. the dashboard JSON and the YAML of docker-compose.yml and of the Grafana provisioning;
#   3. end to end on real traffic: Debian's Pushgateway and Prometheus (prometheus/ as shipped, targets
#      moved to loopback, 1 s intervals, alert `for:` shortened to 2 s in the test copy) and the local API
#      (local/target/focus-local.jar: build first) with PUSHGATEWAY_URL, so its functions push after each
#      response as in AWS. e2e.py drives a session (successes, 4xx, 503 with the database stopped, cache
#      misses then hits, an email), then checks every dashboard panel, recording and alerting rule and the
#      operations guide's PromQL and debugging commands against it (see e2e.py).
set -euo pipefail

cd "$(dirname "$0")"
here=$(pwd)

PROMTOOL=${PROMTOOL:-promtool}
DASHBOARD=grafana/dashboards/focus-api.json
tmp=$(mktemp -d "${TMPDIR:-/tmp}/focus-monitoring.XXXXXX")
. ./stack.sh

step() { printf '==> %s\n' "$*"; }

pgdata="$tmp/local-data/postgres"
cleanup() {
  local status=$?
  stack_cleanup
  # The database the session restarted is stopped by the local API on exit; never leave it behind.
  local pg
  pg=$(head -n 1 "$pgdata/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pg" ] && grep -qa "$pgdata" "/proc/$pg/cmdline" 2>/dev/null; then kill -9 "$pg" 2>/dev/null || true; fi
  if [ "$status" -ne 0 ]; then stack_dump_logs; fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------------------------------ static checks
step "promtool check config"
"$PROMTOOL" check config prometheus/prometheus.yml

step "promtool check rules"
"$PROMTOOL" check rules prometheus/recording.yml prometheus/alerts.yml

step "promtool test rules"
"$PROMTOOL" test rules prometheus/tests/*.yml

step "dashboard JSON"
python3 -m json.tool "$DASHBOARD" >/dev/null
echo "  $DASHBOARD is valid JSON"

step "docker-compose.yml and Grafana provisioning YAML"
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - <<'EOF'
import sys, yaml
compose = yaml.safe_load(open("docker-compose.yml"))
services = compose.get("services", {})
for name in ("prometheus", "pushgateway", "grafana"):
    if name not in services:
        sys.exit(f"docker-compose.yml: service {name} missing")
if "3001:3000" not in [str(p) for p in services["grafana"].get("ports", [])]:
    sys.exit("docker-compose.yml: Grafana must be published on port 3001")
env = services["grafana"].get("environment", {})
if env.get("GF_SECURITY_ADMIN_USER") != "admin" or env.get("GF_SECURITY_ADMIN_PASSWORD") != "admin":
    sys.exit("docker-compose.yml: Grafana credentials must be admin/admin (operations guide)")
for f in ("grafana/provisioning/datasources/prometheus.yml", "grafana/provisioning/dashboards/focus-api.yml"):
    yaml.safe_load(open(f))
ds = yaml.safe_load(open("grafana/provisioning/datasources/prometheus.yml"))["datasources"][0]
if ds["url"] != "http://prometheus:9090":
    sys.exit("Grafana datasource must point at http://prometheus:9090")
print("  docker-compose.yml and provisioning files are valid YAML")
EOF
else
  echo "  SKIPPED: python3 module yaml (PyYAML) not installed"
fi

# ------------------------------------------------------------------------------------------ real traffic
for cmd in "$PROMETHEUS" "$PUSHGATEWAY" curl java redis-cli; do
  command -v "$cmd" >/dev/null 2>&1 || fail "$cmd not found (run scripts/install-test-deps.sh)"
done


PGW_PORT=$(free_port)
PROM_PORT=$(free_port)
LOCAL_PORT=$(free_port)
PGW=http://127.0.0.1:$PGW_PORT
PROM=http://127.0.0.1:$PROM_PORT
API=http://127.0.0.1:$LOCAL_PORT

step "starting Pushgateway on :$PGW_PORT, Prometheus on :$PROM_PORT, the local API on :$LOCAL_PORT (PUSHGATEWAY_URL=$PGW)"
stack_start_pushgateway "$PGW_PORT"
# The shipped expressions; only the evaluation interval and the `for:` durations are shortened.
stack_prometheus_config "$PGW_PORT" "$LOCAL_PORT" "$PROM_PORT" 1s -E -e 's/^( +for: )[0-9]+[smh]$/\12s/'
grep -q "for: 2s" "$tmp/prometheus/alerts.yml" || fail "could not shorten the alerts' for: durations"
"$PROMTOOL" check config "$tmp/prometheus/prometheus.yml" >/dev/null
stack_start_prometheus "$PROM_PORT"
stack_start_local_api "$LOCAL_PORT" "$PGW" --data-dir "$tmp/local-data" --template "$here/../template.yaml"
wait_ready "$PGW/-/ready" Pushgateway
wait_ready "$PROM/-/ready" Prometheus
# Every function cold-started before the session: its requests time out after 30 s, which a cold start on a
# busy machine can exceed.
for _ in $(seq 1 1500); do
  grep -q "Functions warm." "$tmp/local-api.log" && break
  kill -0 "${pids[-1]}" 2>/dev/null || fail "the local API stopped"
  sleep 0.2
done
grep -q "Functions warm." "$tmp/local-api.log" || fail "the local API's functions were not warm after 300 s"
redis_url=$(sed -n 's|.*Redis *: embedded, \(redis://[^ ]*\).*|\1|p' "$tmp/local-api.log" | head -n 1)
[ -n "$redis_url" ] || fail "no embedded Redis URL in the local API's banner"
echo "  local API up after ${SECONDS}s; Redis $redis_url"

step "driving a session through the local API, then checking every panel, rule, alert and guide command"
python3 "$here/e2e.py" "$PROM" "$API" "$PGW" "$tmp/local-api.log" "$pgdata" "$redis_url" "$here" "${pids[0]}"

step "monitoring checks passed in ${SECONDS}s"
