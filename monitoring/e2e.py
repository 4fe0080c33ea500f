"""End-to-end check of the monitoring on real traffic (run by monitoring/test.sh).

The local API runs with PUSHGATEWAY_URL, so its functions push after each response through the same
extension path as in Lambda; Prometheus scrapes the Pushgateway (job="focus-api") and the local API's
/metrics (job="focus-api-local") with the shipped configuration (1 s intervals, alert `for:` shortened).
This script drives a session through the routes, then checks through Prometheus' HTTP API that:
  - every dashboard panel returns data for job="focus-api" (the panels whose metrics no function of
    template.yaml records yet are listed in NOT_RECORDED_YET, and must stay empty);
  - every recording and alerting rule evaluates healthy; HighErrorRate and LowCacheHitRate fire on the
    session's errors and cache misses, then clear on its successes and cache hits; MetricsPushStale's
    expression holds 601 s after a function's last push and not 599 s after it;
  - with the Pushgateway frozen, responses still answer 200 without waiting for the push, the failures are
    counted (focus_api_metrics_push_failures_total) and pushed once it answers again, PushgatewayDown fires
    and clears;
  - the operations guide's PromQL and debugging commands (curl, redis-cli) run against this stack.
"""
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PROM, API, PGW, LOG, PGDATA, REDIS_URL, HERE, PGW_PID = sys.argv[1:9]
DASHBOARD = os.path.join(HERE, "grafana/dashboards/focus-api.json")
GUIDE = os.path.join(HERE, "../docs/operations-guide.md")
RULE_FILES = [os.path.join(HERE, "prometheus", f) for f in ("recording.yml", "alerts.yml")]
VARS = {"$job": "focus-api", "$function": ".*"}

# Panels that no function records yet ({title: reason}), if any: they must stay empty. When one of them
# starts returning data, the test fails so that it is taken off this list.
NOT_RECORDED_YET = {}

started = time.time()
failures = []


def log(msg):
    print(f"  [{time.time() - started:5.1f}s] {msg}", flush=True)


def fail(msg):
    sys.exit(f"FAIL: {msg}")


# ------------------------------------------------------------------------------------------------ HTTP
def http(method, path, body=None, token=None, base=API, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            status, text = r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode()
    try:
        return status, json.loads(text) if text else None
    except ValueError:
        return status, text


statuses = {}


def call(method, path, expect, body=None, token=None):
    status, answer = http(method, path, body, token)
    statuses[status] = statuses.get(status, 0) + 1
    if status not in (expect if isinstance(expect, tuple) else (expect,)):
        fail(f"{method} {path}: expected {expect}, got {status}: {answer}")
    return answer


def prom(path, **params):
    url = PROM + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return json.load(e)


def query(expr, at=None):
    return prom("/api/v1/query", query=expr, **({"time": f"{at:.3f}"} if at else {}))


def result(expr, at=None):
    r = query(expr, at)
    if r.get("status") != "success":
        fail(f"Prometheus rejected {expr!r}: {r.get('error')}")
    return r["data"]["result"]


def wait_until(what, predicate, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            log(what)
            return
        time.sleep(0.5)
    fail(f"timed out after {timeout}s waiting for: {what}")


def alert_functions(name, state="firing", job="focus-api"):
    return {a["labels"].get("function") for a in prom("/api/v1/alerts")["data"]["alerts"]
            if a["labels"]["alertname"] == name and a["state"] == state and a["labels"].get("job") == job}


# ------------------------------------------------------------------------------------------------ session
def session():
    wait_until("local API answers /api/health", lambda: http("GET", "/api/health")[0] == 200, 240)
    # Without Redis there are no cache hits: the cache panels and LowCacheHitRate could not clear.
    for _ in range(30):
        health = http("GET", "/api/health")[1]
        if health["cache"].get("status") == "connected":
            break
        time.sleep(0.5)
    else:
        fail(f"the health function is not connected to Redis: {health} (run the local API with LOG_LEVEL=DEBUG"
             " and look for 'Redis connect attempt failed')")
    email = f"e2e-{int(time.time())}@example.com"
    call("POST", "/api/auth/register", 201,
         {"email": email, "username": f"e2e{int(time.time())}", "password": "Secret123", "full_name": "E2E"})
    # The console email sender prints the verification link in the local API's output.
    token = None
    for _ in range(40):
        found = re.findall(r"token=([A-Za-z0-9_%-]+)", open(LOG, errors="replace").read())
        if found:
            token = urllib.parse.unquote(found[-1])
            break
        time.sleep(0.25)
    if not token:
        fail("no verification link in the local API's output (console email sender)")
    call("POST", "/api/auth/verify-email", 200, {"token": token})
    access = call("POST", "/api/auth/login", 200, {"email": email, "password": "Secret123"})["access_token"]
    log("registered, verified (email), logged in")
    return access


def challenge_and_limit(access):
    """A daily limit on Slack (the activities below reach it: limits reached, app blocked) and a challenge."""
    call("POST", "/api/blocked-apps", 201, {"app_name": "Slack", "app_category": "productivity",
                                           "daily_limit_minutes": 10, "notify_at_percentage": 80}, access)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    week = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 7 * 86400))
    challenge = call("POST", "/api/challenges", 201, {
        "title": "E2E less Slack", "description": "monitoring/e2e.py", "challenge_type": "daily_goal",
        "target_app": "Slack", "target_minutes": 30, "start_date": today, "end_date": week,
        "max_participants": 10, "is_private": False}, access)
    log("blocked app (daily limit) and challenge created")
    return challenge["id"]


