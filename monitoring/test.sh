#!/usr/bin/env bash
# Checks monitoring/ (called by `make test`; needs promtool, prometheus, prometheus-pushgateway, curl,
# python3 — scripts/install-test-deps.sh installs them):
#   1. promtool check config / check rules / test rules (the rule unit tests in prometheus/tests);
#   2. the dashboard JSON and the YAML of docker-compose.yml and of the Grafana provisioning;
#   3. a real Prometheus (the config of prometheus/prometheus.yml, targets moved to loopback, 1 s
#      intervals) scraping a real Pushgateway that receives sample pushes of the Focus API metrics, and a
#      stand-in for the local API's /metrics: every PromQL expression of the dashboard, of the rule files
#      and of docs/operations-guide.md is run against it and must not fail; the main panels must return data.
set -euo pipefail

cd "$(dirname "$0")"
here=$(pwd)

PROMTOOL=${PROMTOOL:-promtool}
PROMETHEUS=${PROMETHEUS:-prometheus}
PUSHGATEWAY=${PUSHGATEWAY:-prometheus-pushgateway}
DASHBOARD=grafana/dashboards/focus-api.json

step() { printf '==> %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

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

# ------------------------------------------------------------------------------------------ real servers
for cmd in "$PROMETHEUS" "$PUSHGATEWAY" curl; do
  command -v "$cmd" >/dev/null 2>&1 || fail "$cmd not found (run scripts/install-test-deps.sh)"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/focus-monitoring.XXXXXX")
pids=()
cleanup() {
  local status=$?
  for pid in ${pids[@]+"${pids[@]}"}; do kill "$pid" 2>/dev/null || true; done
  for pid in ${pids[@]+"${pids[@]}"}; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    for log in "$tmp"/*.log; do
      [ -f "$log" ] || continue
      echo "---- last lines of $(basename "$log")" >&2
      tail -n 20 "$log" >&2 || true
    done
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
PGW_PORT=$(free_port)
PROM_PORT=$(free_port)
LOCAL_PORT=$(free_port)
PGW=http://127.0.0.1:$PGW_PORT
PROM=http://127.0.0.1:$PROM_PORT

wait_ready() { # url name
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  fail "$2 did not become ready at $1"
}

step "starting Pushgateway on :$PGW_PORT, a stand-in local API on :$LOCAL_PORT, Prometheus on :$PROM_PORT"
"$PUSHGATEWAY" --web.listen-address="127.0.0.1:$PGW_PORT" --persistence.file="" >"$tmp/pushgateway.log" 2>&1 &
pids+=($!)

# The local API's /metrics (job focus-api-local): a static file served by python's http.server.
mkdir -p "$tmp/local"
cat >"$tmp/local/metrics" <<'EOF'
# HELP focus_api_info Focus API build information
# TYPE focus_api_info gauge
focus_api_info{function="health",name="focus-api",version="0.1.0"} 1
# HELP focus_api_http_requests_total Total HTTP requests
# TYPE focus_api_http_requests_total counter
focus_api_http_requests_total{function="health",method="GET",endpoint="/api/health",status="200"} 3
EOF
python3 -m http.server --bind 127.0.0.1 --directory "$tmp/local" "$LOCAL_PORT" >"$tmp/local-api.log" 2>&1 &
pids+=($!)

# prometheus.yml as it is, with the Docker addresses moved to loopback and 1 s intervals.
mkdir -p "$tmp/prometheus"
sed -e "s|pushgateway:9091|127.0.0.1:$PGW_PORT|" \
    -e "s|host.docker.internal:8000|127.0.0.1:$LOCAL_PORT|" \
    -e "s|localhost:9090|127.0.0.1:$PROM_PORT|" \
    -e "s|scrape_interval: 15s|scrape_interval: 1s|" \
    -e "s|evaluation_interval: 30s|evaluation_interval: 1s|" \
    prometheus/prometheus.yml >"$tmp/prometheus/prometheus.yml"
for rules in recording.yml alerts.yml; do
  sed -e "s|interval: 30s|interval: 1s|" "prometheus/$rules" >"$tmp/prometheus/$rules"
done
for expected in "127.0.0.1:$PGW_PORT" "127.0.0.1:$LOCAL_PORT" "scrape_interval: 1s"; do
  grep -q "$expected" "$tmp/prometheus/prometheus.yml" || fail "could not adapt prometheus.yml ($expected)"
done
"$PROMTOOL" check config "$tmp/prometheus/prometheus.yml" >/dev/null

"$PROMETHEUS" --config.file="$tmp/prometheus/prometheus.yml" \
  --storage.tsdb.path="$tmp/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" \
  --log.level=warn >"$tmp/prometheus.log" 2>&1 &
pids+=($!)

wait_ready "$PGW/-/ready" Pushgateway
wait_ready "http://127.0.0.1:$LOCAL_PORT/metrics" "local API stand-in"
wait_ready "$PROM/-/ready" Prometheus

# One push per (function, environment), as the functions do: PUT replaces the whole group.
push() { # function instance n
  local fn=$1 inst=$2 n=$3 body
  body=$(sample_metrics "$fn" "$n")
  printf '%s\n' "$body" | curl -fsS -X PUT --data-binary @- "$PGW/metrics/job/focus-api/function/$fn/instance/$inst" \
    || fail "push of $fn/$inst rejected by the Pushgateway"
}

sample_metrics() { # function n (n grows between pushes so that rates are not zero)
  local f=$1 n=$2
  cat <<EOF
# HELP focus_api_info Focus API build information
# TYPE focus_api_info gauge
focus_api_info{function="$f",name="focus-api",version="0.1.0"} 1
# HELP focus_api_metrics_push_failures_total Metrics pushes that failed
# TYPE focus_api_metrics_push_failures_total counter
focus_api_metrics_push_failures_total{function="$f",target="pushgateway"} 0
EOF
  case $f in
    users)
      cat <<EOF
# HELP focus_api_http_requests_total Total HTTP requests
# TYPE focus_api_http_requests_total counter
focus_api_http_requests_total{function="$f",method="GET",endpoint="/api/users/{id}",status="200"} $((10 * n))
focus_api_http_requests_total{function="$f",method="GET",endpoint="/api/users/{id}",status="404"} $n
focus_api_http_requests_total{function="$f",method="GET",endpoint="/api/users/{id}",status="500"} $n
# HELP focus_api_http_errors_total Total HTTP errors
# TYPE focus_api_http_errors_total counter
focus_api_http_errors_total{function="$f",method="GET",endpoint="/api/users/{id}",error_type="not_found"} $n
focus_api_http_errors_total{function="$f",method="GET",endpoint="/api/users/{id}",error_type="server_error"} $n
# HELP focus_api_http_request_duration_seconds HTTP request duration
# TYPE focus_api_http_request_duration_seconds histogram
focus_api_http_request_duration_seconds_bucket{function="$f",method="GET",endpoint="/api/users/{id}",le="0.05"} $((8 * n))
focus_api_http_request_duration_seconds_bucket{function="$f",method="GET",endpoint="/api/users/{id}",le="0.5"} $((12 * n))
focus_api_http_request_duration_seconds_bucket{function="$f",method="GET",endpoint="/api/users/{id}",le="+Inf"} $((12 * n))
focus_api_http_request_duration_seconds_sum{function="$f",method="GET",endpoint="/api/users/{id}"} $((n * 2)).2
focus_api_http_request_duration_seconds_count{function="$f",method="GET",endpoint="/api/users/{id}"} $((12 * n))
# HELP focus_api_http_requests_in_progress HTTP requests in progress
# TYPE focus_api_http_requests_in_progress gauge
focus_api_http_requests_in_progress{function="$f"} 0
# HELP focus_api_db_queries_total Total SQL queries
# TYPE focus_api_db_queries_total counter
focus_api_db_queries_total{function="$f",operation="select"} $((20 * n))
focus_api_db_queries_total{function="$f",operation="update"} $n
# HELP focus_api_db_query_duration_seconds SQL query duration
# TYPE focus_api_db_query_duration_seconds histogram
focus_api_db_query_duration_seconds_bucket{function="$f",le="0.01"} $((18 * n))
focus_api_db_query_duration_seconds_bucket{function="$f",le="0.1"} $((21 * n))
focus_api_db_query_duration_seconds_bucket{function="$f",le="+Inf"} $((21 * n))
focus_api_db_query_duration_seconds_sum{function="$f"} 0.$((3 * n))
focus_api_db_query_duration_seconds_count{function="$f"} $((21 * n))
# HELP focus_api_db_connections_active Active database connections
# TYPE focus_api_db_connections_active gauge
focus_api_db_connections_active{function="$f"} 1
# HELP focus_api_cache_hits_total Cache hits
# TYPE focus_api_cache_hits_total counter
focus_api_cache_hits_total{function="$f"} $((7 * n))
# HELP focus_api_cache_misses_total Cache misses
# TYPE focus_api_cache_misses_total counter
focus_api_cache_misses_total{function="$f"} $((3 * n))
# HELP focus_api_cache_operations_duration_seconds Cache operation duration
# TYPE focus_api_cache_operations_duration_seconds histogram
focus_api_cache_operations_duration_seconds_bucket{function="$f",operation="get",le="0.001"} $((9 * n))
focus_api_cache_operations_duration_seconds_bucket{function="$f",operation="get",le="+Inf"} $((10 * n))
focus_api_cache_operations_duration_seconds_sum{function="$f",operation="get"} 0.00$((5 * n))
focus_api_cache_operations_duration_seconds_count{function="$f",operation="get"} $((10 * n))
EOF
      ;;
    auth)
      cat <<EOF
# HELP focus_api_users_registered_total Registrations
# TYPE focus_api_users_registered_total counter
focus_api_users_registered_total{function="$f"} $((2 * n))
# HELP focus_api_users_logged_in_total Logins
# TYPE focus_api_users_logged_in_total counter
focus_api_users_logged_in_total{function="$f"} $((5 * n))
# HELP focus_api_emails_sent_total Emails sent
# TYPE focus_api_emails_sent_total counter
focus_api_emails_sent_total{function="$f",type="verification",status="success"} $((2 * n))
EOF
      ;;
    activities)
      cat <<EOF
# HELP focus_api_activities_created_total Activities created
# TYPE focus_api_activities_created_total counter
focus_api_activities_created_total{function="$f",app_name="instagram"} $((4 * n))
# HELP focus_api_activities_duration_minutes Minutes of the activities created
# TYPE focus_api_activities_duration_minutes histogram
focus_api_activities_duration_minutes_bucket{function="$f",app_name="instagram",le="30"} $((3 * n))
focus_api_activities_duration_minutes_bucket{function="$f",app_name="instagram",le="+Inf"} $((4 * n))
focus_api_activities_duration_minutes_sum{function="$f",app_name="instagram"} $((90 * n))
focus_api_activities_duration_minutes_count{function="$f",app_name="instagram"} $((4 * n))
# HELP focus_api_apps_blocked_total Apps blocked
# TYPE focus_api_apps_blocked_total counter
focus_api_apps_blocked_total{function="$f",app_name="instagram"} $n
# HELP focus_api_limits_reached_total Daily limits reached
# TYPE focus_api_limits_reached_total counter
focus_api_limits_reached_total{function="$f",app_name="instagram"} $n
EOF
      ;;
    challenges)
      cat <<EOF
# HELP focus_api_challenges_created_total Challenges created
# TYPE focus_api_challenges_created_total counter
focus_api_challenges_created_total{function="$f"} $n
EOF
      ;;
    metrics)
      cat <<EOF
# HELP focus_api_users_total Users by status
# TYPE focus_api_users_total gauge
focus_api_users_total{function="$f",status="active"} $((40 + n))
focus_api_users_total{function="$f",status="inactive"} 2
# HELP focus_api_challenges_total Challenges by status
# TYPE focus_api_challenges_total gauge
focus_api_challenges_total{function="$f",status="active"} 3
focus_api_challenges_total{function="$f",status="pending"} 1
# HELP focus_api_challenges_participants_total Active challenge participants
# TYPE focus_api_challenges_participants_total gauge
focus_api_challenges_participants_total{function="$f"} 9
EOF
      ;;
  esac
}

step "pushing sample metrics (job=focus-api; functions users [2 environments], auth, activities, challenges, metrics)"
groups="users/a users/b auth/a activities/a challenges/a metrics/a"
# Prometheus discovers its targets a few seconds after start: the second push (bigger counters) waits
# until the first one has been scraped, so that rates are not zero.
wait_query() { # expr what: until the instant query returns a non-empty result (30 s at most)
  for _ in $(seq 1 60); do
    if curl -fsS "$PROM/api/v1/query" --data-urlencode "query=$1" 2>/dev/null \
        | python3 -c 'import json, sys; sys.exit(0 if json.load(sys.stdin)["data"]["result"] else 1)' 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  fail "$2: no data for $1"
}
for g in $groups; do push "${g%/*}" "${g#*/}" 1; done
wait_query 'focus_api_http_requests_total{job="focus-api",function="users",instance="b",status="200"} == 10' "first push scraped"
for g in $groups; do push "${g%/*}" "${g#*/}" 2; done
wait_query 'focus_api_http_requests_total{job="focus-api",function="users",instance="b",status="200"} == 20' "second push scraped"

step "running every PromQL expression of the dashboard, the rule files and the operations guide against Prometheus"
python3 - "$PROM" "$here/$DASHBOARD" "$here/../docs/operations-guide.md" "$here/prometheus/recording.yml" "$here/prometheus/alerts.yml" <<'EOF'
import json, os, re, sys, time, urllib.parse, urllib.request

prom, dashboard_file, guide_file, *rule_files = sys.argv[1:]
VARS = {"$job": "focus-api", "$function": ".*"}

def api(path, **params):
    url = prom + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:  # 400/422: PromQL errors come back as JSON too
        return json.load(e)

def query(expr):
    return api("/api/v1/query", query=expr)

def substitute(expr):
    for k, v in VARS.items():
        expr = expr.replace(k, v)
    if "$" in expr:
        sys.exit(f"FAIL: unknown dashboard variable in {expr!r}")
    return expr

def wait_for(expr, what, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        r = query(expr)
        if r.get("status") == "success" and r["data"]["result"]:
            return r["data"]["result"]
        time.sleep(0.5)
    sys.exit(f"FAIL: {what}: no data from {expr!r} after {timeout}s (last answer: {r})")

# 1. Scrapes: pushed series keep their job/function/instance (honor_labels); the local API is its own job.
wait_for('up{job="pushgateway"} == 1', "Pushgateway target up")
wait_for('focus_api_http_requests_total{job="focus-api",function="users",instance="b"}', "pushed labels kept")
wait_for('focus_api_info{job="focus-api-local"}', "local API scraped as job focus-api-local")
clash = query('focus_api_http_requests_total{job="focus-api",instance=~"127.0.0.1:.*"}')["data"]["result"]
if clash:
    sys.exit(f"FAIL: local API series carry job=\"focus-api\": {clash}")

# 2. Dashboard expressions.
dash = json.load(open(dashboard_file))
panels = []
def walk(ps):
    for p in ps:
        panels.append(p)
        walk(p.get("panels", []))
walk(dash["panels"])
exprs = [(p["title"], t["expr"]) for p in panels for t in p.get("targets", []) if t.get("expr")]
if not exprs:
    sys.exit("FAIL: no PromQL expression found in the dashboard")

# Syntax and evaluation first: every expression must be accepted (status success, even if empty).
bad = []
for title, expr in exprs:
    r = query(substitute(expr))
    if r.get("status") != "success":
        bad.append(f"{title}: {r.get('errorType')}: {r.get('error')}\n    {expr}")
if bad:
    sys.exit("FAIL: dashboard expressions rejected by Prometheus:\n  " + "\n  ".join(bad))

# The request-rate panel must show the pushed traffic (rate > 0), so wait until two scrapes saw it grow.
rate_exprs = [substitute(e) for t, e in exprs if t == "Requests / s"]
if not rate_exprs:
    sys.exit('FAIL: dashboard has no "Requests / s" panel')
deadline = time.time() + 30
while True:
    result = wait_for(rate_exprs[0], "request-rate panel")
    if float(result[0]["value"][1]) > 0:
        print(f"  request-rate panel: {float(result[0]['value'][1]):.3f} req/s")
        break
    if time.time() > deadline:
        sys.exit(f"FAIL: request-rate panel stays at 0: {result}")
    time.sleep(0.5)

# Recording rules feed the gauge panels: wait for one evaluation after the pushes.
wait_for("focus_api:metrics_group_latest", "recording rule focus_api:metrics_group_latest")
wait_for("focus_api:metrics_group_fresh", "recording rule focus_api:metrics_group_fresh")

must_have_data = {"Requests / s", "Mean response time", "Error rate", "Users by status", "Cache hit rate",
                  "Active connections", "Query response time", "Active challenges", "Response time p95 by endpoint"}
errors, empty = [], []
for title, expr in exprs:
    r = query(substitute(expr))
    if r.get("status") != "success":
        errors.append(f"{title}: {r.get('errorType')}: {r.get('error')}\n    {expr}")
    elif not r["data"]["result"]:
        empty.append(title)
print(f"  dashboard: {len(exprs)} expressions in {sum(1 for p in panels if p.get('targets'))} panels, "
      f"{len(errors)} errors, {len(exprs) - len(errors) - len(empty)} with data")
if empty:
    print("  expressions without data on the sample (information), in: " + ", ".join(sorted(set(empty))))

# Grafana variables: label_values(metric, label) must list the values the dashboard defaults to.
for v in dash.get("templating", {}).get("list", []):
    m = re.fullmatch(r"label_values\((.*),\s*(\w+)\)", v.get("definition", ""))
    if not m:
        continue
    r = api(f"/api/v1/label/{m.group(2)}/values", **{"match[]": substitute(m.group(1))})
    if r.get("status") != "success" or not r["data"]:
        errors.append(f"variable {v['name']}: no values for {v['definition']}: {r}")
    elif v["name"] == "job" and "focus-api" not in r["data"]:
        errors.append(f"variable job: focus-api not among {r['data']}")

# 3. Rule expressions, as Prometheus loaded them, plus their evaluation health.
n_rules_in_files = sum(len(re.findall(r"^\s*- (?:record|alert):", open(f).read(), re.M)) for f in rule_files)
time.sleep(1.5)  # at least one evaluation of every group after the pushes
rules = [r for g in api("/api/v1/rules")["data"]["groups"] for r in g["rules"]]
if len(rules) != n_rules_in_files:
    errors.append(f"Prometheus loaded {len(rules)} rules, the rule files define {n_rules_in_files}")
for rule in rules:
    name = rule.get("name")
    r = query(rule["query"])
    if r.get("status") != "success":
        errors.append(f"rule {name}: {r.get('errorType')}: {r.get('error')}")
    if rule.get("health") == "err":
        errors.append(f"rule {name}: evaluation error: {rule.get('lastError')}")
print(f"  rules: {len(rules)} expressions (recording and alerting), "
      f"{sum(1 for r in rules if r.get('health') == 'ok')} evaluated healthy")

# 4. The PromQL blocks of the operations guide (one expression per run of non-comment lines).
if os.path.exists(guide_file):
    doc_exprs = []
    for block in re.findall(r"```promql\n(.*?)```", open(guide_file).read(), re.S):
        current = []
        for line in block.splitlines() + [""]:
            if line.strip() and not line.lstrip().startswith("#"):
                current.append(line)
            elif current:
                doc_exprs.append("\n".join(current))
                current = []
    for expr in doc_exprs:
        r = query(expr)
        if r.get("status") != "success":
            errors.append(f"operations guide: {r.get('errorType')}: {r.get('error')}\n    {expr}")
    print(f"  operations guide: {len(doc_exprs)} PromQL expressions")

missing = sorted(must_have_data - ({t for t, _ in exprs} - set(empty)))
if missing:
    errors.append("panels without data on the sample: " + ", ".join(missing))
if errors:
    print("FAIL:\n  " + "\n  ".join(errors), file=sys.stderr)
    sys.exit(1)
print("  all PromQL expressions are valid; the main panels return data")
EOF

step "monitoring checks passed"
