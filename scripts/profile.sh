#!/usr/bin/env bash
# Where the gateway's CPU goes with N real-time streams (issue 14, docs/performance.md): the stand-in
# providers in their own JVM (first byte after 120 ms, then 20 ms of 24 kHz PCM every 20 ms, 3 s a
# stream), the gateway under Java Flight Recorder (settings=profile), one warm-up round, one
# measured round through POST /v1/audio/speech; prints the recording's breakdown for the measured
# round only (stacks sampled every millisecond; JDK 25 samples at safepoint polls, so a method's time
# can show on the loop that called it): CPU samples by part of the gateway, hottest methods, allocation by site, virtual
# threads pinned, GC pauses. Run it on an otherwise idle machine.
#   scripts/profile.sh [N...]       default: 10 500
# PROFILE_PROVIDER=openai (default: the HTTP transport) or elevenlabs (its WebSocket transport).
# BENCH_PORT (default 8303) is the gateway's port.
# PROFILE_WARMUP_ROUNDS (default 1): warm-up rounds of N streams before the measured one; 3 or more
# leave the gateway's pools (off-heap slabs, buffers) as large as the round needs, as in a long run.
# PROFILE_KEEP=DIR keeps the recordings (DIR/gateway-N.jfr) for `jfr view` or JDK Mission Control.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
./mvnw -B -q -DskipTests package
ulimit -n 65536 2>/dev/null || true
. scripts/gateway-lib.sh

PORT=${BENCH_PORT:-8303}
PROVIDER=${PROFILE_PROVIDER:-openai}

start_fakes "$WORK/fakes.log" bench-key 120 20 150 20
# OpenAI's stand-in is the single-threaded one the realtime benchmark uses (fakes/OpenAiStandIn).
stand_in_url=$(fake_url "$WORK/fakes.log" "$([ "$PROVIDER" = openai ] && echo standin || echo "$PROVIDER")")
[ -n "$stand_in_url" ] || { echo "no stand-in for provider $PROVIDER; its log:" >&2; cat "$WORK/fakes.log" >&2; exit 1; }
case $PROVIDER in
openai) provider_env=(OPENAI_API_KEY=bench-key OPENAI_BASE_URL="$stand_in_url") ;;
elevenlabs) provider_env=(ELEVENLABS_API_KEY=bench-key ELEVENLABS_BASE_URL="$stand_in_url") ;;
*) echo "PROFILE_PROVIDER must be openai or elevenlabs" >&2; exit 2 ;;
esac

# The profile settings, sampling Java stacks every millisecond instead of every 10 ms.
"$JAVA_HOME/bin/jfr" configure --input profile method-profiling=max --output "$WORK/profile.jfc" > /dev/null

for n in ${@:-10 500}; do
    jfr="$WORK/gateway-$n.jfr"
    launch_gateway "$PORT" "$WORK/gateway-$n.log" "$WORK/cache-$n" SESSION_RATE_LIMIT_PER_MINUTE=100000 \
        SESSION_MAX_SESSIONS=20000 TTS_PROVIDER="$PROVIDER" MARYTTS_ENABLED=false "${provider_env[@]}" \
        -- -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseG1GC \
        -XX:StartFlightRecording=filename="$jfr",settings="$WORK/profile.jfc",dumponexit=true
    gateway=$LAUNCHED_PID
    await_ready "$PORT" "$WORK/gateway-$n.log"
    round() { # label warm-up-streams
        "$JAVA_HOME/bin/java" -jar loadgen/target/tts-loadgen.jar streams --label "$1" \
            --url "http://localhost:$PORT/v1" --streams "$n" --api-key bench-key --timeout-s 120 --warmup "$2" \
            --watch "gateway=$gateway" 2>&1 | grep -v '^RESULT'
    }
    for ((w = 1; w <= ${PROFILE_WARMUP_ROUNDS:-1}; w++)); do
        round "warm-up-$n" 20 > /dev/null
    done
    from=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
    echo "=== $n streams through the gateway ($PROVIDER), measured round from $from; $(uptime | sed 's/.*load average/load average/')"
    round "gateway-$n" 0
    stop_pids "$gateway" # the recording is written as the gateway exits
    "$JAVA_HOME/bin/java" -jar loadgen/target/tts-loadgen.jar profile "$jfr" "$from"
    if [ -n "${PROFILE_KEEP:-}" ]; then
        mkdir -p "$PROFILE_KEEP"
        cp "$jfr" "$PROFILE_KEEP/"
    fi
    echo
done
