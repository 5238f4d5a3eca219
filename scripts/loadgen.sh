#!/usr/bin/env bash
# Runs the load generator against a gateway; every argument is passed on (try --help).
# Builds the loadgen module first if its jar is missing or older than its sources.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
jar=loadgen/target/tts-loadgen.jar
if [ ! -f "$jar" ] || [ -n "$(find loadgen/src loadgen/pom.xml -newer "$jar" -print -quit)" ]; then
    ./mvnw -B -q -DskipTests package -pl loadgen -am
fi
exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"
