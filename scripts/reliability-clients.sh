#!/usr/bin/env bash
# Measures how the gateway treats clients that misbehave (docs/reliability.md), each against a
# gateway of its own on this machine, with the tone provider streaming in real time (vanish) or as
# fast as it can (slow: the buffers fill at once, the worst case for memory):
#   scripts/reliability-clients.sh vanish    50 clients mid-synthesis go without a close frame, with a FIN
#                                    and then with a reset, while audio flows and before any: how
#                                    soon tts_sessions_active drops
#   scripts/reliability-clients.sh slow      10 clients send long requests and stop reading while a normal
#                                    client is served: when they are dropped, live heap, its p50
#   scripts/reliability-clients.sh vanish_engine   the same on the embedded engine, not waiting for audio
#   scripts/reliability-clients.sh           vanish and slow
# VANISH_CLIENTS, SLOW_CLIENTS and SLOW_SECONDS change the numbers; SKIP_BUILD=1 uses the jar as built,
# GATEWAY_JAR another one (to compare with an older build).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -B -q -DskipTests package -pl app -am
ulimit -n 65536 2>/dev/null || true
. scripts/gateway-lib.sh

PORT=${RELIABILITY_PORT:-8303}
GATEWAY_JAR_FILE=${GATEWAY_JAR:-app/target/tts-gateway.jar} # the jar launch_gateway runs

start_gateway() { # env assignments...
    launch_gateway "$PORT" "$WORK/gateway.log" "$WORK/cache" MARYTTS_ENABLED=false CACHE_ENABLED=false \
        SESSION_RATE_LIMIT_PER_MINUTE=100000 TTS_PROVIDER=tone "$@" -- -Xmx512m
    GATEWAY_PID=$LAUNCHED_PID
    await_ready "$PORT" "$WORK/gateway.log"
}

clients() {
    "$JAVA_HOME/bin/java" scripts/ReliabilityClients.java "$@"
}

run_vanish() {
    local n=${VANISH_CLIENTS:-50}
    # 60 ms of audio per character, streamed in 100 ms chunks every 100 ms: real time, so each
    # synthesis of 3,000 characters is still running when its client goes.
    start_gateway TONE_CHUNK_INTERVAL=PT0.1S
    echo "=== vanish: gateway with the default SESSION_PING_INTERVAL (PT20S)"
    clients vanish "$PORT" "$n" fin
    clients vanish "$PORT" "$n" rst
    stop_gateway
    # The provider takes 120 s to its first byte: the clients go while nothing has been written to
    # them, so no failed write can tell the gateway.
    start_gateway TONE_FIRST_BYTE_DELAY=PT120S PROVIDER_FIRST_BYTE_TIMEOUT=PT300S SESSION_STALL_TIMEOUT=PT300S
    clients vanish "$PORT" "$n" fin quiet
    clients vanish "$PORT" "$n" rst quiet
    stop_gateway
}

run_vanish_engine() {
    local n=${VANISH_CLIENTS:-50}
    # The embedded engine, 50 syntheses at once on this machine's cores: the clients go while the
    # engine computes, before or between chunks of audio.
    start_gateway TTS_PROVIDER=marytts MARYTTS_ENABLED=true
    echo "=== vanish_engine: the embedded engine"
    clients vanish "$PORT" "$n" fin quiet
    clients vanish "$PORT" "$n" rst quiet
    stop_gateway
}

run_slow() {
    local n=${SLOW_CLIENTS:-10} seconds=${SLOW_SECONDS:-30}
    start_gateway TONE_CHUNK_INTERVAL=PT0S
    echo "=== slow: gateway with the default SESSION_WRITE_TIMEOUT (PT10S), SESSION_MAX_BUFFERED_BYTES (262144)"
    clients slow "$PORT" "$n" "$GATEWAY_PID" "$seconds"
    stop_gateway
}

if [ $# -eq 0 ]; then
    set -- vanish slow
fi
for scenario in "$@"; do
    "run_$scenario"
done
