# Focus API — the two commands of the README, and the pieces they are made of.
MVN ?= mvn -B -ntp -Dstyle.color=never
PORT ?= 8000
DATA_DIR ?= .focus-local
JAR := local/target/focus-local.jar
# What the jar is built from: a `make run` with nothing changed starts at once, without Maven.
SOURCES := pom.xml $(shell find shared functions local local-bridge test-support benchmarks -name target -prune -o -type f \
	\( -path '*/src/main/*' -o -name pom.xml \) -print 2>/dev/null)
# Maven 3.8 writes ESC[0m even in batch mode ("[0m[0m" in a log): stripped, with Maven's exit status kept.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PLAIN := sed -u 's/\x1b\[[0-9;]*m//g'
# The SAM CLI: the one on PATH, else the venv scripts/install-test-deps.sh creates.
SAM ?= $(or $(shell command -v sam 2>/dev/null),$(HOME)/.cache/focus-api/sam/bin/sam)

.PHONY: run monitor test lint-template smoke smoke-local build deps clean reset format format-check bench

## make run: the local API on http://localhost:$(PORT), embedded PostgreSQL and Redis unless
## DATABASE_URL / REDIS_URL are set. Data stays in $(DATA_DIR)/ between runs (make reset wipes it);
## make run DATA_DIR=/tmp/other PORT=8001 runs a second, separate one.
run: $(JAR)
	java -jar $(JAR) run --port $(PORT) --data-dir $(DATA_DIR)

## make monitor: make run plus Debian's Pushgateway and Prometheus on this machine (no Docker), with
## monitoring/prometheus/; the functions push after each response as in AWS. Prometheus on
## http://localhost:$(PROMETHEUS_PORT), Pushgateway on http://localhost:$(PUSHGATEWAY_PORT); Ctrl-C stops all three.
PROMETHEUS_PORT ?= 9090
PUSHGATEWAY_PORT ?= 9091
monitor: build
	PORT=$(PORT) PROMETHEUS_PORT=$(PROMETHEUS_PORT) PUSHGATEWAY_PORT=$(PUSHGATEWAY_PORT) ./monitoring/run-local.sh

## make test: installs the servers the suites need when missing, then runs every test of every module,
## then the monitoring checks (promtool rule tests; then the make-monitor stack on free ports driven by a
## scripted session: every dashboard panel, rule, alert and guide command against real traffic, ~2 min),
## then the smoke test and schemathesis (scripts/fuzz-local, every operation of /api/openapi.yml, ~2 min)
## against the local API, while MetricsPushStale is made to fire and clear in real time
## (monitoring/push-stale-test.sh, ~12 min, asleep most of it: scripts/test-end-to-end runs the four).
## TemplateTest (local/) checks the deployment's rules.
test: deps lint-template
	$(MVN) verify 2>&1 | $(PLAIN)
	./scripts/test-end-to-end

## make bench: the performance harnesses of BENCHMARKS.md (cache gain on the demo data set, warm stability,
## wrk throughput, cold start under Lambda's runtime client, a JFR profile of a cached request); each rewrites its
## generated table there (~13 min here).
## BENCH_QUICK=1: small sizes, nothing rewritten. BENCH_COLDSTART_ROUNDS=n: fresh JVMs per cold-start row (3).
bench: build
	./benchmarks/run-all.sh

## The deployment template: cfn-lint (no warning kept, .cfnlintrc) and the SAM CLI's own lint and transform.
lint-template:
	cfn-lint template.yaml
	SAM_CLI_TELEMETRY=0 $(SAM) validate --lint

## make smoke URL=https://…execute-api…amazonaws.com [STACK=focus-api-dev]: the user journey against a deployment.
smoke:
	scripts/smoke $(URL) $(if $(STACK),--stack $(STACK))

## make smoke-local: the same journey against the local API (started here on a free port, stopped after).
smoke-local:
	scripts/smoke-local

## make format: rewrites every module's Java sources in the project style (palantir-java-format, through
## spotless); make format-check fails on any file not in that style, changing nothing.
format:
	$(MVN) spotless:apply

format-check:
	$(MVN) spotless:check

build: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) -DskipTests package 2>&1 | $(PLAIN)
	@touch $@

deps:
	./scripts/install-test-deps.sh

## make reset: wipes $(DATA_DIR) (refused while a local API runs on it); builds nothing.
reset:
	@test -f $(JAR) || { echo "$(JAR) is missing: make build first (or delete $(DATA_DIR) yourself)"; exit 2; }
	java -jar $(JAR) reset --data-dir $(DATA_DIR)

clean:
	$(MVN) -q clean 2>&1 | $(PLAIN)