def cache_misses(access):
    # Each new activity invalidates the user's statistics: every stats read after it is a miss.
    today = time.strftime("%Y-%m-%d", time.gmtime())
    for i in range(8):
        call("POST", "/api/activities", 201,
             {"app_name": "YouTube" if i % 2 else "Slack", "duration_minutes": 5, "activity_date": today}, access)
        call("GET", "/api/users/me/stats", 200, token=access)
        call("GET", f"/api/activities/stats/daily?date={today}", 200, token=access)
    call("GET", "/api/users/me", 200, token=access)
    call("PUT", "/api/users/me", 200, {"full_name": "E2E User", "daily_limit_minutes": 100}, access)


def client_errors(access):
    # Each error three times, over more than two scrapes: a counter series is born at its first increment,
    # and rate() sees no increase in a series that was 1 from its first sample on (see the guide).
    for _ in range(3):
        call("GET", "/api/users/me", 401)
        call("GET", "/api/users/999999", 404, token=access)
        call("POST", "/api/activities", 400, {"app_name": "", "duration_minutes": -1}, access)
        time.sleep(1.2)


def stop_database():
    pid = int(open(os.path.join(PGDATA, "postmaster.pid")).readline())
    command = shlex.split(open(os.path.join(PGDATA, "postmaster.opts")).read())
    os.kill(pid, signal.SIGINT)  # fast shutdown
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            os.kill(pid, 0)
            time.sleep(0.2)
        except ProcessLookupError:
            return command
    fail("the embedded PostgreSQL did not stop")


def start_database(command):
    out = open(os.path.join(os.path.dirname(LOG), "postgres-restart.log"), "w")
    if os.geteuid() == 0:
        command = ["unshare", "-U"] + command  # as the local API's embedded PostgreSQL runs it under root
    subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    wait_until("embedded PostgreSQL restarted", lambda: http("GET", "/api/health")[0] == 200, 60)


def successes(access, n, challenge):
    today = time.strftime("%Y-%m-%d", time.gmtime())
    for _ in range(n):
        call("GET", f"/api/challenges/{challenge}", 200, token=access)
        call("GET", f"/api/challenges/{challenge}/leaderboard", 200, token=access)
        call("GET", "/api/blocked-apps", 200, token=access)
        call("GET", "/api/health", 200)
        call("GET", "/api/users/me/stats", 200, token=access)  # cached: hits
        call("GET", "/api/users/me", 200, token=access)
        call("GET", f"/api/activities/stats/daily?date={today}", 200, token=access)


def start_business_gauges():
    """The scheduled BusinessGaugesFunction, as `invoke` runs it (its own JVM), on the local API's database:
    it sets focus_api_users_total and pushes like any function."""
    jdbc = re.search(r"PostgreSQL *: embedded, (jdbc:\S+)", open(LOG).read()).group(1)
    env = dict(os.environ, DATABASE_URL=jdbc, DATABASE_USER="postgres", CACHE_ENABLED="false", PUSHGATEWAY_URL=PGW)
    root = os.path.join(HERE, "..")
    out = open(os.path.join(os.path.dirname(LOG), "business-gauges.log"), "w")
    return subprocess.Popen(["java", "-jar", "local/target/focus-local.jar", "invoke", "BusinessGaugesFunction",
                             "--event", "events/business-gauges.json",
                             "--data-dir", os.path.join(os.path.dirname(LOG), "gauges-data")],
                            cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)


