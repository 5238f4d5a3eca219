#!/usr/bin/env bash
# Builds the gateway and starts it. With no API key set it speaks with the embedded engine:
#   ws://localhost:8002/api/v1/ws
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
./mvnw -B -q -DskipTests package
: "${CACHE_DIR:=var/cache}"  # the repository's cache/ folder is the cache module
export CACHE_DIR
# AOT_CACHE=on: start with an AOT cache as the image does (docs/performance.md, "Issue 14, fourth pass"), ready in
# about half the time; made by a training run of about a minute when missing or older than the jars.
aot=()
if [ "${AOT_CACHE:-off}" = on ]; then
    scripts/aot-cache.sh --if-stale app/target/tts-gateway.aot
    aot=(-XX:AOTCache=app/target/tts-gateway.aot)
fi
# G1, measured against generational ZGC (docs/performance.md, "Garbage collector"); JAVA_OPTS replaces it.
exec "$JAVA_HOME/bin/java" ${JAVA_OPTS:--XX:+UseG1GC} "${aot[@]}" -jar app/target/tts-gateway.jar "$@"
