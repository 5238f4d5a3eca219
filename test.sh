#!/usr/bin/env bash
# Runs every test of every module.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
exec ./mvnw -B test "$@"
