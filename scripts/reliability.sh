#!/usr/bin/env bash
# Reliability measurements of docs/reliability.md (issue 13). Each starts a gateway as run.sh does
# (the packaged jar, a fresh cache directory, the defaults unless a scenario says otherwise), loads it
# with the load generator over loopback and prints the figures with the machine's load (uptime), since
# the numbers depend on what else runs on its cores.
#   scripts/reliability.sh capacity   what the embedded engine serves per core: for 1, 2, 3, 4 and 6
#                                     sessions per core asking new sentences back to back, time to first
#                                     audio and audio seconds per second (real-time streams) per core,
#                                     with admission unbounded (MARYTTS_MAX_QUEUE=100000)
#   scripts/reliability.sh overload   100 sessions at once, each asking 2 new sentences of the embedded
#                                     engine, the second after the first was answered (a voice agent's
#                                     turn), against the default admission bound
#   scripts/reliability.sh vanish|slow|vanish_engine   clients that go or stop reading: see
#                                     scripts/reliability-clients.sh, which runs them
# Options by environment: RELIABILITY_PORT (8392), OVERLOAD_SESSIONS (100), OVERLOAD_REQUESTS (2),
# OVERLOAD_MODE (sequential; pipelined sends both at once: a connection's answers come in order, so a
# refusal of a second request then waits for its first request's audio to end).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
    vanish|slow|vanish_engine) exec scripts/reliability-clients.sh "$@" ;;
esac
. scripts/java-home.sh
./mvnw -B -q -DskipTests package -pl app,loadgen -am
ulimit -n 65536 2>/dev/null || true
. scripts/gateway-lib.sh

PORT=${RELIABILITY_PORT:-8392}
URL="ws://localhost:$PORT/api/v1/ws"
CORES=$(nproc)

start_gateway() { # env assignments...: as run.sh, on its own port and cache
    require_free_port "$PORT" RELIABILITY_PORT
    # shellcheck disable=SC2086 # JAVA_OPTS is split into flags
    launch_gateway "$PORT" "$WORK/gateway.log" "$WORK/cache-$RANDOM" "$@" -- ${JAVA_OPTS:-}
    GATEWAY_PID=$LAUNCHED_PID
    await_ready "$PORT" "$WORK/gateway.log"
    grep -o 'Embedded engine ready.*' "$WORK/gateway.log" | sed 's/ \[INFO.*//' || true
}

loadgen() { # args...: the RESULT json on stdout, the report on stderr
    "$JAVA_HOME/bin/java" -jar loadgen/target/tts-loadgen.jar --url "$URL" "$@" > "$WORK/run.txt" 2>&1 || true
    grep -v '^RESULT ' "$WORK/run.txt" >&2
    grep '^RESULT ' "$WORK/run.txt" | sed 's/^RESULT //'
}

metric() { # name: the gateway's value of one metric line
    curl -s "localhost:$PORT/observe/metrics" | grep "^$1" | awk '{print $2}' | head -1
}

run_capacity() {
    start_gateway TTS_PROVIDER=marytts MARYTTS_MAX_QUEUE=100000 SESSION_RATE_LIMIT_PER_MINUTE=100000
    loadgen --sessions "$CORES" --requests 4 --unique > /dev/null 2>&1 # JIT warm-up, not reported
    echo "machine: $CORES cores, $(uptime | sed 's/.*load/load/')"
    printf '%-18s %-10s %-10s %-10s %-22s\n' "sessions per core" "ttfb p50" "ttfb p90" "ttfb max" "audio s/s per core"
    for per_core in 1 2 3 4 6; do
        local sessions=$((per_core * CORES))
        loadgen --sessions "$sessions" --requests 6 --unique 2> /dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin); t = r["ttfbMs"] or {}
print("%-18s %-10s %-10s %-10s %-22.2f" % (sys.argv[1], t.get("p50"), t.get("p90"), t.get("max"),
      r["audioSecondsPerSecond"] / int(sys.argv[2])))' "$per_core" "$CORES"
    done
    echo "then: $(uptime | sed 's/.*load/load/')"
    stop_gateway
}

run_overload() {
    local sessions=${OVERLOAD_SESSIONS:-100} requests=${OVERLOAD_REQUESTS:-2} mode=${OVERLOAD_MODE:-sequential}
    start_gateway
    loadgen --sessions "$CORES" --requests 4 --unique > /dev/null 2>&1 # JIT warm-up, not reported
    echo "machine: $CORES cores, $(uptime | sed 's/.*load/load/')"
    echo "    scripts/loadgen.sh --url $URL --sessions $sessions --requests $requests --mode $mode --unique"
    loadgen --sessions "$sessions" --requests "$requests" --mode "$mode" --unique | python3 -c '
import json, sys
r = json.load(sys.stdin)
def ms(node, key): return "-" if not node else node[key]
print("requests: %d, completed %d, failed %d (%s)" % (r["requestsSent"], r["completed"], r["failed"],
      ", ".join("%s %d" % kv for kv in r["failures"].items()) or "none"))
print("failed after audio started: %d" % r["failedAfterAudio"])
print("refusals: answered in p50 %s, p90 %s, max %s ms" % (ms(r["refusalMs"], "p50"), ms(r["refusalMs"], "p90"),
      ms(r["refusalMs"], "max")))
print("accepted: first audio p50 %s, p90 %s, max %s ms" % (ms(r["ttfbMs"], "p50"), ms(r["ttfbMs"], "p90"),
      ms(r["ttfbMs"], "max")))'
    echo "gateway: tts_provider_refused_total $(metric 'tts_provider_refused_total{provider="marytts"'), capacity $(metric 'tts_provider_capacity{provider="marytts"')"
    echo "then: $(uptime | sed 's/.*load/load/')"
    stop_gateway
}

case "${1:-}" in
    capacity) run_capacity ;;
    overload) run_overload ;;
    *) echo "usage: scripts/reliability.sh capacity|overload|vanish|slow|vanish_engine" >&2; exit 2 ;;
esac
