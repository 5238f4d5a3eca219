#!/usr/bin/env bash
# Runs two gateway replicas sharing one Redis behind HAProxy on this machine, with
# deploy/haproxy/haproxy.cfg (the configuration the multi-replica test uses):
#   deploy/haproxy/run-local.sh      then connect to ws://localhost:${TTS_LB_PORT:-8080}/api/v1/ws
# Replicas on 8101 and 8102, Redis on 6390, each replica with its own disk cache under var/replicas.
# Provider keys and other settings are taken from the environment, as ./run.sh does. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/java-home.sh
. scripts/system-packages.sh
require_packages redis-server:redis-server haproxy:haproxy
./mvnw -B -q -DskipTests package

export TTS_LB_PORT=${TTS_LB_PORT:-8080} REDIS_PORT=${REDIS_PORT:-6390}
work=var/replicas
mkdir -p "$work"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT INT TERM

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --maxmemory 256mb --maxmemory-policy allkeys-lru --dir "$work" > "$work/redis.log" 2>&1 &
pids+=($!)
for replica in 1 2; do
    PORT=$((8100 + replica)) CACHE_DIR="$work/cache-$replica" CACHE_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" \
        "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar app/target/tts-gateway.jar > "$work/replica-$replica.log" 2>&1 &
    pids+=($!)
done
TTS_REPLICA_1=127.0.0.1:8101 TTS_REPLICA_2=127.0.0.1:8102 TTS_LB_STATS="$PWD/$work/haproxy.sock" \
    haproxy -db -f deploy/haproxy/haproxy.cfg > "$work/haproxy.log" 2>&1 &
pids+=($!)
echo "ws://localhost:$TTS_LB_PORT/api/v1/ws -> replicas 8101, 8102 (logs in $work/); Ctrl-C stops them"
wait -n "${pids[@]}"
echo "a process stopped; see the logs in $work/" >&2
