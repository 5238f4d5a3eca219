#!/usr/bin/env bash
# Runs the load generator against a gateway; every argument is passed on (try --help).
# Builds the loadgen module first if its jar is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
if [ ! -f loadgen/target/tts-loadgen.jar ]; then
    ./mvnw -B -q -DskipTests package -pl loadgen -am
fi
exec "$JAVA_HOME/bin/java" -jar loadgen/target/tts-loadgen.jar "$@"
