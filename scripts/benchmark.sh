#!/usr/bin/env bash
# Runs the scenarios of docs/performance.md: starts a gateway per scenario on this machine (heap
# capped at 1 GiB), loads it with the load generator over loopback, prints each report and the
# gateway's heap after the run. Takes a few minutes; run it on an otherwise idle machine.
#   scripts/benchmark.sh            all scenarios
#   scripts/benchmark.sh NAME...    some of: overhead hit engine streaming idle providers streaming-input speech-api cancel replicas sizing realtime intelligibility startup
#   STARTUP_RUNS=3 scripts/benchmark.sh startup
#                                   start to ready with the AOT cache and without (not in the default set)
#   CANCEL_RUNS=10 scripts/benchmark.sh cancel
#                                   audio that reaches a client after it cancels a long reply (at its first byte, and
#                                   1.5 s into it), on the embedded engine and on tone, one client at a time
#   REALTIME_STREAMS="10 100" scripts/benchmark.sh realtime
#                                   N real-time streams direct and through the gateway (default N: 10 100 500 1000),
#                                   gateway minus direct, stutters, each JVM's CPU, the gateway's RSS
# GATEWAY_JAVA_OPTS adds JVM flags to every gateway started (e.g. -XX:+UseZGC to compare collectors).
# Gateways start with the AOT cache the image has (made first when missing or stale, about a minute);
# GATEWAY_AOT=off starts them without.
# streaming-input also writes its two reports to $BENCH_OUT (default target/benchmark).
# sizing (not in the default set) measures memory per idle and per streaming connection and the
# gateway's CPU for real-time streams (docs/deployment.md, Sizing).
# intelligibility (not in the default set) runs scripts/intelligibility.sh on the next two ports: the
# word error rate of the embedded engine with its first phrase cut against whole (pocketsphinx).
# replicas (not in the default set) runs Redis, two gateways and HAProxy; it installs redis-server,
# haproxy and socat if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -DskipTests package
ulimit -n 65536 2>/dev/null || true
. scripts/gateway-lib.sh

PORT=${BENCH_PORT:-8302}
URL="ws://localhost:$PORT/api/v1/ws"
# Every gateway of a scenario, the replicas included: no session limit in the way, heap capped at 1 GiB.
GATEWAY_ENV=(SESSION_RATE_LIMIT_PER_MINUTE=100000 SESSION_MAX_SESSIONS=20000)
# shellcheck disable=SC2206 # GATEWAY_JAVA_OPTS is split into flags
GATEWAY_FLAGS=(-Xms1g -Xmx1g ${GATEWAY_JAVA_OPTS:-})
# The AOT cache the image starts with (scripts/aot-cache.sh, made again when a jar is newer);
# GATEWAY_AOT=off starts every gateway without one.
AOT_FILE=app/target/tts-gateway.aot
if [ "${GATEWAY_AOT:-on}" != off ]; then
    echo "AOT cache: $AOT_FILE (scripts/aot-cache.sh --if-stale; GATEWAY_AOT=off for none)"
    if ! scripts/aot-cache.sh --if-stale "$AOT_FILE" "${GATEWAY_FLAGS[@]}" > "$WORK/aot-cache.log" 2>&1; then
        cat "$WORK/aot-cache.log" >&2
        exit 1
    fi
    GATEWAY_FLAGS+=(-XX:AOTCache="$AOT_FILE")
fi

start_gateway() { # env assignments...
    launch_gateway "$PORT" "$WORK/gateway.log" "$WORK/cache-$RANDOM" "${GATEWAY_ENV[@]}" "$@" -- "${GATEWAY_FLAGS[@]}"
    GATEWAY_PID=$LAUNCHED_PID
    await_ready "$PORT" "$WORK/gateway.log"
}

