#!/usr/bin/env bash
# A WebSocket cache hit's first byte, one session, told apart from the load generator's own time:
# the hit scenario of scripts/benchmark.sh (tone provider, "Hello, how can I assist you today?", the
# engine off) against the gateway and against scripts/NullGateway.java, which answers every request
# at once with the same frames (start, 7 x 4,800 bytes, done) and so measures the load generator
# plus loopback. Each round runs, each in a new load-generator process: 300 hits with no warm-up in
# the measuring process (what hit-1 did before), then 1,000 after 2,000 of warm-up in it (hit-1
# now), against each server. Prints p50 / p99 in ms and the load average per line.
#   BENCH_PORT=19400 scripts/hit-first-byte.sh [rounds]     (ports BENCH_PORT to BENCH_PORT+2)
# COMPARE_JAR=path/to/other/tts-gateway.jar (its libs/ beside it) also runs that build, on its own
# cache, and measures it in each round right after this one, so both see the same machine load.
# GATEWAY_JAVA_OPTS adds JVM flags to the gateways.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -o -DskipTests package -pl app,loadgen -am
ROUNDS=${1:-3}
PORT=${BENCH_PORT:-8304}
WORK=$(mktemp -d)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

gateway() { # port jar
    env PORT="$1" CACHE_DIR="$WORK/cache-$1" SESSION_RATE_LIMIT_PER_MINUTE=100000 SESSION_MAX_SESSIONS=20000 \
        TTS_PROVIDER=tone TONE_FIRST_BYTE_DELAY=PT0.1S TONE_CHUNK_INTERVAL=PT0.02S TONE_PER_CHARACTER=PT0.02S \
        MARYTTS_ENABLED=false \
        "$JAVA_HOME/bin/java" -Xms1g -Xmx1g ${GATEWAY_JAVA_OPTS:-} -jar "$2" > "$WORK/gateway-$1.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 120); do
        curl -sf "localhost:$1/observe/health/ready" > /dev/null && break
        sleep 0.5
    done
    # Fills the cache and warms the gateway's JIT, as benchmark.sh's hit-warmup does.
    scripts/loadgen.sh --url "ws://localhost:$1/api/v1/ws" --sessions 10 --requests 100 > /dev/null
}

p50() { # label loadgen-args...
    local label=$1 result
    shift
    result=$(scripts/loadgen.sh "$@" | grep '^RESULT ' || true)
    printf '%-36s %s   %s\n' "$label" \
        "$(sed -E 's/.*"ttfbMs":\{"count":([0-9]+),"p50":([0-9.]+),"p90":[0-9.]+,"p99":([0-9.]+).*/p50 \2 \/ p99 \3 ms (\1 hits)/' <<< "$result")" \
        "$(uptime | sed 's/.*load average/load average/')"
}

"$JAVA_HOME/bin/java" scripts/NullGateway.java "$((PORT + 1))" > "$WORK/null.log" 2>&1 &
PIDS+=($!)
gateway "$PORT" app/target/tts-gateway.jar
if [ -n "${COMPARE_JAR:-}" ]; then
    gateway "$((PORT + 2))" "$COMPARE_JAR"
fi
for _ in $(seq 1 120); do
    grep -q "null gateway" "$WORK/null.log" && break
    sleep 0.5
done

THIS="ws://localhost:$PORT/api/v1/ws"
NULL="ws://localhost:$((PORT + 1))/api/v1/ws"
OTHER="ws://localhost:$((PORT + 2))/api/v1/ws"
WARM=(--sessions 1 --requests 1000 --warmup 2000)
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round"
    p50 "  this build, 300, cold load gen" --url "$THIS" --sessions 1 --requests 300
    p50 "  null,       300, cold load gen" --url "$NULL" --sessions 1 --requests 300
    p50 "  this build, 1000 after 2000" --url "$THIS" "${WARM[@]}"
    if [ -n "${COMPARE_JAR:-}" ]; then
        p50 "  compared,   1000 after 2000" --url "$OTHER" "${WARM[@]}"
    fi
    p50 "  null,       1000 after 2000" --url "$NULL" "${WARM[@]}"
done
