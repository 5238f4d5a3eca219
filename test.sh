#!/usr/bin/env bash
# Runs every test of every module, the browser and AsyncAPI checks included.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
. scripts/e2e-setup.sh
exec ./mvnw -B test "$@"