heap() { # [port pid [name]]: the gateway's heap and RSS
    local port=${1:-$PORT} pid=${2:-$GATEWAY_PID} name=${3:-gateway}
    curl -s "localhost:$port/observe/metrics" | awk -v n="$name" '/^memory_usedHeap_bytes/ {printf "%s heap used after the run: %.0f MiB\n", n, $2 / 1048576}'
    awk -v n="$name" '/^VmRSS/ {printf "%s RSS after the run: %.0f MiB\n", n, $2 / 1024}' "/proc/$pid/status" 2>/dev/null || true
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

# Cache hits over the WebSocket (the load generator) and over POST /v1/audio/speech
# (scripts/HttpHits.java, the JDK's HTTP client, one kept-alive connection per session; unpaced).
# The embedded engine is off: its warm-up after start-up would share the two cores with the hits.
# Each load generator is a new JVM: without --warmup its first few hundred requests run its own
# WebSocket client and parsing interpreted, and hit-1 measured that (2.2-3.5 ms p50 with 300 requests,
# 0.7-0.8 ms on the same warm gateway after 2,000 requests of warm-up in the same process, load
# average 11). So the hit scenarios warm up in the process that measures; hit-warmup fills the cache.
run_hit() {
    start_gateway "${PROVIDER_100MS[@]}" MARYTTS_ENABLED=false
    scenario hit-warmup "fills the cache and warms up, not reported" --sessions 10 --requests 100 > /dev/null
    scenario hit-1 "same text, every request a cache hit, one session" --sessions 1 --requests 1000 --warmup 2000
    scenario hit-50 "the same, 50 sessions at once" --sessions 50 --requests 20 --warmup 20
    http_hits hit-http-1 "the same over POST /v1/audio/speech, one session" 1 300
    http_hits hit-http-50 "the same over POST /v1/audio/speech, 50 sessions at once" 50 20
    echo "    $(uptime | sed 's/.*load average/load average/')"
    stop_gateway
}

http_hits() { # name description sessions requests
    echo
    echo "=== $1: $2"
    echo "    java scripts/HttpHits.java http://localhost:$PORT/v1 tone $3 $4"
    "$JAVA_HOME/bin/java" scripts/HttpHits.java "http://localhost:$PORT/v1" tone "$3" "$4" || true
    heap
}

run_engine() {
    # engine-4 measures 4 requests sharing 2 engines: they queue (MARYTTS_MAX_QUEUE) instead of being refused.
    # The text is "Hello <tag>, how can I assist you today?" (11 words): its first phrase, up to the
    # comma, is synthesized on its own (MARYTTS_FIRST_PHRASE_WORDS); engine-whole-* is the same with
    # the sentence whole. engine-http is POST /v1/audio/speech, first audio byte through the openai SDK.
    local words
    for words in default 0; do
        local suffix="" cut=()
        if [ "$words" = 0 ]; then
            suffix="-whole" cut=(MARYTTS_FIRST_PHRASE_WORDS=0)
        fi
        start_gateway TTS_PROVIDER=marytts MARYTTS_MAX_QUEUE=2 "${cut[@]}"
        scenario engine-warmup "JIT warm-up, not reported" --sessions 2 --requests 5 --unique > /dev/null
        scenario "engine$suffix-1" "embedded engine, one session, every request a miss" --sessions 1 --requests 20 --unique
        scenario "engine$suffix-4" "embedded engine, 4 sessions at once, every request a miss" --sessions 4 --requests 10 --unique
        if [ -z "$suffix" ]; then
            scenario engine-hit "embedded engine, cache hits" --sessions 1 --requests 100
            echo
            echo "=== engine-http: POST /v1/audio/speech through the openai SDK, one at a time, every request a miss"
            node e2e/openai-sdk.mjs first-byte "http://localhost:$PORT/v1" bench "$WORK/sdk" marytts 20 cmu-slt-hsmm || true
        fi
        stop_gateway
    done
}

run_intelligibility() {
    echo
    echo "=== intelligibility: pocketsphinx word error rate, first phrase cut against the sentence whole"
    INTELLIGIBILITY_PORT=$((PORT + 1)) scripts/intelligibility.sh
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
    start_fakes "$fakes_log" "$key" 100 20
    local fakes_pid=$FAKES_PID
    url() { fake_url "$fakes_log" "$1"; }
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
    stop_pids "$fakes_pid"
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


# Two replicas behind HAProxy (deploy/haproxy/haproxy.cfg) with a workload that repeats sentences:
# 20 sessions x 20 requests over 40 distinct sentences, unique to the run, so each sentence is
# asked 10 times and at best the first time is a provider stream. Run twice on fresh replicas and
# fresh cache directories, with a Redis shared by both and without, and reports the cache counters
# summed over both replicas (only what the measured run added), the hit rate and each replica's RSS.
REPLICAS_LOAD=(--sessions 20 --requests 20 --distinct 40 --unique)

free_port() { # from: the first port from there up that nothing listens on
    local port=$1
    while (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; do
        port=$((port + 1))
    done
    echo "$port"
}

# Sums counters over both replicas: prints "hits misses redis_hits coalesced".
replica_counters() { # port1 port2
    { curl -s "localhost:$1/observe/metrics"; curl -s "localhost:$2/observe/metrics"; } | awk '
        function name(line) { sub(/[{ ].*/, "", line); return line }
        /^tts_/ { v[name($0)] += $NF }
        END { printf "%d %d %d %d\n", v["tts_cache_hits_total"], v["tts_cache_misses_total"],
                     v["tts_cache_redis_hits_total"], v["tts_requests_coalesced_total"] }'
}

haproxy_up() { # stats-socket: how many servers of the backend are UP
    echo "show stat" | socat stdio "unix-connect:$1" 2> /dev/null \
        | awk -F, '$1 == "gateways" && $2 ~ /^replica/ && $18 == "UP"' | wc -l
}

replicas_run() { # label redis(yes|no)
    local label=$1 redis=$2 ports=() pids=() env=() i
    local dir="$WORK/replicas-$redis"
    mkdir -p "$dir"
    ports[1]=$(free_port $((PORT + 1)))
    ports[2]=$(free_port $((ports[1] + 1)))
    local lb_port redis_port
    lb_port=$(free_port $((ports[2] + 1)))
    if [ "$redis" = yes ]; then
        redis_port=$(free_port 6400)
        redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
            --maxmemory 256mb --maxmemory-policy allkeys-lru --dir "$dir" > "$dir/redis.log" 2>&1 &
        track_pid $!
        env=(CACHE_REDIS_URL="redis://127.0.0.1:$redis_port/0")
    fi
    for i in 1 2; do
        launch_gateway "${ports[i]}" "$dir/replica-$i.log" "$dir/cache-$i" "${GATEWAY_ENV[@]}" "${PROVIDER_100MS[@]}" \
            "${env[@]}" -- "${GATEWAY_FLAGS[@]}"
        pids[i]=$LAUNCHED_PID
    done
    for i in 1 2; do
        await_ready "${ports[i]}" "$dir/replica-$i.log"
    done
    TTS_LB_PORT=$lb_port TTS_REPLICA_1=127.0.0.1:${ports[1]} TTS_REPLICA_2=127.0.0.1:${ports[2]} \
        TTS_LB_STATS="$dir/haproxy.sock" haproxy -db -f deploy/haproxy/haproxy.cfg > "$dir/haproxy.log" 2>&1 &
    track_pid $!
    for _ in $(seq 1 40); do
        [ "$(haproxy_up "$dir/haproxy.sock")" = 2 ] && break
        sleep 0.5
    done
    if [ "$(haproxy_up "$dir/haproxy.sock")" != 2 ]; then
        echo "HAProxy does not see both replicas UP; its log:" >&2
        cat "$dir/haproxy.log" >&2
        exit 1
    fi
    local url="ws://localhost:$lb_port/api/v1/ws"
    echo
    echo "=== replicas-$redis: two replicas behind HAProxy, $label"
    echo "    scripts/loadgen.sh --url $url --sessions 10 --requests 20 --unique   (JIT warm-up, not reported)"
    scripts/loadgen.sh --url "$url" --sessions 10 --requests 20 --unique > /dev/null || true
    local before after
    before=$(replica_counters "${ports[1]}" "${ports[2]}")
    echo "    scripts/loadgen.sh --url $url ${REPLICAS_LOAD[*]}"
    scripts/loadgen.sh --url "$url" "${REPLICAS_LOAD[@]}" | tee "$dir/report.txt" || true
    after=$(replica_counters "${ports[1]}" "${ports[2]}")
    # Hits include Redis hits; hits + misses + coalesced is every request of the run.
    local summary ttfb
    summary=$(echo "$before $after" | awk '{
        hits = $5 - $1; misses = $6 - $2; redis = $7 - $3; coalesced = $8 - $4; all = hits + misses + coalesced
        printf "hit rate %.1f %% (%d hits of which %d from Redis, %d misses, %d coalesced, of %d requests)",
               all ? 100 * hits / all : 0, hits, redis, misses, coalesced, all }')
    ttfb=$(grep -o '"ttfbMs":{[^}]*}' "$dir/report.txt" \
           | sed 's/.*"p50":\([0-9.]*\).*"p99":\([0-9.]*\).*/TTFB p50 \1 ms, p99 \2 ms/' || true)
    echo "  both replicas: $summary"
    echo "  $ttfb"
    heap "${ports[1]}" "${pids[1]}" replica1
    heap "${ports[2]}" "${pids[2]}" replica2
    REPLICAS_SUMMARY+=("$label: $summary; $ttfb")
    stop_started # HAProxy, the replicas, Redis
}

run_replicas() {
    . scripts/system-packages.sh
    require_packages redis-server:redis-server haproxy:haproxy socat:socat
    REPLICAS_SUMMARY=()
    replicas_run "with a shared Redis (CACHE_REDIS_URL)" yes
    replicas_run "without Redis (each replica its own disk cache)" no
    echo
    echo "=== replicas: ${REPLICAS_LOAD[*]} through HAProxy, summed over both replicas"
    printf '  %s\n' "${REPLICAS_SUMMARY[@]}"
}

# Sizing. The tone provider paced at real time (100 ms chunks every 100 ms after a 100 ms first
# byte), so a stream lasts as long as its audio, as for a caller listening, and the voice-agent
# reply (--reply --unique: 6 to 7 s of audio a request, the tags included). The tone provider waits
# its interval from when the gateway asks for the next chunk, so any delay adds up: time to done
# above the audio's length is a pessimistic bound on delivery falling behind.
PROVIDER_REALTIME=(TTS_PROVIDER=tone TONE_FIRST_BYTE_DELAY=PT0.1S TONE_CHUNK=PT0.1S TONE_CHUNK_INTERVAL=PT0.1S
                   TONE_PER_CHARACTER=PT0.02S)
SIZING_IDLE=${SIZING_IDLE:-10000}
SIZING_ACTIVE=${SIZING_ACTIVE:-500}
SIZING_STREAMS=${SIZING_STREAMS:-250 500 1000 2000}

metric() { # name: its value on the gateway, summed over label sets
    curl -s "localhost:$PORT/observe/metrics" | awk -v m="$1" '{ n = $1; sub(/\{.*/, "", n) } n == m { v += $2 } END { printf "%.0f\n", v }'
}

# Heap after a full GC (jcmd GC.run) and RSS, both in KiB, into MEM_HEAP and MEM_RSS.
memory_now() {
    "$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" GC.run > /dev/null
    sleep 1
    MEM_HEAP=$(($(metric memory_usedHeap_bytes) / 1024))
    MEM_RSS=$(awk '/^VmRSS/ {print $2}' "/proc/$GATEWAY_PID/status")
}

await_sessions() { # count: waits until the gateway has that many sessions open
    for _ in $(seq 1 240); do
        [ "$(metric tts_sessions_active)" -ge "$1" ] && return 0
        sleep 0.5
    done
    echo "the gateway never had $1 sessions open" >&2
    return 1
}

per_connection() { # label count heap0 rss0 heap1 rss1
    awk -v l="$1" -v n="$2" -v h0="$3" -v r0="$4" -v h1="$5" -v r1="$6" 'BEGIN {
        printf "  %s: heap %.0f -> %.0f MiB, RSS %.0f -> %.0f MiB; per connection: heap %.1f KiB, RSS %.1f KiB\n",
               l, h0 / 1024, h1 / 1024, r0 / 1024, r1 / 1024, (h1 - h0) / n, (r1 - r0) / n }'
}

cpu_ticks() { # the gateway's user + system CPU time, in clock ticks
    awk '{print $14 + $15}' "/proc/$GATEWAY_PID/stat"
}

run_sizing() {
    local out="$WORK/sizing.txt" loadgen_pid heap0 rss0 n
    start_gateway "${PROVIDER_REALTIME[@]}"
    scenario sizing-warmup "JIT warm-up, not reported" --sessions 50 --requests 4 --reply --unique > /dev/null
    memory_now
    heap0=$MEM_HEAP rss0=$MEM_RSS

    echo
    echo "=== sizing-memory: heap after a full GC and RSS, before and while holding connections"
    # Idle: the connections open before the run, which is one short session; measured while it runs.
    scripts/loadgen.sh --url "$URL" --idle "$SIZING_IDLE" --sessions 1 --requests 10 --timeout-s 120 > "$out" 2>&1 &
    loadgen_pid=$!
    await_sessions "$SIZING_IDLE"
    memory_now
    per_connection "$SIZING_IDLE idle connections" "$SIZING_IDLE" "$heap0" "$rss0" "$MEM_HEAP" "$MEM_RSS"
    wait "$loadgen_pid" || true
    grep -E '^  (completed|failed|idle connections)' "$out" || true
    memory_now
    heap0=$MEM_HEAP rss0=$MEM_RSS
    # Streaming: every session in a request at real time while measured.
    scripts/loadgen.sh --url "$URL" --sessions "$SIZING_ACTIVE" --requests 3 --reply --unique --ramp-ms 1000 \
        --timeout-s 120 > "$out" 2>&1 &
    loadgen_pid=$!
    await_sessions "$SIZING_ACTIVE"
    sleep 2
    memory_now
    per_connection "$SIZING_ACTIVE streaming sessions" "$SIZING_ACTIVE" "$heap0" "$rss0" "$MEM_HEAP" "$MEM_RSS"
    wait "$loadgen_pid" || true
    grep -E '^  (completed|failed)' "$out" || true

    echo
    echo "=== sizing-streams: N sessions, each 2 requests of the reply streamed at real time (no full GCs here)"
    echo "    a request's audio lasts 6 to 7 s (varying with its tags): time to done above that is delivery"
    echo "    (or the provider's pacing) falling behind real time; compare with the smallest N"
    local ticks0 ticks1 started ended hz
    hz=$(getconf CLK_TCK)
    for n in $SIZING_STREAMS; do
        ticks0=$(cpu_ticks)
        started=$(date +%s%N)
        scripts/loadgen.sh --url "$URL" --sessions "$n" --requests 2 --reply --unique --ramp-ms 2000 \
            --timeout-s 120 > "$out" 2>&1 || true
        ended=$(date +%s%N)
        ticks1=$(cpu_ticks)
        grep '^RESULT ' "$out" | sed 's/^RESULT //' | awk -v n="$n" -v cpu=$((ticks1 - ticks0)) -v hz="$hz" \
            -v wall=$(((ended - started) / 1000000)) -v rss="$(awk '/^VmRSS/ {print $2}' "/proc/$GATEWAY_PID/status")" '
            function num(key,   m) { if (match($0, "\"" key "\":[0-9.]+")) { m = substr($0, RSTART, RLENGTH); sub(/.*:/, "", m); return m + 0 } return -1 }
            function sub_num(obj, key,   part) { if (!match($0, "\"" obj "\":\\{[^}]*\\}")) return -1
                part = substr($0, RSTART, RLENGTH); if (!match(part, "\"" key "\":[0-9.]+")) return -1
                part = substr(part, RSTART, RLENGTH); sub(/.*:/, "", part); return part + 0 }
            {
                done = num("completed"); audio_ms = done ? num("audioBytes") / done / 48 : 0
                printf "  %5d sessions: %d completed, %d failed; TTFB p50 %.0f p99 %.0f ms; done p50 %.0f p99 %.0f ms" \
                       " (audio %.0f ms on average); %.0f audio s/s; gateway CPU %.0f %% of one core over the run," \
                       " %.1f ms per audio second; RSS %.0f MiB\n",
                       n, done, num("failed"), sub_num("ttfbMs", "p50"), sub_num("ttfbMs", "p99"),
                       sub_num("totalMs", "p50"), sub_num("totalMs", "p99"), audio_ms,
                       num("audioSecondsPerSecond"), 100 * cpu / hz / (wall / 1000),
                       (num("audioBytes") > 0 ? 1000 * cpu / hz / (num("audioBytes") / 48000) : 0), rss / 1024
            }'
    done
    stop_gateway
}


# Real-time streams, the gateway's cost told apart from the load generator's and the provider's.
# A stand-in provider (fakes/OpenAiStandIn in its own JVM: OpenAI's speech protocol served by one
# thread with a selector, a socket write per chunk) answers after 120 ms and then streams 20 ms of
# 24 kHz PCM every 20 ms on a fixed schedule (real time; REALTIME_AUDIO_MS of audio per request).
# REALTIME_STAND_IN=openai uses OpenAI's fake instead (a virtual thread per response sleeping
# between chunks: two to six times the stand-in's CPU per stream). For each N of REALTIME_STREAMS, the load generator (its own JVM, `tts-loadgen streams`)
# starts N streams together, every text new, over OpenAI's speech protocol: first "direct" from the
# stand-in, then the same through the gateway's POST /v1/audio/speech, so the client code is the
# same and the difference is the gateway. Each run first warms up all three JVMs with
# REALTIME_WARMUP streams (not reported; the measured ones open new connections), then waits up to
# REALTIME_SETTLE_S seconds (0: not at all) until all three are quiet, so the measured round does not
# share the two cores with the JIT compilation the warm-up queued in each JVM. Stutters: a
# listener starts playing 200 ms after a stream's first byte and hears a stutter each time playing
# catches up with the audio received before the stream ended. CPU time (user + system) and RSS over
# the measured round only: the load generator's own, the stand-in's and the gateway's from /proc
# (the load generator's --watch; RSS peak sampled every 200 ms), with how busy the three kept the
# machine's cores (over the round, and in each 250 ms of it: a busy start can hide behind an idle tail), the gateway's collector pauses that overlapped the round (from its -Xlog:gc) and,
# when streams stuttered, when they ran dry. The load generator reads every stream on a connection
# of its own, all from one selector thread (loadgen's SpeechStream); REALTIME_LOADGEN_JAR runs another build of
# it (e.g. an older one, to compare its own CPU per stream-second of audio).
# REALTIME_PACKETS=on also captures each gateway round on loopback (tcpdump, installed when missing;
# root or sudo) and splits every first byte by packet times (`tts-loadgen packets`): the gateway's own
# part (its request to the provider after the client's, and the client's first audio after the
# provider's) apart from the provider's, whose lateness moves a round's gateway minus direct too.
# REALTIME_GATEWAY_WARMUP=N first sends N streams through the gateway (at most 500 at once, not
# reported): the JIT compiles a request's path (per request, not per chunk) with its full
# optimizations only after thousands of requests, and a round's REALTIME_WARMUP of a few hundred
# leaves the first rounds slower by milliseconds. 0 (the default) measures a gateway as it starts.
REALTIME_STREAMS=${REALTIME_STREAMS:-10 100 500 1000}
REALTIME_GATEWAY_WARMUP=${REALTIME_GATEWAY_WARMUP:-0}
REALTIME_LOADGEN_JAR=${REALTIME_LOADGEN_JAR:-loadgen/target/tts-loadgen.jar}
REALTIME_AUDIO_MS=${REALTIME_AUDIO_MS:-3000}
REALTIME_WARMUP=${REALTIME_WARMUP:-50}
REALTIME_SETTLE_S=${REALTIME_SETTLE_S:-10}
REALTIME_STAND_IN=${REALTIME_STAND_IN:-standin}
REALTIME_PACKETS=${REALTIME_PACKETS:-off}

result_num() { # key RESULT-json: one number of a loadgen streams report
    sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p" <<< "$2"
}

realtime_streams() { # label url n pid-watches...: runs the load generator, its RESULT json in REALTIME_RESULT
    local label=$1 url=$2 n=$3 out="$WORK/realtime-$1.txt" watch=() w
    shift 3
    for w in "$@"; do
        watch+=(--watch "$w")
    done
    "$JAVA_HOME/bin/java" -jar "$REALTIME_LOADGEN_JAR" streams --label "$label" --url "$url" --streams "$n" \
        --api-key bench-key --timeout-s 120 --warmup "$REALTIME_WARMUP" --settle-s "$REALTIME_SETTLE_S" "${watch[@]}" \
        > "$out" 2>&1 || true
    REALTIME_RESULT=$(grep '^RESULT ' "$out" | sed 's/^RESULT //' || true)
    if [ -n "$REALTIME_RESULT" ] && [ "$(result_num failed "$REALTIME_RESULT")" != 0 ]; then
        echo "  $label: $(grep -m1 '^  completed ' "$out" | sed 's/^ *//')" >&2
    fi
    if [ -z "$REALTIME_RESULT" ]; then
        echo "  $label: the load generator gave no result; its output:" >&2
        cat "$out" >&2
    fi
}

gc_pauses() { # gc-log start-epoch-ms wall-ms: "count longest total" (ms) of the pauses overlapping that span
    awk -v from="$2" -v wall="$3" '
        / Pause / && match($0, /[0-9.]+ms$/) {
            end = substr($1, 2) + 0 # the line is logged as the pause ends: [<epoch ms>ms]
            took = substr($0, RSTART, RLENGTH - 2) + 0
            if (end >= from && end - took <= from + wall) { n++; total += took; if (took > max) max = took }
        }
        END { printf "%d %.0f %.0f\n", n, max, total }' "$1" 2>/dev/null || echo "0 0 0"
}

realtime_line() { # n direct-json gateway-json gc-log: the report of one N, and a SUMMARY line
    local n=$1 d=$2 g=$3 gc_log=$4 args=() k pauses gc_n gc_max gc_total
    pauses=$(gc_pauses "$gc_log" "$(result_num startEpochMs "$g")" "$(result_num wallMs "$g")")
    read -r gc_n gc_max gc_total <<< "$pauses"
    # The cores the JVM may use (a container's CPU quota included), as the load generator reports them.
    local cores
    cores=$(result_num cores "$g")
    args+=(-v "gc_n=$gc_n" -v "gc_max=$gc_max" -v "gc_total=$gc_total" -v "cores=${cores:-$(nproc)}"
           -v "busiest=$(result_num coresBusiestPercent "$g")") # empty from a load generator without bins
    for k in completed ttfbP50Ms ttfbP99Ms stutters streamsWithStutter loadgenCpuMs audioSeconds providerCpuMs; do
        args+=(-v "d_$k=$(result_num "$k" "$d")" -v "g_$k=$(result_num "$k" "$g")")
    done
    for k in wallMs gatewayCpuMs gatewayRssBeforeKib gatewayRssPeakKib gatewayRssAfterKib; do
        args+=(-v "g_$k=$(result_num "$k" "$g")")
    done
    awk -v n="$n" "${args[@]}" 'BEGIN {
        printf "  %d streams\n", n
        printf "    direct:   %d/%d completed; first byte p50 %.1f p99 %.1f ms; stutters %d events, %d streams;" \
               " %.1f audio s; CPU: provider %.0f ms, load generator %.0f ms\n", d_completed, n, d_ttfbP50Ms,
               d_ttfbP99Ms, d_stutters, d_streamsWithStutter, d_audioSeconds, d_providerCpuMs, d_loadgenCpuMs
        printf "    load generator: CPU %.2f ms per stream-second of audio direct, %.2f through the gateway\n",
               (d_audioSeconds > 0 ? d_loadgenCpuMs / d_audioSeconds : 0),
               (g_audioSeconds > 0 ? g_loadgenCpuMs / g_audioSeconds : 0)
        printf "    gateway:  %d/%d completed; first byte p50 %.1f p99 %.1f ms; stutters %d events, %d streams;" \
               " %.1f audio s; CPU: provider %.0f ms, load generator %.0f ms, gateway %.0f ms\n", g_completed, n,
               g_ttfbP50Ms, g_ttfbP99Ms, g_stutters, g_streamsWithStutter, g_audioSeconds, g_providerCpuMs,
               g_loadgenCpuMs, g_gatewayCpuMs
        printf "    gateway minus direct: first byte p50 %+.1f ms, p99 %+.1f ms; stutters %+d events, %+d streams;" \
               " CPU: provider %+.0f ms, load generator %+.0f ms, gateway %+.0f ms\n", g_ttfbP50Ms - d_ttfbP50Ms,
               g_ttfbP99Ms - d_ttfbP99Ms, g_stutters - d_stutters, g_streamsWithStutter - d_streamsWithStutter,
               g_providerCpuMs - d_providerCpuMs, g_loadgenCpuMs - d_loadgenCpuMs, g_gatewayCpuMs
        cps = g_audioSeconds > 0 ? g_gatewayCpuMs / g_audioSeconds : 0
        per = (g_gatewayRssPeakKib - g_gatewayRssBeforeKib) / n
        busy = g_wallMs > 0 ? 100 * (g_providerCpuMs + g_loadgenCpuMs + g_gatewayCpuMs) / (g_wallMs * cores) : 0
        busiest_shown = busiest == "" ? "n/a" : busiest " %"
        printf "    gateway: %d collector pauses during the round, longest %.0f ms, %.0f ms in all; the machine:" \
               " the three processes kept %.0f %% of its %d cores busy, %s in the busiest 250 ms\n", gc_n, gc_max,
               gc_total, busy, cores, busiest_shown
        printf "    gateway: CPU %.2f ms per stream-second of audio (%.0f %% of one core over %.1f s);" \
               " RSS %.0f MiB before, %.0f MiB peak, %.0f MiB after: %.0f KiB per stream at the peak\n", cps,
               (g_wallMs > 0 ? 100 * g_gatewayCpuMs / g_wallMs : 0), g_wallMs / 1000, g_gatewayRssBeforeKib / 1024,
               g_gatewayRssPeakKib / 1024, g_gatewayRssAfterKib / 1024, per
        printf "SUMMARY | %d | %.0f / %.0f | %.0f / %.0f (%+.0f / %+.0f) | %d events, %d streams |" \
               " %d events, %d streams | %d, longest %.0f ms | %.0f %% (busiest 250 ms: %s) | %.2f ms |" \
               " %.0f MiB, %.0f KiB/stream |\n", n, d_ttfbP50Ms, d_ttfbP99Ms, g_ttfbP50Ms, g_ttfbP99Ms,
               g_ttfbP50Ms - d_ttfbP50Ms, g_ttfbP99Ms - d_ttfbP99Ms, d_stutters, d_streamsWithStutter, g_stutters,
               g_streamsWithStutter, gc_n, gc_max, busy, busiest_shown, cps, g_gatewayRssPeakKib / 1024, per
    }'
}

packets_start() { # capture-file port...: tcpdump on loopback, those ports, until packets_stop
    local file=$1 filter="" port as_root=()
    shift
    for port in "$@"; do
        filter+="${filter:+ or }tcp port $port"
    done
    [ "$(id -u)" = 0 ] || as_root=(sudo -n)
    # The requests' heads and bodies and the answers' heads; not the audio.
    "${as_root[@]}" tcpdump -i lo -n -s 600 -w "$file" "$filter" 2> "$file.log" &
    PACKETS_PID=$!
    for _ in $(seq 1 40); do
        grep -q "listening on" "$file.log" 2>/dev/null && return 0
        kill -0 "$PACKETS_PID" 2>/dev/null || break
        sleep 0.25
    done
    echo "tcpdump did not start:" >&2
    cat "$file.log" >&2
    exit 1
}

packets_stop() { # capture-file n: stops the capture, prints the round's bursts of n requests, removes the file
    local as_root=()
    [ "$(id -u)" = 0 ] || as_root=(sudo -n)
    "${as_root[@]}" kill -INT "$PACKETS_PID" 2>/dev/null || true
    wait "$PACKETS_PID" 2>/dev/null || true
    "$JAVA_HOME/bin/java" -jar loadgen/target/tts-loadgen.jar packets "$1" "$PORT" "$2" | sed 's/^/  /'
    # A capture that missed packets leaves their requests unpaired, not mismeasured.
    sed -n 's/^\([1-9][0-9]*\) packets* dropped by kernel/    packets: tcpdump missed \1 packets/p' "$1.log"
    "${as_root[@]}" rm -f "$1" "$1.log"
}

run_realtime() {
    local key=bench-key fakes_log="$WORK/realtime-fakes.log" gc_log="$WORK/realtime-gc.log" n direct gateway line
    local summary=() differences=() own=() flags=("${GATEWAY_FLAGS[@]}")
    start_fakes "$fakes_log" "$key" 120 20 $((REALTIME_AUDIO_MS / 20)) 20
    local fakes_pid=$FAKES_PID
    local direct_url gateway_url="http://localhost:$PORT/v1" packets
    case $REALTIME_STAND_IN in
    standin | openai) direct_url=$(fake_url "$fakes_log" "$REALTIME_STAND_IN") ;;
    *) echo "REALTIME_STAND_IN must be standin or openai" >&2; exit 2 ;;
    esac
    case $REALTIME_PACKETS in
    on)
        . scripts/system-packages.sh
        require_packages tcpdump:tcpdump
        ;;
    off) ;;
    *) echo "REALTIME_PACKETS must be on or off" >&2; exit 2 ;;
    esac
    # The collector's pauses, to line up with each measured round (G1 and Parallel log them under gc,
    # ZGC and Shenandoah under gc+phases).
    GATEWAY_FLAGS+=(-Xlog:gc,gc+phases:file="$gc_log":timemillis)
    # The heap touched before the first request, as the Kubernetes Deployment runs it: fresh heap
    # pages faulted in on the request path were 2-3 ms of a 10-stream round's first byte here. The
    # RSS figures are then the heap's gigabyte and what grows beside it (GATEWAY_JAVA_OPTS=-XX:-AlwaysPreTouch
    # to compare).
    GATEWAY_FLAGS=(-XX:+AlwaysPreTouch "${GATEWAY_FLAGS[@]}")
    start_gateway TTS_PROVIDER=openai MARYTTS_ENABLED=false OPENAI_API_KEY="$key" OPENAI_BASE_URL="$direct_url"
    GATEWAY_FLAGS=("${flags[@]}")
    local left=$REALTIME_GATEWAY_WARMUP
    while [ "$left" -gt 0 ]; do
        local batch=$((left < 500 ? left : 500))
        "$JAVA_HOME/bin/java" -jar "$REALTIME_LOADGEN_JAR" streams --label gateway-warm-up --url "$gateway_url" \
            --streams "$batch" --api-key "$key" --timeout-s 120 --warmup 0 --settle-s 0 > "$WORK/realtime-warm-up.txt" 2>&1 \
            || { echo "the gateway's warm-up failed:" >&2; cat "$WORK/realtime-warm-up.txt" >&2; exit 1; }
        left=$((left - batch))
    done
    echo
    echo "=== realtime: N real-time streams started together, every text new: direct from a stand-in provider"
    echo "    (120 ms to first byte, then 20 ms of 24 kHz PCM every 20 ms, $REALTIME_AUDIO_MS ms a stream) and"
    echo "    through the gateway (POST /v1/audio/speech, provider openai); stutters with a 200 ms buffer;"
    echo "    CPU and RSS over the measured round; ulimit -n $(ulimit -n); $(uptime | sed 's/.*load average/load average/')"
    echo "    load generator: $REALTIME_LOADGEN_JAR; stand-in: $REALTIME_STAND_IN; the gateway warmed up with" \
        "$REALTIME_GATEWAY_WARMUP streams, each round's JVMs with $REALTIME_WARMUP"
    for n in $REALTIME_STREAMS; do
        # Through the gateway a stream holds a client socket on both ends and a provider socket on both.
        if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((4 * n + 1000)) ]; then
            echo "  $n streams: skipped, ulimit -n $(ulimit -n) is below $((4 * n + 1000))" >&2
            continue
        fi
        realtime_streams "direct-$n" "$direct_url" "$n" "provider=$fakes_pid"
        direct=$REALTIME_RESULT
        if [ "$REALTIME_PACKETS" = on ]; then
            packets_start "$WORK/packets-$n.pcap" "$PORT" "$(sed 's|.*:\([0-9]*\)/.*|\1|' <<< "$direct_url")"
        fi
        realtime_streams "gateway-$n" "$gateway_url" "$n" "provider=$fakes_pid" "gateway=$GATEWAY_PID"
        gateway=$REALTIME_RESULT
        packets=""
        if [ "$REALTIME_PACKETS" = on ]; then
            packets=$(packets_stop "$WORK/packets-$n.pcap" "$n")
            if grep -q "own p50" <<< "$packets"; then
                own+=("$n $(sed -n 's/.*own p50 \([0-9.]*\) ms.*/\1/p' <<< "$packets" | tail -1)")
            fi
        fi
        [ -n "$direct" ] && [ -n "$gateway" ] || continue
        line=$(realtime_line "$n" "$direct" "$gateway" "$gc_log")
        grep -v '^SUMMARY' <<< "$line"
        [ -z "$packets" ] || echo "$packets"
        sed -n 's/^  stutters by when/    gateway stutters by when/p' "$WORK/realtime-gateway-$n.txt"
        sed -n 's/^  cores busy (this process and the watched ones,/    gateway round: cores busy (the three processes,/p' \
            "$WORK/realtime-gateway-$n.txt"
        summary+=("$(grep '^SUMMARY' <<< "$line" | sed 's/^SUMMARY //')")
        differences+=("$n $(awk -v g="$(result_num ttfbP50Ms "$gateway")" -v d="$(result_num ttfbP50Ms "$direct")" \
            'BEGIN { printf "%.1f", g - d }')")
    done
    stop_gateway
    stop_pids "$fakes_pid"
    echo
    echo "=== realtime: summary (first byte in ms; stutters with a 200 ms buffer; gateway CPU per stream-second of audio;"
    echo "    gateway peak RSS and its growth per stream; load at the end: $(uptime | sed 's/.*load average/load average/'))"
    echo "| streams | direct p50 / p99 | gateway p50 / p99 (minus direct) | direct stutters | gateway stutters |" \
        "gateway's collector pauses in the round | machine busy | gateway CPU | gateway RSS |"
    echo "|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${summary[@]}"
    echo
    realtime_medians "gateway minus direct, first byte p50" "${differences[@]}"
    [ "${#own[@]}" -eq 0 ] || realtime_medians "the gateway's own part of the first byte (packets), p50" "${own[@]}"
}