def finish_business_gauges(process):
    try:
        status = process.wait(timeout=180)
    except subprocess.TimeoutExpired:
        process.kill()
        fail("invoke BusinessGaugesFunction did not finish within 180 s (business-gauges.log)")
    if status != 0:
        fail(f"invoke BusinessGaugesFunction exited with {status} (business-gauges.log)")
    wait_until("business gauges pushed (focus_api_users_total)",
               lambda: result('focus_api_users_total{job="focus-api"}'), 30)


def frozen_pushgateway():
    """The Pushgateway stops answering (SIGSTOP: connections hang, the worst case): as in AWS, responses do
    not wait for the push; the environment's next invocation waits at most the extension's bound (2 x
    PUSHGATEWAY_TIMEOUT_MS); the failures are counted and reach the Pushgateway once it answers again."""
    def failures():
        text = urllib.request.urlopen(API + "/metrics", timeout=10).read().decode()
        m = re.search(r'^focus_api_metrics_push_failures_total\{[^}]*function="health"[^}]*target="pushgateway"[^}]*\} (\S+)',
                      text, re.M)
        return float(m.group(1)) if m else 0.0
    before = failures()
    groups_before = latest_groups()
    os.kill(int(PGW_PID), signal.SIGSTOP)
    try:
        times = []
        for _ in range(4):
            t = time.time()
            call("GET", "/api/health", 200)
            times.append(time.time() - t)
        wait_until("PushgatewayDown fires (Prometheus cannot scrape it)",
                   lambda: {a["labels"]["alertname"] for a in prom("/api/v1/alerts")["data"]["alerts"]
                            if a["state"] == "firing"} >= {"PushgatewayDown"}, 30)
        after = failures()
    finally:
        os.kill(int(PGW_PID), signal.SIGCONT)
    log("Pushgateway frozen: /api/health answered 200 in " + ", ".join(f"{x * 1000:.0f} ms" for x in times)
        + f" (the first without waiting; later ones wait for the previous push's bound, as in Lambda); "
        f"push failures {before:.0f} -> {after:.0f}")
    if after <= before:
        fail("focus_api_metrics_push_failures_total of health did not grow while the Pushgateway hung")
    if times[0] > 1.0:
        fail(f"the first response waited for the push ({times[0]:.2f} s)")
    # Traffic goes on, as it would in AWS: one request every 2 s. A single request is not enough evidence to
    # wait on: the PUTs that hung while the Pushgateway was stopped are still in its sockets' buffers and it
    # may apply one of them (older counts, taken before the failures) after the fresh push, and a PUT
    # replaces the whole group; the next push puts the counted failures back.
    last_request = [0.0]

    def recovered():
        if time.time() - last_request[0] >= 2:
            call("GET", "/api/health", 200)
            last_request[0] = time.time()
        # The recording rules too: while Prometheus could not scrape the Pushgateway its series went stale, and the
        # rules evaluated then (every second) left the pushed groups out of focus_api:metrics_group_latest; the
        # checks that follow join on it.
        return (result('focus_api_metrics_push_failures_total{job="focus-api", function="health"} > 0')
                and not any(a["labels"]["alertname"] == "PushgatewayDown" for a in prom("/api/v1/alerts")["data"]["alerts"])
                and latest_groups() >= groups_before)
    wait_until("the failures reached the Pushgateway once it answered again; PushgatewayDown cleared;"
               " the recording rules hold every pushed group again", recovered, 30)


def latest_groups():
    """The functions whose pushed groups focus_api:metrics_group_latest holds now."""
    return {r["metric"].get("function") for r in result('focus_api:metrics_group_latest{job="focus-api"}')}


# ------------------------------------------------------------------------------------------------ checks
def substitute(expr):
    for k, v in VARS.items():
        expr = expr.replace(k, v)
    if "$" in expr:
        fail(f"unknown dashboard variable in {expr!r}")
    return expr


def dashboard_panels():
    dash = json.load(open(DASHBOARD))
    panels = []

    def walk(ps):
        for p in ps:
            panels.append(p)
            walk(p.get("panels", []))
    walk(dash["panels"])
    return dash, [p for p in panels if any(t.get("expr") for t in p.get("targets", []))]


