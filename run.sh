#!/usr/bin/env bash
# Builds the gateway and starts it. With no API key set it speaks with the embedded engine:
#   ws://localhost:8002/api/v1/ws
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
./mvnw -B -q -DskipTests package
: "${CACHE_DIR:=var/cache}"  # the repository's cache/ folder is the cache module
export CACHE_DIR
# G1, measured against generational ZGC (docs/performance.md, "Garbage collector"); JAVA_OPTS replaces it.
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:--XX:+UseG1GC} -jar app/target/tts-gateway.jar "$@"
