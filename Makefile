# Focus API — the two commands of the README, and the pieces they are made of.
MVN ?= mvn -B -ntp -Dstyle.color=never
PORT ?= 8000
DATA_DIR ?= .focus-local
JAR := local/target/focus-local.jar
# What the jar is built from: a `make run` with nothing changed starts at once, without Maven.
SOURCES := pom.xml $(shell find shared functions local local-bridge test-support -name target -prune -o -type f \
	\( -path '*/src/main/*' -o -name pom.xml \) -print 2>/dev/null)
# Maven 3.8 writes ESC[0m even in batch mode ("[0m[0m" in a log): stripped, with Maven's exit status kept.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PLAIN := sed -u 's/\x1b\[[0-9;]*m//g'

.PHONY: run test build deps clean reset

## make run: the local API on http://localhost:$(PORT), embedded PostgreSQL and Redis unless
## DATABASE_URL / REDIS_URL are set. Data stays in $(DATA_DIR)/ between runs (make reset wipes it);
## make run DATA_DIR=/tmp/other PORT=8001 runs a second, separate one.
run: $(JAR)
	java -jar $(JAR) run --port $(PORT) --data-dir $(DATA_DIR)

## make test: installs the servers the suites need when missing, then runs every test of every module,
## then the monitoring checks (promtool rule tests, every dashboard/alert query against a real Prometheus).
test: deps
	cfn-lint template.yaml
	$(MVN) verify 2>&1 | $(PLAIN)
	./monitoring/test.sh

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
