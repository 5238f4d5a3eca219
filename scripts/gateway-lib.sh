# Sourced by the scripts that run gateways and the stand-in providers on this machine (benchmark.sh,
# profile.sh, intelligibility.sh, reliability.sh, reliability-clients.sh, breaker.sh, fuzz.sh), from
# the repository's root after scripts/java-home.sh. Sourcing it makes WORK, a temporary directory,
# and on EXIT (INT and TERM exit too) stops every process started through it or given to track_pid,
# the last started first, then removes WORK.
#   start_fakes LOG ARGS...          the five fakes and OpenAI's stand-in (FakeProvidersMain ARGS) in their own
#                                    JVM, output in LOG; returns once all six printed their URL; pid in FAKES_PID;
#                                    FAKES_JAVA_OPTS adds flags to that JVM (e.g. -Xlog:gc to see its pauses)
#   fake_url LOG PROVIDER            that fake's base URL, from LOG
#   launch_gateway PORT LOG CACHE_DIR [VAR=VALUE...] [-- JAVA_FLAGS...]
#                                    one gateway in the background (GATEWAY_JAR_FILE, default
#                                    app/target/tts-gateway.jar; on GATEWAY_JAVA, default $JAVA_HOME/bin/java),
#                                    output in LOG; pid in LAUNCHED_PID
#   await_ready PORT LOG [LOG_LINE]  until /observe/health/ready answers (and LOG has LOG_LINE), at most
#                                    120 s; else, or when the gateway exits first, prints LOG and exits 1;
#                                    asks every READY_POLL_S seconds (default 0.25)
#   require_free_port PORT VARIABLE  exits 1 when something answers on PORT, naming VARIABLE to set
#   track_pid PID                    stops PID with the rest on exit
#   stop_pids PID...                 stops those (kill, then wait); empty or already stopped ones are fine
#   stop_gateway                     stops GATEWAY_PID, if set, and clears it
#   stop_started                     stops everything still running that was started or tracked

WORK=$(mktemp -d)
STARTED_PIDS=()
GATEWAY_PID=
declare -A GATEWAY_PID_OF_PORT=()
read -r GATEWAY_LIB_SHELL _ < /proc/self/stat
trap 'on_exit' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Only in the script's own shell: a child signalled between fork and exec runs these traps too, and
# there BASHPID can still hold the parent's pid (/proc/self is read by the shell itself, no fork).
on_exit() {
    local self
    read -r self _ < /proc/self/stat
    if [ "$self" = "$GATEWAY_LIB_SHELL" ]; then
        stop_started
        rm -rf "$WORK"
    fi
}

track_pid() { # pid
    STARTED_PIDS+=("$1")
}

stop_pids() { # pid...
    local pid i
    for pid in "$@"; do
        [ -n "$pid" ] || continue
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        for i in "${!STARTED_PIDS[@]}"; do
            if [ "${STARTED_PIDS[i]}" = "$pid" ]; then
                unset 'STARTED_PIDS[i]'
            fi
        done
    done
}

stop_gateway() {
    stop_pids "$GATEWAY_PID"
    GATEWAY_PID=
}

stop_started() { # in reverse order of start
    local pids=("${STARTED_PIDS[@]}") i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        stop_pids "${pids[i]}"
    done
    STARTED_PIDS=()
    GATEWAY_PID=
}

require_free_port() { # port variable
    if curl -s -o /dev/null "localhost:$1/"; then
        echo "port $1 is in use; set $2 to a free one" >&2
        exit 1
    fi
}

start_fakes() { # log FakeProvidersMain-args...
    local log=$1
    shift
    "$JAVA_HOME/bin/java" ${FAKES_JAVA_OPTS:-} -cp "fakes/target/tts-gateway-fakes.jar:fakes/target/libs/*" \
        io.ttsgateway.fakes.FakeProvidersMain "$@" > "$log" 2>&1 &
    FAKES_PID=$!
    track_pid "$FAKES_PID"
    for _ in $(seq 1 120); do
        # the five fakes and OpenAI's single-threaded stand-in, one "<name> <url>" line each
        if [ "$(grep -c '^[a-z]* http' "$log" || true)" -ge 6 ]; then
            return 0
        fi
        kill -0 "$FAKES_PID" 2>/dev/null || break
        sleep 0.25
    done
    echo "the fakes did not start; their log:" >&2
    cat "$log" >&2
    exit 1
}

fake_url() { # log provider
    awk -v p="$2" '$1 == p {print $2}' "$1"
}

launch_gateway() { # port log cache-dir [VAR=VALUE...] [-- java-flags...]
    local port=$1 log=$2 cache=$3 env=() flags=()
    shift 3
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        env+=("$1")
        shift
    done
    if [ $# -gt 0 ]; then
        shift
    fi
    flags=("$@")
    env PORT="$port" CACHE_DIR="$cache" "${env[@]}" \
        "${GATEWAY_JAVA:-$JAVA_HOME/bin/java}" "${flags[@]}" -jar "${GATEWAY_JAR_FILE:-app/target/tts-gateway.jar}" > "$log" 2>&1 &
    LAUNCHED_PID=$!
    track_pid "$LAUNCHED_PID"
    GATEWAY_PID_OF_PORT[$port]=$LAUNCHED_PID
}

await_ready() { # port log [log-line]
    local port=$1 log=$2 line=${3:-} pid=${GATEWAY_PID_OF_PORT[$1]:-} deadline=$((SECONDS + 120))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if curl -sf "localhost:$port/observe/health/ready" > /dev/null \
            && { [ -z "$line" ] || grep -q "$line" "$log" 2>/dev/null; }; then
            return 0
        fi
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            echo "gateway on port $port exited before it was ready; its log:" >&2
            cat "$log" >&2
            exit 1
        fi
        sleep "${READY_POLL_S:-0.25}"
    done
    echo "gateway on port $port did not become ready in 120 s; its log:" >&2
    cat "$log" >&2
    exit 1
}
