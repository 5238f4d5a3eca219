#!/usr/bin/env bash
# Runs the scenarios of docs/performance.md: starts a gateway per scenario on this machine (heap
# capped at 1 GiB), loads it with the load generator over loopback, prints each report and the
# gateway's heap after the run. Takes a few minutes; run it on an otherwise idle machine.
#   scripts/benchmark.sh            all scenarios
#   scripts/benchmark.sh NAME...    some of: overhead hit engine streaming idle
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -DskipTests package
ulimit -n 65536 2>/dev/null || true

PORT=${BENCH_PORT:-8302}
URL="ws://localhost:$PORT/api/v1/ws"
WORK=$(mktemp -d)
trap 'stop_gateway; rm -rf "$WORK"' EXIT
GATEWAY_PID=

start_gateway() { # env assignments...
    env PORT="$PORT" CACHE_DIR="$WORK/cache-$RANDOM" SESSION_RATE_LIMIT_PER_MINUTE=100000 \
        SESSION_MAX_SESSIONS=20000 "$@" \
        "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -jar app/target/tts-gateway.jar > "$WORK/gateway.log" 2>&1 &
    GATEWAY_PID=$!
    for _ in $(seq 1 120); do
        if curl -sf "localhost:$PORT/observe/health/ready" > /dev/null; then
            return 0
        fi
        sleep 0.5
    done
    echo "gateway did not become ready; its log:" >&2
    cat "$WORK/gateway.log" >&2
    exit 1
}

stop_gateway() {
    if [ -n "$GATEWAY_PID" ]; then
        kill "$GATEWAY_PID" 2>/dev/null || true
        wait "$GATEWAY_PID" 2>/dev/null || true
        GATEWAY_PID=
    fi
}

heap() {
    curl -s "localhost:$PORT/observe/metrics" | awk '/^memory_usedHeap_bytes/ {printf "gateway heap used after the run: %.0f MiB\n", $2 / 1048576}'
}

scenario() { # name description loadgen-args...
    local name=$1 description=$2
    shift 2
    echo
    echo "=== $name: $description"
    echo "    scripts/loadgen.sh --url $URL $*"
    scripts/loadgen.sh --url "$URL" "$@" || true
    heap
}

run_overhead() {
    start_gateway TTS_PROVIDER=tone TONE_FIRST_BYTE_DELAY=PT0.1S
    scenario overhead-warmup "JIT warm-up, not reported" --sessions 20 --requests 20 --unique > /dev/null
    scenario overhead "tone provider, fixed 100 ms time to first byte, every request a cache miss" \
        --sessions 50 --requests 20 --unique
    stop_gateway
}

run_hit() {
    start_gateway TTS_PROVIDER=tone TONE_FIRST_BYTE_DELAY=PT0.1S
    scenario hit-warmup "fills the cache and warms up, not reported" --sessions 20 --requests 20 > /dev/null
    scenario hit "same text, every request a cache hit" --sessions 50 --requests 20
    stop_gateway
}

run_engine() {
    start_gateway TTS_PROVIDER=marytts
    scenario engine-warmup "JIT warm-up, not reported" --sessions 2 --requests 5 --unique > /dev/null
    scenario engine-1 "embedded engine, one session, cache misses" --sessions 1 --requests 20 --unique
    scenario engine-10 "embedded engine, 10 sessions, cache misses" --sessions 10 --requests 5 --unique
    stop_gateway
}

run_streaming() {
    # Audio produced at 5x real time (100 ms chunks every 20 ms), so 1000 streams stay open together.
    start_gateway TTS_PROVIDER=tone TONE_FIRST_BYTE_DELAY=PT0.1S TONE_CHUNK_INTERVAL=PT0.02S
    scenario streaming "1000 concurrent streaming sessions, 3 requests each, cache misses" \
        --sessions 1000 --requests 3 --unique --ramp-ms 2000 --timeout-s 120
    stop_gateway
}

run_idle() {
    start_gateway TTS_PROVIDER=tone TONE_FIRST_BYTE_DELAY=PT0.1S
    scenario idle "10000 idle connections held while 100 sessions stream" \
        --idle 10000 --sessions 100 --requests 10 --unique --ramp-ms 1000 --timeout-s 120
    stop_gateway
}

for name in ${@:-overhead hit engine streaming idle}; do
    "run_$name"
done
