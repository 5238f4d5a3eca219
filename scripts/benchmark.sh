#!/usr/bin/env bash
# Runs the scenarios of docs/performance.md: starts a gateway per scenario on this machine (heap
# capped at 1 GiB), loads it with the load generator over loopback, prints each report and the
# gateway's heap after the run. Takes a few minutes; run it on an otherwise idle machine.
#   scripts/benchmark.sh            all scenarios
#   scripts/benchmark.sh NAME...    some of: overhead hit engine streaming idle providers streaming-input speech-api
# streaming-input also writes its two reports to $BENCH_OUT (default target/benchmark).
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
    awk '/^VmRSS/ {printf "gateway RSS after the run: %.0f MiB\n", $2 / 1024}' "/proc/$GATEWAY_PID/status" 2>/dev/null || true
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

# A provider with a fixed 100 ms time to first byte that then streams 100 ms chunks every 20 ms
# (5x real time), like a cloud provider; 20 ms of audio per character.
PROVIDER_100MS=(TTS_PROVIDER=tone TONE_FIRST_BYTE_DELAY=PT0.1S TONE_CHUNK_INTERVAL=PT0.02S TONE_PER_CHARACTER=PT0.02S)

run_overhead() {
    start_gateway "${PROVIDER_100MS[@]}"
    scenario overhead-warmup "JIT warm-up, not reported" --sessions 10 --requests 30 --unique > /dev/null
    scenario overhead-1 "provider with a fixed 100 ms first byte, one session, every request a miss" \
        --sessions 1 --requests 100 --unique
    scenario overhead-10 "the same, 10 sessions at once" --sessions 10 --requests 30 --unique
    scenario overhead-50 "the same, 50 sessions at once" --sessions 50 --requests 20 --unique
    scenario overhead-100 "the same, 100 sessions at once" --sessions 100 --requests 10 --unique
    stop_gateway
}

run_hit() {
    start_gateway "${PROVIDER_100MS[@]}"
    scenario hit-warmup "fills the cache and warms up, not reported" --sessions 10 --requests 30 > /dev/null
    scenario hit-1 "same text, every request a cache hit, one session" --sessions 1 --requests 300
    scenario hit-50 "the same, 50 sessions at once" --sessions 50 --requests 20
    stop_gateway
}

run_engine() {
    start_gateway TTS_PROVIDER=marytts
    scenario engine-warmup "JIT warm-up, not reported" --sessions 2 --requests 5 --unique > /dev/null
    scenario engine-1 "embedded engine, one session, every request a miss" --sessions 1 --requests 20 --unique
    scenario engine-4 "embedded engine, 4 sessions at once, every request a miss" --sessions 4 --requests 10 --unique
    scenario engine-hit "embedded engine, cache hits" --sessions 1 --requests 100
    stop_gateway
}

run_streaming() {
    start_gateway "${PROVIDER_100MS[@]}"
    scenario streaming "1000 concurrent streaming sessions, 5 requests each, every request a miss" \
        --sessions 1000 --requests 5 --unique --ramp-ms 2000 --timeout-s 120
    stop_gateway
}

run_idle() {
    start_gateway "${PROVIDER_100MS[@]}"
    scenario idle "10000 idle connections held while 100 sessions stream" \
        --idle 10000 --sessions 100 --requests 10 --unique --ramp-ms 1000 --timeout-s 120
    stop_gateway
}