def check_dashboard():
    dash, panels = dashboard_panels()
    empty, errors = [], []
    for p in panels:
        has_data = False
        for t in p["targets"]:
            if not t.get("expr"):
                continue
            r = query(substitute(t["expr"]))
            if r.get("status") != "success":
                errors.append(f"panel {p['title']!r}: {r.get('error')}\n    {t['expr']}")
            elif r["data"]["result"]:
                has_data = True
                # A grouping label that the series do not carry (renamed in code or in the query) still
                # returns data, as one unlabelled series: every `by (...)` label must be in the result.
                grouped = {l.strip() for g in re.findall(r"\bby\s*\(([^)]*)\)", t["expr"]) for l in g.split(",")} - {"le", ""}
                missing = sorted(l for l in grouped if any(l not in x["metric"] for x in r["data"]["result"]))
                if missing:
                    errors.append(f"panel {p['title']!r}: label(s) {', '.join(missing)} missing from its result\n    {t['expr']}")
        if not has_data:
            empty.append(p["title"])
    for v in dash.get("templating", {}).get("list", []):
        m = re.fullmatch(r"label_values\((.*),\s*(\w+)\)", v.get("definition", ""))
        if m:
            r = prom(f"/api/v1/label/{m.group(2)}/values", **{"match[]": substitute(m.group(1))})
            if r.get("status") != "success" or not r["data"]:
                errors.append(f"variable {v['name']}: no values for {v['definition']}")
            elif v["name"] == "job" and not {"focus-api", "focus-api-local"} <= set(r["data"]):
                errors.append(f"variable job: focus-api and focus-api-local not both among {r['data']}")
    unexpected = [t for t in empty if t not in NOT_RECORDED_YET]
    stale_list = [t for t in NOT_RECORDED_YET if t not in empty]
    expected = [f"{t} ({NOT_RECORDED_YET[t]})" for t in empty if t in NOT_RECORDED_YET]
    log(f"dashboard: {len(panels)} panels, {len(panels) - len(empty)} with data"
        + ("; empty as expected: " + ", ".join(expected) if expected else ""))
    if unexpected:
        errors.append("dashboard panels without data after the session: " + ", ".join(unexpected))
    if stale_list:
        errors.append("panels now return data, take them off NOT_RECORDED_YET in monitoring/e2e.py: "
                      + ", ".join(stale_list))
    failures.extend(errors)


def check_rules():
    n_in_files = sum(len(re.findall(r"^\s*- (?:record|alert):", open(f).read(), re.M)) for f in RULE_FILES)
    rules = [r for g in prom("/api/v1/rules")["data"]["groups"] for r in g["rules"]]
    if len(rules) != n_in_files:
        failures.append(f"Prometheus loaded {len(rules)} rules, the rule files define {n_in_files}")
    recorded_empty = []
    for rule in rules:
        if rule.get("health") != "ok":
            failures.append(f"rule {rule['name']}: health {rule.get('health')}: {rule.get('lastError')}")
        r = query(rule["query"])
        if r.get("status") != "success":
            failures.append(f"rule {rule['name']}: {r.get('error')}")
        if rule["type"] == "recording" and not result(rule["name"]):
            recorded_empty.append(rule["name"])
    if recorded_empty:
        failures.append("recording rules without data after the session: " + ", ".join(recorded_empty))
    log(f"rules: {len(rules)} loaded, {sum(r.get('health') == 'ok' for r in rules)} healthy, "
        f"every recording rule has data")


def check_push_stale():
    # Ten minutes cannot pass in this test: the shipped expression is evaluated through the HTTP API at a
    # time just before and just after the ten minutes that follow the health function's last push.
    alert = next(r for g in prom("/api/v1/rules")["data"]["groups"] for r in g["rules"]
                 if r["name"] == "MetricsPushStale")
    if result(alert["query"]):
        failures.append(f"MetricsPushStale holds while the functions push: {result(alert['query'])}")
    last = float(result('max(push_time_seconds{job="focus-api", function="health"})')[0]["value"][1])
    before = {s["metric"].get("function") for s in result(alert["query"], last + 599)}
    after = {s["metric"].get("function") for s in result(alert["query"], last + 601)}
    if "health" in before or "health" not in after:
        failures.append(f"MetricsPushStale: expected health only 601 s after its last push "
                        f"(599 s: {before}, 601 s: {after})")
    else:
        log(f"MetricsPushStale: holds 601 s after the last push of health (with > 60 requests in the hour), "
            f"not 599 s after it; functions then: {sorted(after)}")


