#!/usr/bin/env bash
# The long fuzz run of docs/reliability.md: starts a gateway on the in-process `tone` provider, runs
# the fuzz generator of FuzzTest (loadgen's io.ttsgateway.loadgen.fuzz.Fuzz) against it over several
# connections, and prints the figures: messages, requests, dones, errors by code, closes by code,
# silent requests and other faults, the gateway's threads and file descriptors before and after,
# tts_sessions_active after, duration. Exits 1 when the run saw a fault or the gateway leaked.
#   scripts/fuzz.sh [MESSAGES [CONNECTIONS [SEED]]]     defaults: 100000 8 13
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
MESSAGES=${1:-100000}
CONNECTIONS=${2:-8}
SEED=${3:-13}
PORT=${FUZZ_PORT:-8341}
MAX_TEXT=1000
MAX_MESSAGE=8192
MAX_FRAME=1048576

. scripts/gateway-lib.sh
require_free_port "$PORT" FUZZ_PORT
./mvnw -B -q -o -DskipTests package -pl app,loadgen -am

launch_gateway "$PORT" "$WORK/gateway.log" "$WORK/cache" TTS_PROVIDER=tone MARYTTS_ENABLED=false \
    SESSION_RATE_LIMIT_PER_MINUTE=1000000 SESSION_MAX_TEXT_LENGTH=$MAX_TEXT SESSION_MAX_MESSAGE_BYTES=$MAX_MESSAGE \
    -- -Xmx512m
GATEWAY_PID=$LAUNCHED_PID
await_ready "$PORT" "$WORK/gateway.log"

os_threads() { awk '/^Threads:/ {print $2}' "/proc/$GATEWAY_PID/status"; }
descriptors() { ls "/proc/$GATEWAY_PID/fd" | wc -l; }
named_threads() { # platform and virtual threads named tts-* or "... WebServer socket", from a thread dump
    local dump="$WORK/threads-$RANDOM.json"
    "$JAVA_HOME/bin/jcmd" "$GATEWAY_PID" Thread.dump_to_file -format=json "$dump" > /dev/null
    grep -cE '"name": "(tts-[^"]*|[^"]*WebServer socket)"' "$dump" || true
}
sessions() { curl -s "localhost:$PORT/observe/metrics" | awk '/^tts_sessions_active/ {print $2}'; }
fuzz() { # messages connections seed
    "$JAVA_HOME/bin/java" -cp "loadgen/target/tts-loadgen.jar:loadgen/target/libs/*" io.ttsgateway.loadgen.fuzz.Fuzz \
        --port "$PORT" --messages "$1" --connections "$2" --seed "$3" --max-text-length $MAX_TEXT \
        --max-message-bytes $MAX_MESSAGE --max-frame-length $MAX_FRAME --timeout-seconds 30
}

fuzz 500 2 $((SEED + 1)) > "$WORK/warm-up.txt" || { cat "$WORK/warm-up.txt" "$WORK/gateway.log"; echo "warm-up run failed"; exit 1; }
sleep 2 # the warm-up's sockets close
BEFORE_OS=$(os_threads) BEFORE_NAMED=$(named_threads) BEFORE_FD=$(descriptors)
echo "fuzz: $MESSAGES messages, $CONNECTIONS connections, seed $SEED, on $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
STATUS=0
fuzz "$MESSAGES" "$CONNECTIONS" "$SEED" || STATUS=1
# Threads wind down as the last sockets close: look again for up to 10 s.
for _ in $(seq 1 20); do
    AFTER_OS=$(os_threads) AFTER_NAMED=$(named_threads) AFTER_FD=$(descriptors)
    [ "$AFTER_NAMED" -le "$BEFORE_NAMED" ] && [ "$AFTER_FD" -le $((BEFORE_FD + 5)) ] && break
    sleep 0.5
done
echo "gateway threads (OS): $BEFORE_OS before, $AFTER_OS after"
echo "gateway threads named tts-* or WebServer socket (virtual included): $BEFORE_NAMED before, $AFTER_NAMED after"
echo "gateway file descriptors: $BEFORE_FD before, $AFTER_FD after"
echo "tts_sessions_active after: $(sessions)"
echo "gateway heap: $(curl -s "localhost:$PORT/observe/metrics" | awk '/^memory_usedHeap_bytes/ {printf "%.0f MiB", $2 / 1048576}')"
if [ "$AFTER_NAMED" -gt "$BEFORE_NAMED" ] || [ "$AFTER_FD" -gt $((BEFORE_FD + 5)) ] || [ "$(sessions)" != "0.0" ]; then
    STATUS=1
fi
exit $STATUS
