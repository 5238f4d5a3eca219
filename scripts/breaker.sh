#!/usr/bin/env bash
# Measures issue 13's "with the primary hanging on every request, the 5th and later sequential
# requests start audio in under 1.5 s": the OpenAI fake accepts every request and never answers
# (STALL_BEFORE_AUDIO), Deepgram's fake is the fallback, the cache is off. REQUESTS sequential
# requests over the HTTP API (curl: each one's time to the response's first byte, which the gateway
# sends with the first audio, and its X-TTS-Source), then one WebSocket session of REQUESTS more
# (tts-loadgen: time to first byte over the session), first with breakers off
# (PROVIDER_BREAKER_FAILURES=0: the state before), then with the defaults, with the breaker's log
# lines. After each cool-down (15 s) one request is the trial and waits out the first-byte timeout.
#   scripts/breaker.sh
# Environment: REQUESTS (default 8), FIRST_BYTE_TIMEOUT (default PT10S, the gateway's default),
# BREAKER_PORT (default 8391), MVN_FLAGS (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
# shellcheck disable=SC2086
./mvnw -B -q ${MVN_FLAGS:-} -DskipTests package
REQUESTS=${REQUESTS:-8}
FIRST_BYTE_TIMEOUT=${FIRST_BYTE_TIMEOUT:-PT10S}
PORT=${BREAKER_PORT:-8391}
. scripts/gateway-lib.sh
require_free_port "$PORT" BREAKER_PORT
KEY=breaker-bench-key

FAKES_FAIL_EVERY=openai:STALL_BEFORE_AUDIO start_fakes "$WORK/fakes.log" "$KEY" 100 20
url() { fake_url "$WORK/fakes.log" "$1"; }

first_bytes() { # source: how many requests that source served so far
    curl -s "localhost:$PORT/observe/metrics" \
        | awk -v s="source=\"$1\"" 'index($0, "tts_time_to_first_byte_seconds_count{") == 1 && index($0, s) {print $2}' \
        | awk '{n += $1} END {printf "%d", n}'
}

speech() { # i: one request over the HTTP API; prints its time to first byte and its source
    local out
    out=$(curl -s -o /dev/null -D "$WORK/headers" -w '%{http_code} %{time_starttransfer}' \
        -H 'Content-Type: application/json' "localhost:$PORT/v1/audio/speech" \
        -d "{\"model\":\"tts-1\",\"voice\":\"alloy\",\"response_format\":\"pcm\",\"input\":\"Request $1 of run $RANDOM.\"}")
    local code=${out%% *} seconds=${out#* }
    local source from
    source=$(awk 'tolower($1) == "x-tts-source:" {print $2}' "$WORK/headers" | tr -d '\r')
    from=$(awk 'tolower($1) == "x-tts-fallback-from:" {print $2}' "$WORK/headers" | tr -d '\r')
    awk -v i="$1" -v c="$code" -v s="$seconds" -v src="${source:--}" -v f="${from:--}" \
        'BEGIN {printf "  request %2d: HTTP %s, first byte after %8.1f ms, X-TTS-Source %s, X-TTS-Fallback-From %s\n", i, c, s * 1000, src, f}'
    awk -v s="$seconds" 'BEGIN {printf "%.1f\n", s * 1000}' >> "$WORK/ttfb"
}

loadgen() { # requests: one WebSocket session sending them in sequence; prints its time to first byte
    scripts/loadgen.sh --url "ws://localhost:$PORT/api/v1/ws" --sessions 1 --requests "$1" --unique --timeout-s 120 \
        | grep -E '^  (completed|failed|time to first byte)' | sed 's/^/  /'
}

run() { # label breaker-failures
    local label=$1 failures=$2 log="$WORK/gateway-$1.log"
    launch_gateway "$PORT" "$log" "$WORK/cache-$label" CACHE_ENABLED=false MARYTTS_ENABLED=false TTS_PROVIDER=openai \
        TTS_FALLBACK=deepgram OPENAI_API_KEY=$KEY OPENAI_BASE_URL="$(url openai)" DG_API_KEY=$KEY \
        DG_BASE_URL="$(url deepgram)" PROVIDER_FIRST_BYTE_TIMEOUT="$FIRST_BYTE_TIMEOUT" \
        PROVIDER_BREAKER_FAILURES="$failures"
    GATEWAY_PID=$LAUNCHED_PID
    await_ready "$PORT" "$log" 'tts-gateway ready'
    echo
    echo "=== $label: openai hangs on every request, fallback deepgram, PROVIDER_FIRST_BYTE_TIMEOUT=$FIRST_BYTE_TIMEOUT," \
        "PROVIDER_BREAKER_FAILURES=$failures"
    echo "  HTTP API, $REQUESTS sequential requests:"
    : > "$WORK/ttfb"
    local i
    for i in $(seq 1 "$REQUESTS"); do
        speech "$i"
    done
    tail -n +5 "$WORK/ttfb" | sort -n | awk '{v[NR] = $1} END {if (NR) printf "  5th and later: %d requests, median %.1f ms, max %.1f ms\n", NR, v[int((NR + 1) / 2)], v[NR]}'
    echo "  breakers: $(curl -s "localhost:$PORT/api/v1/providers" | grep -o '"name":"[a-z]*"[^}]*"breaker":"[a-z_]*"' \
        | sed 's/"name":"\([a-z]*\)".*"breaker":"\([a-z_]*\)"/\1=\2/' | tr '\n' ' ')"
    echo "  WebSocket, one more session of $REQUESTS sequential requests (tts-loadgen):"
    loadgen "$REQUESTS"
    grep -h 'breaker' "$log" | grep -v 'listening on' | sed 's/^/  log: /' || true
    stop_gateway
}

run before-breakers-off 0
run after-defaults 3
