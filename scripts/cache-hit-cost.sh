#!/usr/bin/env bash
# What a cache hit costs inside the cache, stage by stage (key, lookup to the first chunk, the rest,
# close), in-process, then hits per second from 1 and from N threads: scripts/CacheHitCost.java.
#   scripts/cache-hit-cost.sh [threads]
# docs/performance.md (Cache hits, issue 14 item 6) puts these beside the end-to-end hit scenario of
# scripts/benchmark.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -o -DskipTests package -pl app -am
"$JAVA_HOME/bin/java" -cp "app/target/tts-gateway.jar:app/target/libs/*" scripts/CacheHitCost.java "${1:-50}"
