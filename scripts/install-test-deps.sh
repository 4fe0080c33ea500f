#!/usr/bin/env bash
# Installs the real servers the test suites start, when they are missing. Idempotent and quiet when all
# is there. Debian packages: redis-server/redis-tools (Redis 7), prometheus (+ promtool) and
# prometheus-pushgateway. PyPI: moto[server], the AWS emulator (CloudWatch, SES, Secrets Manager), and
# schemathesis (scripts/fuzz-local) in a venv of its own.
set -euo pipefail

need_apt=()
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || need_apt+=(redis-tools)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)  # throwaway CA for the cache TLS test
command -v prometheus >/dev/null 2>&1 || need_apt+=(prometheus)
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v prometheus-pushgateway >/dev/null 2>&1 || need_apt+=(prometheus-pushgateway)

if [ ${#need_apt[@]} -gt 0 ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  echo "Installing from apt: ${need_apt[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  # The packages start system services we do not use: the tests start their own servers on free ports.
  for svc in redis-server prometheus prometheus-pushgateway prometheus-node-exporter; do
    $sudo_cmd systemctl stop "$svc" >/dev/null 2>&1 || $sudo_cmd service "$svc" stop >/dev/null 2>&1 || true
  done
fi

if ! command -v cfn-lint >/dev/null 2>&1; then
  echo "Installing from PyPI: cfn-lint"
  python3 -m pip install -q 'cfn-lint>=1,<2'
fi

# The SAM CLI pins many packages: its own venv, unless one is on PATH (make test: SAM=... to choose).
SAM_VENV="${SAM_VENV:-$HOME/.cache/focus-api/sam}"
if [ -z "${SAM:-}" ] && ! command -v sam >/dev/null 2>&1 && [ ! -x "$SAM_VENV/bin/sam" ]; then
  echo "Installing from PyPI into $SAM_VENV: aws-sam-cli"
  python3 -m venv "$SAM_VENV"
  "$SAM_VENV/bin/pip" install -q 'aws-sam-cli>=1.170,<2'
fi

if ! python3 -c "import moto, flask" >/dev/null 2>&1 || ! command -v moto_server >/dev/null 2>&1; then
  echo "Installing from PyPI: moto[server]"
  python3 -m pip install -q 'moto[server]>=5.1,<6'
fi

# Schemathesis (scripts/fuzz-local, run by `make test`): its own venv, as the SAM CLI, for its pinned packages.
SCHEMATHESIS_VENV="${SCHEMATHESIS_VENV:-$HOME/.cache/focus-api/schemathesis}"
if [ ! -x "$SCHEMATHESIS_VENV/bin/st" ]; then
  echo "Installing from PyPI into $SCHEMATHESIS_VENV: schemathesis"
  python3 -m venv "$SCHEMATHESIS_VENV"
  "$SCHEMATHESIS_VENV/bin/pip" install -q 'schemathesis>=4.3,<5'
fi