# Each cloud provider's client against its fake (fakes/), which answers after a fixed 100 ms and
# then streams 100 ms chunks every 20 ms: what the load generator measures above 100 ms is the
# gateway's own cost plus the fake's (JSON, base64) for that provider's protocol.
run_providers() {
    local key=bench-key fakes_log="$WORK/fakes.log"
    "$JAVA_HOME/bin/java" -cp "fakes/target/tts-gateway-fakes.jar:fakes/target/libs/*" \
        io.ttsgateway.fakes.FakeProvidersMain "$key" 100 20 > "$fakes_log" 2>&1 &
    local fakes_pid=$!
    for _ in $(seq 1 60); do
        [ "$(grep -c ' http' "$fakes_log" || true)" -ge 5 ] && break
        if ! kill -0 "$fakes_pid" 2>/dev/null; then
            echo "the fakes did not start; their log:" >&2
            cat "$fakes_log" >&2
            exit 1
        fi
        sleep 0.5
    done
    url() { awk -v p="$1" '$1 == p {print $2}' "$fakes_log"; }
    local -A env=(
        [elevenlabs]="ELEVENLABS_API_KEY=$key ELEVENLABS_BASE_URL=$(url elevenlabs)"
        [openai]="OPENAI_API_KEY=$key OPENAI_BASE_URL=$(url openai)"
        [deepgram]="DG_API_KEY=$key DG_BASE_URL=$(url deepgram)"
        [cartesia]="CARTESIA_API_KEY=$key CARTESIA_BASE_URL=$(url cartesia)"
        [uplift]="UPLIFT_API_KEY=$key UPLIFT_BASE_URL=$(url uplift)"
    )
    for provider in elevenlabs openai deepgram cartesia uplift; do
        # shellcheck disable=SC2086
        start_gateway TTS_PROVIDER="$provider" MARYTTS_ENABLED=false ${env[$provider]}
        scenario "$provider-warmup" "JIT warm-up, not reported" --sessions 4 --requests 50 --unique > /dev/null
        # Uplift allows 60 requests per minute per connection (its fake enforces it).
        local requests=200
        [ "$provider" = uplift ] && requests=55
        scenario "$provider-1" "$provider fake with a fixed 100 ms first byte, one session, every request a miss" \
            --sessions 1 --requests "$requests" --unique
        scenario "$provider-20" "the same, 20 sessions at once" --sessions 20 --requests 20 --unique
        stop_gateway
    done
    kill "$fakes_pid" 2>/dev/null || true
    wait "$fakes_pid" 2>/dev/null || true
}

# Streaming input against whole text for the same reply, on the embedded engine: a voice agent's
# reply (four sentences, 33 words; --unique puts a run-unique tag into every sentence, so no
# request and no segment of a streamed one is a cache hit) sent as one synthesize, and as one
# append per word every 30 ms (an LLM's pace) then end. Time to first byte counts from the first
# message in both; the stream report adds when the text was complete (end sent) and how many
# requests had audio before that. Needs a gateway that takes append/end.
run_streaming_input() {
    local out=${BENCH_OUT:-target/benchmark}
    local reply=(--sessions 1 --requests 30 --reply --unique)
    mkdir -p "$out"
    start_gateway TTS_PROVIDER=marytts
    scenario streaming-input-warmup "JIT warm-up, not reported" --sessions 1 --requests 5 --reply --unique > /dev/null
    scenario streaming-input-warmup "JIT warm-up of streaming input, not reported" \
        --sessions 1 --requests 5 --reply --unique --input stream > /dev/null
    scenario streaming-input-whole "embedded engine, the reply as whole text, one session, every request a miss" \
        "${reply[@]}" --input whole | tee "$out/streaming-input-whole.txt"
    scenario streaming-input-stream "the same reply as streaming input, a word every 30 ms, then end" \
        "${reply[@]}" --input stream --token-interval-ms 30 --tokens-per-append 1 \
        | tee "$out/streaming-input-stream.txt"
    stop_gateway
    echo
    echo "=== streaming-input: whole vs stream (reports in $out/streaming-input-{whole,stream}.txt)"
    local input
    for input in whole stream; do
        grep -E '^  (input|completed|failed|time to first byte|text complete|first audio before end|total time)' \
            "$out/streaming-input-$input.txt" || true
    done
}

# First audio over the OpenAI-compatible HTTP API against the WebSocket, same gateway, same provider
# (100 ms first byte), one request at a time, every request a miss: the load generator over the
# WebSocket, then the official openai npm SDK (e2e/, installed by test.sh) streaming
# POST /v1/audio/speech and timing its first body chunk.
run_speech_api() {
    start_gateway "${PROVIDER_100MS[@]}"
    scenario speech-api-warmup "JIT warm-up, not reported" --sessions 2 --requests 30 --unique > /dev/null
    node e2e/openai-sdk.mjs first-byte "http://localhost:$PORT/v1" bench "$WORK/sdk" tone 30 > /dev/null
    scenario speech-api-ws "WebSocket, one session, every request a miss" --sessions 1 --requests 100 --unique
    echo
    echo "=== speech-api-http: POST /v1/audio/speech through the openai SDK, one at a time, every request a miss"
    node e2e/openai-sdk.mjs first-byte "http://localhost:$PORT/v1" bench "$WORK/sdk" tone 100
    heap
    stop_gateway
}

for name in ${@:-overhead hit engine streaming idle providers streaming-input speech-api}; do
    "run_${name//-/_}"
done
