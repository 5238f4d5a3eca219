#!/usr/bin/env bash
# Runs every test of every module, the browser and AsyncAPI checks included.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
. scripts/e2e-setup.sh
# The Redis cache tier's tests start a real redis-server of their own (fakes' RedisServer).
require_packages redis-server:redis-server || exit 1
exec ./mvnw -B test "$@"
