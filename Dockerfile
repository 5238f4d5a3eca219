# syntax=docker/dockerfile:1
#
# tts-gateway image: compile with the Maven wrapper, cut the JDK down to the modules the
# gateway uses with jlink (scripts/jlink-runtime.sh), train an AOT cache on that runtime
# (scripts/aot-cache.sh), run it on Debian slim as a non-root user.
#
#   docker build -t tts-gateway .
#   docker run --rm -p 8002:8002 -v tts-cache:/var/cache/tts-gateway tts-gateway
#     -> ws://localhost:8002/api/v1/ws   http://localhost:8002/observe/health
#
# Configuration is environment variables (PORT, TTS_PROVIDER, GATEWAY_API_KEYS, provider API keys,
# ...; see docs/configuration.md). Give keys at run time (--env-file, a secret store), never as
# build arguments: those are recorded in the image.
#
# The gateway drains sessions on SIGTERM for up to SHUTDOWN_GRACE_PERIOD (20 s by default), longer
# than Docker's default 10 s stop timeout: use `docker stop -t 30`, compose `stop_grace_period: 30s`
# or a Kubernetes terminationGracePeriodSeconds of 40 (deploy/kubernetes: a 5 s preStop sleep, then the 20 s grace).

ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------------------------
# 1. Build: the jar and its dependencies (app/target/tts-gateway.jar + app/target/libs/).
# ---------------------------------------------------------------------------------------------
FROM ${JDK_IMAGE} AS build
WORKDIR /src

# The wrapper pins Maven 3.9.9, the same as local builds. This JDK image has no curl, wget or
# unzip; mvnw then fetches the .tar.gz with a small Java program, so nothing needs installing.
# `sh mvnw` and `bash scripts/...` below do not depend on the executable bit surviving checkout.
COPY mvnw ./
COPY .mvn/ .mvn/

# Every pom of the reactor: the parent lists all six modules, so each pom must be there even
# though the image builds only the gateway. -pl app -am takes app, providers, audio, cache and fakes:
# fakes is a test-scoped dependency of app and providers, which Maven still resolves from the
# reactor. -Dmaven.test.skip=true compiles no tests and no test sources are copied; the fakes'
# main sources are, for the AOT training run (stage 3).
COPY pom.xml ./
COPY fakes/pom.xml fakes/
COPY audio/pom.xml audio/
COPY providers/pom.xml providers/
COPY cache/pom.xml cache/
COPY app/pom.xml app/
COPY loadgen/pom.xml loadgen/

# Dependency layer, rebuilt only when a pom or the wrapper changes: package the modules before
# their sources exist, which downloads Maven, every dependency and every plugin of the real build
# into /root/.m2. (dependency:go-offline cannot do this here: it ignores the <exclusions> of
# providers/pom.xml and fails on MaryTTS dependencies that are not on Maven Central.)
RUN sh mvnw -B -q -Dmaven.test.skip=true -pl app -am package \
 && rm -rf fakes/target audio/target providers/target cache/target app/target

# Sources last, so a code change reuses every layer above; src/main only, so a change to tests
# alone (not compiled here) reuses this layer too.
COPY fakes/src/main/ fakes/src/main/
COPY audio/src/main/ audio/src/main/
COPY providers/src/main/ providers/src/main/
COPY cache/src/main/ cache/src/main/
COPY app/src/main/ app/src/main/
# The JavaScript client: the app's build copies clients/js/src/index.js into the jar (the playground's).
COPY clients/js/src/ clients/js/src/
RUN sh mvnw -B -q -Dmaven.test.skip=true -pl app -am package

# Split libs/ for the runtime stage: third-party jars change with the poms, our own modules with
# every commit; two COPYs keep a code change down to a layer of a few hundred KB instead of ~50 MB.
RUN mkdir -p /out/deps /out/app/libs \
 && cp app/target/tts-gateway.jar /out/app/ \
 && cp app/target/libs/tts-gateway-*.jar /out/app/libs/ \
 && find app/target/libs -maxdepth 1 -name '*.jar' ! -name 'tts-gateway-*' -exec cp {} /out/deps/ \;

# ---------------------------------------------------------------------------------------------
# 2. jlink: a runtime with only the modules the gateway needs (~64 MB; the full JDK is ~300 MB).
# The module list lives in scripts/jlink-runtime.sh only, the script developers run locally.
# It needs the jar (jdeps reads it) and a full JDK with jdeps, jlink and objcopy (for
# --strip-debug), which the Temurin JDK image has.
# ---------------------------------------------------------------------------------------------
FROM build AS jlink
COPY scripts/java-home.sh scripts/jlink-runtime.sh scripts/
RUN bash scripts/jlink-runtime.sh /opt/jre \
 && /opt/jre/bin/java --list-modules

