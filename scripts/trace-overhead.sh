#!/usr/bin/env bash
# What tracing costs per request: the bare loop (baseline), off (no OTEL_EXPORTER_OTLP_ENDPOINT) and
# on (the SDK makes every span; an exporter drops them), each in its own JVM: scripts/TraceOverhead.java.
#   scripts/trace-overhead.sh
# docs/performance.md (Tracing) puts these next to the end-to-end runs of scripts/benchmark.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -o -DskipTests package -pl app -am
for mode in baseline off on; do
    "$JAVA_HOME/bin/java" -cp "app/target/tts-gateway.jar:app/target/libs/*" scripts/TraceOverhead.java "$mode"
done
