#!/usr/bin/env bash
# Makes the gateway's AOT cache (JDK 25, JEP 483/514/515): a training run records the classes the
# gateway loads and links and its methods' profiles, so a gateway started with -XX:AOTCache=FILE is
# ready in about half the time and compiles its hot code sooner (docs/performance.md, "Issue 14, fourth pass").
#   scripts/aot-cache.sh [--if-stale] OUT [JAVA_FLAGS...]
# Starts the five fake providers, a gateway writing OUT with every provider pointed at them and the
# embedded engine on, runs scripts/AotTraining.java against it, and stops it (the JVM writes OUT as it
# exits). The cache is only used by the same JVM and the same jar files (path, size and time):
#   GATEWAY_JAVA      the java that runs the gateway (default: $JAVA_HOME/bin/java); give the runtime
#                     the gateway runs on, e.g. the jlinked one
#   GATEWAY_JAR_FILE  the gateway's jar, as the gateway is started (default app/target/tts-gateway.jar)
#   AOT_TRAINING_ROUNDS, AOT_TRAINING_SESSIONS  how much work (default 3 rounds of 4 sessions per provider)
# --if-stale: only when OUT is missing or older than the gateway's jar or a jar of its libs/.
# Needs the fakes' jar (fakes/target). Takes about a minute; the cache is about 70 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/gateway-lib.sh

if_stale=false
if [ "${1:-}" = --if-stale ]; then
    if_stale=true
    shift
fi
if [ $# -lt 1 ]; then
    echo "usage: scripts/aot-cache.sh [--if-stale] OUT [JAVA_FLAGS...]" >&2
    exit 2
fi
out=$(realpath -m "$1")
shift
jar=${GATEWAY_JAR_FILE:-app/target/tts-gateway.jar}
if $if_stale && [ -f "$out" ] && [ -z "$(find "$jar" "$(dirname "$jar")/libs" -name '*.jar' -newer "$out" -print -quit)" ]; then
    exit 0
fi
providers=(elevenlabs openai deepgram cartesia uplift)
key=aot-training-key

start_fakes "$WORK/fakes.log" "$key" 20 10
provider_env=()
for provider in "${providers[@]}"; do
    url=$(fake_url "$WORK/fakes.log" "$provider")
    case $provider in
        deepgram) provider_env+=(DG_API_KEY="$key" DG_BASE_URL="$url") ;;
        *) provider_env+=("${provider^^}_API_KEY=$key" "${provider^^}_BASE_URL=$url") ;;
    esac
done

mkdir -p "$(dirname "$out")"
rm -f "$out"
log="$WORK/gateway.log"
# AOTAdapterCaching off: JDK 25.0.3 saves adapters it then cannot link, and warns at every start.
launch_gateway 0 "$log" "$WORK/cache" "${provider_env[@]}" MARYTTS_ENABLED=true \
    SESSION_RATE_LIMIT_PER_MINUTE=100000 -- "$@" \
    -XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching -XX:AOTCacheOutput="$out"
GATEWAY_PID=$LAUNCHED_PID
port=
for _ in $(seq 1 240); do
    port=$(sed -n 's|.*tts-gateway listening on ws://localhost:\([0-9]*\)/.*|\1|p' "$log" | head -1)
    [ -n "$port" ] && break
    kill -0 "$GATEWAY_PID" 2>/dev/null || break
    sleep 0.25
done
if [ -z "$port" ]; then
    echo "aot-cache: the training gateway did not start; its log:" >&2
    cat "$log" >&2
    exit 1
fi
# Readiness waits for the default provider only; the embedded engine warms up in 10-30 s.
for _ in $(seq 1 480); do
    grep -q 'Embedded engine ready' "$log" && break
    kill -0 "$GATEWAY_PID" 2>/dev/null || break
    sleep 0.25
done
# The embedded engine serves two requests at once: one client of it per round is enough.
if ! "$JAVA_HOME/bin/java" scripts/AotTraining.java "$port" "${AOT_TRAINING_ROUNDS:-3}" \
    "${AOT_TRAINING_SESSIONS:-4}" "${providers[@]}" marytts:1; then
    echo "aot-cache: the training run failed; the gateway's log:" >&2
    cat "$log" >&2
    exit 1
fi
stop_gateway
if [ ! -s "$out" ]; then
    echo "aot-cache: the gateway exited without writing $out; its log:" >&2
    cat "$log" >&2
    exit 1
fi
echo "aot-cache: $out, $(du -m "$out" | cut -f1) MB"
