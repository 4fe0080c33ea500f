#!/usr/bin/env bash
# `make bench`: every harness of issue 11 in one go, each rewriting its section of BENCHMARKS.md (the text
# around the tables stays as written). Needs the jars (make build); installs Debian's wrk when missing.
# BENCH_QUICK=1 runs reduced sizes (a smoke run of the harnesses, not figures to publish: nothing is rewritten).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "$jar missing: make build" >&2; exit 1; }
if ! command -v wrk >/dev/null 2>&1; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  echo "Installing from apt: wrk"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/focus-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT
started=$SECONDS

run() { # name command...
  local name=$1
  shift
  printf '==> %s: %s\n' "$name" "$*"
  "$@" | tee "$out/$name.md"
  if [ -z "${BENCH_QUICK:-}" ]; then
    benchmarks/update-tables.py BENCHMARKS.md "$name" "$out/$name.md" "$*"
  fi
  printf '==> %s done (%d s so far)\n' "$name" $((SECONDS - started))
}

if [ -n "${BENCH_QUICK:-}" ]; then
  run cache-gain java -cp "$jar" com.focusapi.benchmarks.gain.CacheGainHarness 300 20000 20 200
  run warm-stability java -cp "$jar" com.focusapi.benchmarks.handlers.WarmStabilityHarness 2000
  run cached-profile java -cp "$jar" com.focusapi.benchmarks.handlers.CachedRequestProfile 2000
  run wrk benchmarks/wrk/throughput.sh 3 4
  run cold-start java -cp "$jar" com.focusapi.benchmarks.lambda.LambdaRuntimeHarness 1
else
  run cache-gain java -cp "$jar" com.focusapi.benchmarks.gain.CacheGainHarness
  run warm-stability java -cp "$jar" com.focusapi.benchmarks.handlers.WarmStabilityHarness
  run cached-profile java -cp "$jar" com.focusapi.benchmarks.handlers.CachedRequestProfile
  run wrk benchmarks/wrk/throughput.sh
  # About 1 min per round on 2 cores (8 fresh JVMs under the Lambda runtime client, after a warm-up round).
  run cold-start java -cp "$jar" com.focusapi.benchmarks.lambda.LambdaRuntimeHarness "${BENCH_COLDSTART_ROUNDS:-3}"
fi
printf '==> make bench done in %d s\n' $((SECONDS - started))