realtime_medians() { # what "N value"...: for an N run more than once, the median of what over its rounds
    # One round's p50 is one burst of N first bytes: a hiccup of the machine (a late wake-up, another
    # process compiling) moves a whole round by milliseconds, so a small N is judged over its rounds.
    local what=$1
    shift
    printf '%s\n' "$@" | awk -v what="$what" '{ k[$1]++; v[$1, k[$1]] = $2 }
        END {
            for (n in k) {
                if (k[n] < 2) continue
                m = k[n]; line = ""
                for (i = 1; i <= m; i++) { a[i] = v[n, i]; line = line (i > 1 ? ", " : "") sprintf("%+.1f", a[i]) }
                for (i = 2; i <= m; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
                med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
                printf "%d streams, %d rounds: %s %s ms; median %+.1f ms\n", n, m, what, line, med
            }
        }' | sort -n -k1 | sed 's/^/  /'
}

# Start to ready: a gateway (tone provider, engine off) from its start until /observe/health/ready
# answers, polled every 10 ms, with the AOT cache and without, STARTUP_RUNS times each, alternating
# (needs the cache: not with GATEWAY_AOT=off).
run_startup() {
    local mode i start ready line flags
    echo
    echo "=== startup: start to ready, with the AOT cache and without; $(uptime | sed 's/.*load average/load average/')"
    for mode in aot none aot none; do
        for ((i = 0; i < ${STARTUP_RUNS:-3}; i++)); do
            flags=(-Xms1g -Xmx1g)
            [ "$mode" = aot ] && flags+=(-XX:AOTCache="$AOT_FILE")
            start=$(date +%s%N)
            launch_gateway "$PORT" "$WORK/startup.log" "$WORK/cache-$RANDOM" TTS_PROVIDER=tone MARYTTS_ENABLED=false \
                -- "${flags[@]}"
            READY_POLL_S=0.01 await_ready "$PORT" "$WORK/startup.log"
            ready=$(date +%s%N)
            line+="$mode $(((ready - start) / 1000000)) "
            stop_pids "$LAUNCHED_PID"
        done
    done
    awk -v l="$line" 'BEGIN { n = split(l, f, " "); for (i = 1; i < n; i += 2) { t[f[i]] = t[f[i]] " " f[i + 1] }
        for (m in t) printf "  %s: ready after%s ms\n", (m == "aot" ? "with the AOT cache" : "without"), t[m] }'
}

# What reaches a client after a cancel (barge-in): bytes of audio after the cancel was sent and when
# the last came, with SESSION_AUDIO_LEAD holding audio to the client's playback. scripts/CancelTail.java
# runs against any gateway (an older build too): java scripts/CancelTail.java PORT PROVIDER FORMAT RUNS MS.
run_cancel() {
    local provider after
    for provider in marytts tone; do
        start_gateway TTS_PROVIDER=$provider MARYTTS_ENABLED=$([ $provider = marytts ] && echo true || echo false) \
            CACHE_ENABLED=false
        echo
        echo "=== cancel-$provider: a long reply cancelled, one client at a time; $(uptime | sed 's/.*load average/load average/')"
        "$JAVA_HOME/bin/java" scripts/CancelTail.java "$PORT" "$provider" pcm_24000 2 0 > /dev/null # warm-up
        for after in 0 1500; do
            "$JAVA_HOME/bin/java" scripts/CancelTail.java "$PORT" "$provider" pcm_24000 "${CANCEL_RUNS:-10}" "$after"
        done
        stop_gateway
    done
}

for name in ${@:-overhead hit engine streaming idle providers streaming-input speech-api cancel}; do
    "run_${name//-/_}"
done
