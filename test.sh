#!/usr/bin/env bash
# Runs every test of every module, the browser and AsyncAPI checks included.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java-home.sh
. scripts/e2e-setup.sh
# Tests start real servers of their own: redis-server (the Redis cache tier, fakes' RedisServer)
# and haproxy (two replicas behind a load balancer, MultiReplicaTest); ffmpeg decodes what the
# OpenAI-compatible API returns and the encoders write (OpenAiSdkTest, EncodersTest), sox checks
# FLAC and WAV lengths.
require_packages redis-server:redis-server haproxy:haproxy ffprobe:ffmpeg sox:sox || exit 1
exec ./mvnw -B test "$@"