def run_guide():
    text = open(GUIDE).read()
    exprs = []
    for block in re.findall(r"```promql\n(.*?)```", text, re.S):
        current = []
        for line in block.splitlines() + [""]:
            if line.strip() and not line.lstrip().startswith("#"):
                current.append(line)
            elif current:
                exprs.append("\n".join(current))
                current = []
    empty = []
    for expr in exprs:
        r = query(expr)
        if r.get("status") != "success":
            failures.append(f"operations guide PromQL: {r.get('error')}\n    {expr}")
        elif not r["data"]["result"]:
            empty.append(expr)
    log(f"operations guide: {len(exprs)} PromQL expressions run, {len(exprs) - len(empty)} with data")
    # The table that reads each dashboard section in Prometheus: every query must return data.
    section = text[text.index("### Reading the dashboard in Prometheus"):]
    section = section[:section.index("\n## ")]
    rows = [row.split("|")[3] for row in section.splitlines() if row.startswith("| ") and "`" in row.split("|")[3]]
    for cell in rows:
        expr = re.search(r"`([^`]+)`", cell).group(1)
        if not result(expr):
            failures.append(f"operations guide, 'Reading the dashboard in Prometheus': no data from {expr}")
    if not rows:
        failures.append("operations guide: no query in 'Reading the dashboard in Prometheus'")
    log(f"operations guide: {len(rows)} dashboard-section queries return data")
    # The debugging section's shell commands, as written, with this stack's addresses.
    debugging = text[text.index("## Debugging"):text.index("### Logs")]
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", debugging, re.S):
        joined = re.sub(r"\\\n\s*", " ", block)
        commands += [c for c in joined.splitlines() if c.strip() and not c.lstrip().startswith("#")]
    env = dict(os.environ, PUSHGATEWAY_URL=PGW, REDIS_URL=REDIS_URL)
    ran = 0
    for command in commands:
        if "$API_URL" in command:
            continue  # the deployed API
        local = (command.replace("http://localhost:8000", API).replace("http://localhost:9090", PROM)
                 .replace("redis://localhost:6379/0", REDIS_URL))
        p = subprocess.run(["bash", "-o", "pipefail", "-c", local], capture_output=True, text=True, env=env, timeout=30)
        if p.returncode != 0 or not p.stdout.strip():
            failures.append(f"operations guide command failed or printed nothing (exit {p.returncode}): {command}\n"
                            f"    {p.stderr.strip()[:300]}")
        ran += 1
    if not any(c.lstrip().startswith("redis-cli") for c in commands):
        failures.append("the operations guide's debugging section has no redis-cli command")
    log(f"operations guide: {ran} debugging commands (curl, redis-cli) run against this stack")


def main():
    access = session()
    challenge = challenge_and_limit(access)
    gauges = start_business_gauges()
    cache_misses(access)
    client_errors(access)
    finish_business_gauges(gauges)  # on the database, before it is stopped
    log("database stopped: health must answer 503")
    command = stop_database()
    call("GET", "/api/health", 503)
    call("GET", "/api/health", 503)
    call("GET", "/api/users/me/stats", (500, 503), token=access)
    start_database(command)
    call("GET", "/api/health", 200)

    wait_until("HighErrorRate fires for health and users (4xx, 503 while the database was down)",
               lambda: {"health", "users"} <= alert_functions("HighErrorRate"), 60)
    wait_until("LowCacheHitRate fires for users (each new activity made the next stats read a miss)",
               lambda: "users" in alert_functions("LowCacheHitRate"), 60)
    # A dashboard pass while the errors are recent: every panel has data.
    check_dashboard()

    successes(access, 70, challenge)
    log(f"session done: {sum(statuses.values())} requests, by status {dict(sorted(statuses.items()))}")
    wait_until("HighErrorRate and LowCacheHitRate cleared (successes, cache hits)",
               lambda: not alert_functions("HighErrorRate") and not alert_functions("LowCacheHitRate")
               and not alert_functions("HighErrorRate", "pending") and not alert_functions("LowCacheHitRate", "pending"),
               90)
    frozen_pushgateway()
    check_rules()
    check_push_stale()
    run_guide()
    if failures:
        print("FAIL:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)
    log("end-to-end monitoring checks passed")


main()
