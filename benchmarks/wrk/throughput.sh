#!/usr/bin/env bash
# Throughput of the local API under wrk (Debian's `wrk`), on a small demo data set (200 users, 50,000
# activities): a cached authenticated GET (/api/users/me/stats), POST /api/activities (a write that also
# invalidates the user's statistics), then the same GET with Redis stopped once the breaker is open, and with
# the cache disabled (restart with CACHE_ENABLED=false): their difference is what a dead Redis adds per
# request. Each run follows an unmeasured warm-up (a third of its length; twice its length, in a fresh API,
# for the two rows compared). Prints a Markdown table.
# Needs local/target/focus-local.jar (make build), redis-server, wrk.
#
# Usage: benchmarks/wrk/throughput.sh [seconds per run, default 10] [connections, default 4]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-10}
connections=${2:-4}
jar=local/target/focus-local.jar
[ -f "$jar" ] || { echo "$jar missing: make build" >&2; exit 1; }
for cmd in wrk redis-server curl python3; do
  command -v "$cmd" >/dev/null || { echo "$cmd not found (apt-get install wrk redis-server)" >&2; exit 1; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/focus-wrk.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
say() { printf '[wrk %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!
pids+=("$redis_pid")

say "loading a small demo data set"
java -jar "$jar" demo --users 200 --activities 50000 --challenges 20 --data-dir "$work/data" >"$work/demo.log" 2>&1

api_pid=
start_api() { # extra env assignments...
  port=$(free_port)
  env "$@" java -jar "$jar" run --port "$port" --data-dir "$work/data" >"$work/api-$port.log" 2>&1 &
  api_pid=$!
  pids+=("$api_pid")
  for _ in $(seq 1 600); do
    grep -q "Functions warm." "$work/api-$port.log" && break
    kill -0 "$api_pid" 2>/dev/null || { tail -30 "$work/api-$port.log" >&2; exit 1; }
    sleep 0.5
  done
  base=http://127.0.0.1:$port
  token=$(curl -fsS -H 'Content-Type: application/json' \
    -d '{"email":"demo@demo.focus-api.dev","password":"FocusDemo1"}' "$base/api/auth/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
}
stop_api() { kill "$api_pid"; wait "$api_pid" 2>/dev/null || true; }

# One wrk run; prints "requests/s|p50|p99" (latencies in ms). warm=<seconds> before it sets the warm-up.
measure() { # url [wrk args...]
  local url=$1
  shift
  # Unmeasured first: the JIT compiles the request path, the connection pools fill.
  wrk -t2 -c"$connections" -d"${warm:-$(( duration / 3 > 3 ? duration / 3 : 3 ))}s" -H "Authorization: Bearer $token" "$@" "$url" >/dev/null
  wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $token" "$@" "$url" >"$work/wrk.out"
  python3 - "$work/wrk.out" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n, unit = re.match(r"([0-9.]+)(us|ms|s)", v).groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", text).group(1))
p = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f}|{ms(p['50']):.2f}|{ms(p['99']):.2f}|{non2xx.group(1) if non2xx else 0}")
PY
}

# One minute each, spread over the last 90 days: a day holds at most 1,440 minutes of activities (422 beyond),
# which 5-minute posts on one day reach after 288 requests.
cat >"$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local day = os.date("!%Y-%m-%d", os.time() - (n % 90) * 86400)
  return wrk.format(nil, nil, nil,
    '{"app_name":"Bench","duration_minutes":1,"activity_date":"' .. day .. '"}')
end
LUA

start_api REDIS_URL="redis://127.0.0.1:$redis_port"
curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/users/me/stats" # the first read fills the cache
say "cached GET"
cached=$(measure "$base/api/users/me/stats")
say "POST /api/activities"
posts=$(measure "$base/api/activities" -s "$work/post.lua")
stop_api
# The two rows whose difference is reported are measured alike: each in a fresh local API, after the same
# long warm-up on the very path it measures (the database read). Measuring the breaker-open row in the API the
# cached runs had warmed, and the cache-disabled row after a short warm-up, once gave a dead Redis a negative cost.
long_warm=$(( duration * 2 ))
say "cache disabled"
start_api CACHE_ENABLED=false
disabled=$(warm=$long_warm measure "$base/api/users/me/stats")
stop_api
say "Redis stopped"
start_api REDIS_URL="redis://127.0.0.1:$redis_port"
kill "$redis_pid"
wait "$redis_pid" 2>/dev/null || true
# Enough failed calls to open the breaker before measuring.
for _ in $(seq 1 30); do curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base/api/users/me/stats"; done
down=$(warm=$long_warm measure "$base/api/users/me/stats")
stop_api

row() { # label measurement
  IFS='|' read -r rps p50 p99 errors <<<"$2"
  printf '| %s | %s | %s ms | %s ms | %s |\n' "$1" "$rps" "$p50" "$p99" "$errors"
}
echo "wrk -t2 -c$connections -d${duration}s against the local API (one JVM hosting every function), small demo data set."
echo
echo "| request | requests/s | p50 | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: |"
row 'GET /api/users/me/stats, cached' "$cached"
row 'POST /api/activities' "$posts"
row 'GET /api/users/me/stats, Redis stopped (breaker open)' "$down"
row 'GET /api/users/me/stats, cache disabled' "$disabled"
IFS='|' read -r _ down_p50 _ _ <<<"$down"
IFS='|' read -r _ off_p50 _ _ <<<"$disabled"
echo
python3 -c "print(f'Added by a dead Redis once the breaker is open: {($down_p50 - $off_p50) * 1000:+.0f} µs per request at p50 (Redis stopped vs cache disabled).')"