# ---------------------------------------------------------------------------------------------
# 3. AOT cache (JDK 25): a training run on the jlinked runtime, with the jar and libs/ where the
# runtime stage has them (the cache holds for that JVM and those files, path, size and time, and
# COPY keeps times), records the classes the gateway loads and links and its methods' profiles. A
# container then starts in about half the time and compiles its hot code sooner (docs/performance.md,
# "Issue 14, fourth pass"). The training talks to the fake providers (fakes/) over loopback; no network, no key.
# ---------------------------------------------------------------------------------------------
FROM jlink AS aot
COPY scripts/gateway-lib.sh scripts/aot-cache.sh scripts/AotTraining.java scripts/
COPY --from=build /out/deps/ /app/libs/
COPY --from=build /out/app/ /app/
RUN GATEWAY_JAVA=/opt/jre/bin/java GATEWAY_JAR_FILE=/app/tts-gateway.jar \
    bash scripts/aot-cache.sh /out/aot/tts-gateway.aot -XX:+UseG1GC -Djava.awt.headless=true

# ---------------------------------------------------------------------------------------------
# 4. Runtime: Debian slim + the jlinked runtime + the jar and libs/. No JDK, no Maven, no package
# manager additions: the runtime needs only glibc (libc, libm, libdl, libpthread, librt), and it
# carries its own CA certificates (lib/security/cacerts) and time zone data for TLS and clocks.
# ---------------------------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE} AS runtime

# Unprivileged user with fixed numeric ids (Kubernetes runAsNonRoot can verify a numeric USER),
# and the cache directory it owns. Everything else, /app included, stays root-owned and read-only
# to the process.
RUN groupadd --system --gid 10001 tts \
 && useradd --system --uid 10001 --gid tts --home-dir /nonexistent --no-create-home \
        --shell /usr/sbin/nologin tts \
 && mkdir -p /var/cache/tts-gateway \
 && chown tts:tts /var/cache/tts-gateway

# C.UTF-8 is built into glibc: log lines with non-ASCII text are not turned into '?'.
ENV JAVA_HOME=/opt/jre \
    PATH=/opt/jre/bin:$PATH \
    LANG=C.UTF-8

COPY --from=jlink /opt/jre /opt/jre

WORKDIR /app
# The jar's manifest Class-Path names libs/<jar>, relative to the jar: keep them side by side.
COPY --from=build /out/deps/ /app/libs/
COPY --from=build /out/app/ /app/
COPY --from=aot /out/aot/ /app/

# The audio cache. Declared as a volume after it is created and chowned, so a new named volume
# starts out owned by the tts user; mount one to keep the cache across container restarts.
ENV CACHE_DIR=/var/cache/tts-gateway
VOLUME ["/var/cache/tts-gateway"]

USER 10001:10001

# server.port (PORT) defaults to 8002: the WebSocket at /api/v1/ws, health and metrics at /observe.
EXPOSE 8002

# JVM flags for a container, in JDK_JAVA_OPTIONS (read by the java launcher only, not by jcmd) so
# they can be replaced at run time with `-e JDK_JAVA_OPTIONS=...` (give the whole set; flags on the
# ENTRYPOINT line would win over it):
#   MaxRAMPercentage=75   heap from the container's memory limit; the rest is for metaspace,
#                         thread stacks, code cache and MaryTTS's native and direct memory.
#   UseG1GC               G1, chosen by measurement (docs/performance.md, "Garbage collector"): on 2
#                         cores generational ZGC's concurrent threads took 70 % more CPU per stream
#                         and doubled the added first-byte time at 100 and 500 real-time streams.
#                         Named, because without a choice the JVM picks SerialGC in containers with
#                         fewer than 2 CPUs or less than 1792 MB, pausing every stream at once.
#   ExitOnOutOfMemoryError  exit and let the orchestrator restart rather than run on half broken.
# The launcher prints "NOTE: Picked up JDK_JAVA_OPTIONS: ..." at start; that line is expected.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError"

# No curl in a slim image: bash's /dev/tcp sends the request and checks for "200" (the health
# endpoint answers 503 until MaryTTS has warmed up, a few seconds; start-period leaves room).
# Kubernetes ignores HEALTHCHECK: use /observe/health/ready and /observe/health/live for probes.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8002} && printf 'GET /observe/health HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && IFS= read -r -t 4 status <&3 && [[ $status == *' 200 '* ]]"]

# Exec form: java is PID 1 and receives SIGTERM itself, so the shutdown hook drains sessions.
#   AOTCache                      stage 3's cache; should it not match (another JVM, or a heap over 32 GB,
#                                 which turns off compressed pointers) the JVM says so and runs without it.
#   java.awt.headless=true        MaryTTS uses java.desktop (javax.sound); never look for a display.
# (MaryTTS's own log file is switched off in code, MaryLogging: /app is read-only to the tts user.)
ENTRYPOINT ["/opt/jre/bin/java", "-XX:AOTCache=/app/tts-gateway.aot", "-Djava.awt.headless=true", "-jar", "/app/tts-gateway.jar"]
