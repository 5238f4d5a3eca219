#!/usr/bin/env bash
# The gateway's own CPU per request of POST /v1/audio/speech (issue 14: what 100 requests starting
# at once queue behind). The in-process `tone` provider (no network to a provider; 0.1 ms of audio
# per character, so one short chunk per request), a key checked on every request, every text new
# (every request a cache miss, written to the disk cache); rounds sent one after the other and
# from 50 connections at once by scripts/RequestCost.java, the gateway's utime + stime from
# /proc/PID/stat per round, less its JIT compiler threads' (kept alive for it), divided by its
# requests, after warm-up rounds. Run on an idle machine.
#   scripts/request-cost.sh [DIR...]
# Each DIR holds a build (tts-gateway.jar and libs/, e.g. a copy of app/target from another
# commit); default app/target, built first. With several, the passes alternate between them.
# REQUEST_COST_PASSES (default 2) passes over the DIRs; REQUEST_COST_ROUNDS the rounds of a pass
# ([w]CxR: C connections, R requests; w for warm-up); REQUEST_COST_PORT (default 8304);
# REQUEST_COST_JFR=DIR records each pass with Java Flight Recorder (settings=profile, stacks every
# 1 ms) to DIR/pass-N.jfr and prints where the measured rounds' CPU samples went (scripts/RequestProfile.java).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

PORT=${REQUEST_COST_PORT:-8304}
PASSES=${REQUEST_COST_PASSES:-2}
ROUNDS=${REQUEST_COST_ROUNDS:-w1x3000 w50x10000 1x3000 50x10000 1x3000 50x10000}
DIRS=("$@")
if [ ${#DIRS[@]} -eq 0 ]; then
    ./mvnw -B -q -o -DskipTests package -pl app -am
    DIRS=(app/target)
fi
WORK=$(mktemp -d)
GATEWAY=
trap '[ -n "$GATEWAY" ] && kill "$GATEWAY" 2>/dev/null; rm -rf "$WORK"' EXIT
if [ -n "${REQUEST_COST_JFR:-}" ]; then
    mkdir -p "$REQUEST_COST_JFR"
    "$JAVA_HOME/bin/jfr" configure --input profile method-profiling=max --output "$WORK/profile.jfc" > /dev/null
fi

pass=0
for ((p = 1; p <= PASSES; p++)); do
    for dir in "${DIRS[@]}"; do
        pass=$((pass + 1))
        jfr_opts=()
        if [ -n "${REQUEST_COST_JFR:-}" ]; then
            jfr_opts=(-XX:StartFlightRecording=filename="$REQUEST_COST_JFR/pass-$pass.jfr",settings="$WORK/profile.jfc",dumponexit=true)
        fi
        env PORT="$PORT" CACHE_DIR="$WORK/cache-$pass" TTS_PROVIDER=tone MARYTTS_ENABLED=false \
            TONE_PER_CHARACTER=PT0.0001S GATEWAY_API_KEYS=bench-key SESSION_RATE_LIMIT_PER_MINUTE=100000000 \
            "$JAVA_HOME/bin/java" -Xms512m -Xmx512m -XX:+UseG1GC -XX:-UseDynamicNumberOfCompilerThreads "${jfr_opts[@]}" \
            -cp "$dir/tts-gateway.jar:$dir/libs/*" io.ttsgateway.Main > "$WORK/gateway-$pass.log" 2>&1 &
        GATEWAY=$!
        for _ in $(seq 1 120); do
            curl -sf "localhost:$PORT/observe/health/ready" > /dev/null && break
            sleep 0.5
        done
        echo "=== pass $pass: $dir ($(git -C "$dir" rev-parse --short HEAD 2>/dev/null || echo build)); $(uptime | sed 's/.*load average/load average/')"
        # shellcheck disable=SC2086
        "$JAVA_HOME/bin/java" scripts/RequestCost.java "$PORT" "$GATEWAY" tts-1 bench-key $ROUNDS \
            | tee "$WORK/cost-$pass.txt" | grep -v '^MEASURED_FROM'
        from=$(awk '$1 == "MEASURED_FROM" {print $2}' "$WORK/cost-$pass.txt")
        echo "    $(uptime | sed 's/.*load average/load average/')"
        kill "$GATEWAY"
        wait "$GATEWAY" 2>/dev/null || true
        GATEWAY=
        if [ -n "${REQUEST_COST_JFR:-}" ]; then
            "$JAVA_HOME/bin/java" scripts/RequestProfile.java "$REQUEST_COST_JFR/pass-$pass.jfr" "$from" "${REQUEST_COST_TOP:-25}" 2>&1 | sed 's/^/    /'
        fi
    done
done
