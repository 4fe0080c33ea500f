#!/usr/bin/env bash
# MetricsPushStale in real time (called by `make test`, beside monitoring/test.sh).
#
# The alert's expression says "no push for 10 minutes": that cannot be shortened without changing the shipped
# expression, and monitoring/test.sh must stay under 5 minutes, so there it is only evaluated through the HTTP
# API at 599 s and 601 s after a push. Here it really happens: the stack of `make monitor` (Pushgateway,
# Prometheus with the shipped rules, only `for:` shortened to 2 s, and the local API with PUSHGATEWAY_URL)
# serves more than 60 health requests, then no traffic at all; Prometheus must fire MetricsPushStale for the
# health function about 10 minutes after its last push (not before), and clear it once one more request makes
# the function push again. The script spends those minutes asleep, so `make test` runs the other checks
# meanwhile: with --ready-file, it creates that file once its traffic is sent (the CPU-heavy part is over).
#
# Usage: monitoring/push-stale-test.sh [--ready-file FILE]
set -euo pipefail

cd "$(dirname "$0")"
here=$(pwd)
ready_file=
case "${1:-}" in
  --ready-file) ready_file=$2 ;;
  "") ;;
  *) echo "usage: $0 [--ready-file FILE]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/focus-push-stale.XXXXXX")
. ./stack.sh

cleanup() {
  local status=$?
  stack_cleanup
  if [ "$status" -ne 0 ]; then stack_dump_logs; fi
  rm -rf "$tmp"
  # Whoever waits for the ready file must not wait forever when this script fails before creating it.
  if [ -n "$ready_file" ] && [ ! -e "$ready_file" ]; then echo failed >"$ready_file"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { printf '[push-stale %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

for cmd in "$PROMETHEUS" "$PUSHGATEWAY" curl java python3; do
  command -v "$cmd" >/dev/null 2>&1 || fail "$cmd not found (run scripts/install-test-deps.sh)"
done

PGW_PORT=$(free_port)
PROM_PORT=$(free_port)
LOCAL_PORT=$(free_port)
stack_start_pushgateway "$PGW_PORT"
stack_prometheus_config "$PGW_PORT" "$LOCAL_PORT" "$PROM_PORT" 1s -E -e 's/^( +for: )[0-9]+[smh]$/\12s/'
grep -q "for: 2s" "$tmp/prometheus/alerts.yml" || fail "could not shorten the alerts' for: durations"
stack_start_prometheus "$PROM_PORT"
stack_start_local_api "$LOCAL_PORT" "http://127.0.0.1:$PGW_PORT" --data-dir "$tmp/local-data" \
  --template "$here/../template.yaml"
wait_ready "http://127.0.0.1:$PGW_PORT/-/ready" Pushgateway
wait_ready "http://127.0.0.1:$PROM_PORT/-/ready" Prometheus
say "Pushgateway :$PGW_PORT, Prometheus :$PROM_PORT, local API :$LOCAL_PORT"

# In the background, then waited for: bash runs a trap (a TERM from scripts/test-end-to-end when another
# check failed) only once the foreground command ends, and this one sleeps for ten minutes.
python3 - "http://127.0.0.1:$PROM_PORT" "http://127.0.0.1:$LOCAL_PORT" "$ready_file" <<'EOF' &
import json, sys, time, urllib.parse, urllib.request

PROM, API, READY = sys.argv[1:4]
ALERT = "MetricsPushStale"
# The shipped threshold: `time() - last push > 600`, then `for:` (2 s here) and one evaluation interval (1 s).
THRESHOLD = 600


def say(msg):
    print(f"[push-stale {time.strftime('%H:%M:%S', time.gmtime())}] {msg}", flush=True)


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.status, r.read()


def query(expr):
    url = PROM + "/api/v1/query?query=" + urllib.parse.quote(expr)
    return json.loads(get(url)[1])["data"]["result"]


def health_alert_state():
    """The state of MetricsPushStale for the health function: None, 'pending' or 'firing'."""
    alerts = json.loads(get(PROM + "/api/v1/alerts")[1])["data"]["alerts"]
    states = [a["state"] for a in alerts
              if a["labels"]["alertname"] == ALERT and a["labels"].get("function") == "health"
              and a["labels"].get("job") == "focus-api"]
    return states[0] if states else None


def wait_until(what, predicate, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(1)
    sys.exit(f"FAIL: timed out after {timeout:.0f}s waiting for: {what}")


def answers(path):
    try:
        return get(API + path)[0] == 200
    except Exception:
        return False


def health_requests():
    return sum(float(s["value"][1]) for s in query('focus_api_http_requests_total{job="focus-api", function="health"}'))


wait_until("the local API answers /api/health", lambda: answers("/api/health"), 300)
# The alert's `increase(...[1h]) > 60` counts from the first sample Prometheus scraped: that sample must come
# before the 70 requests, or those already in it do not count (a fast session once left 56 of them).
wait_until("Prometheus scrapes the health function's first requests", lambda: health_requests() > 0, 60)
first = health_requests()
# More than 60 requests in the hour: the alert only concerns functions that were expected to push.
for _ in range(70):
    status, _ = get(API + "/api/health")
    if status != 200:
        sys.exit(f"FAIL: /api/health answered {status}")
wait_until("Prometheus scrapes the health function's 70 requests from the Pushgateway",
           lambda: health_requests() >= first + 70, 60)
last_push = float(query('max(push_time_seconds{job="focus-api", function="health"})')[0]["value"][1])
if health_alert_state() is not None:
    sys.exit(f"FAIL: {ALERT} is {health_alert_state()} while the health function pushes")
say(f"70 health requests pushed (last push at {time.strftime('%H:%M:%S', time.gmtime(last_push))}); "
    f"no traffic now, {ALERT} should fire about {THRESHOLD} s later")
if READY:
    open(READY, "w").write("waiting\n")

# Not before the threshold: checked every 10 s until 30 s before it (the alert can only be pending/firing
# once the expression holds, which the shipped expression says is after 600 s).
while time.time() < last_push + THRESHOLD - 30:
    state = health_alert_state()
    if state is not None:
        sys.exit(f"FAIL: {ALERT} is {state} {time.time() - last_push:.0f} s after the last push "
                 f"(threshold {THRESHOLD} s)")
    time.sleep(10)
wait_until(f"{ALERT} firing for health", lambda: health_alert_state() == "firing", 90)
fired_after = time.time() - last_push
say(f"{ALERT} fired for health {fired_after:.0f} s after its last push")
if fired_after < THRESHOLD:
    sys.exit(f"FAIL: {ALERT} fired after {fired_after:.0f} s, before the {THRESHOLD} s of the expression")

# One request: the function pushes after its response, Prometheus scrapes the new push time, the alert clears.
status, _ = get(API + "/api/health")
if status != 200:
    sys.exit(f"FAIL: /api/health answered {status}")
wait_until(f"{ALERT} clears once health pushes again", lambda: health_alert_state() is None, 60)
say(f"{ALERT} cleared for health after one more request ({time.time() - last_push:.0f} s after the old push)")
EOF
checker=$!
pids+=("$checker")
wait "$checker"
say "MetricsPushStale fired and cleared in real time"
