#!/usr/bin/env bash
# What tracing costs per request, off (no OTEL_EXPORTER_OTLP_ENDPOINT) and on (SDK, batch processor,
# an exporter that drops spans), each mode in its own JVM: scripts/TraceOverhead.java.
#   scripts/trace-overhead.sh
# docs/performance.md (Tracing) puts these next to the end-to-end runs of scripts/benchmark.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -o -DskipTests package -pl app -am
for mode in off on; do
    "$JAVA_HOME/bin/java" -cp "app/target/tts-gateway.jar:app/target/libs/*" scripts/TraceOverhead.java "$mode"
done
