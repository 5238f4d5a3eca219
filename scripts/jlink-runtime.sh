#!/usr/bin/env bash
# Builds a trimmed Java runtime for app/target/tts-gateway.jar with jdeps + jlink:
#   scripts/jlink-runtime.sh OUTPUT_DIR
# The Dockerfile's jlink stage runs this same script, so the module list lives here only.
# Build the jar first: ./mvnw -B -q -DskipTests package
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 OUTPUT_DIR" >&2
    exit 64
fi
# OUTPUT_DIR is relative to the caller's directory; the rest is relative to the repository.
case $1 in
    /*) output=$1 ;;
    *) output=$PWD/$1 ;;
esac
cd "$(dirname "$0")/.."

. scripts/java-home.sh

jar=app/target/tts-gateway.jar
if [ ! -f "$jar" ] || [ ! -d app/target/libs ]; then
    echo "error: $jar or app/target/libs/ is missing;" \
         "build first: ./mvnw -B -q -DskipTests package" >&2
    exit 1
fi
if [ -e "$output" ]; then
    # jlink refuses an existing directory; fail rather than delete something we did not make.
    echo "error: $output already exists; remove it or choose another directory." >&2
    exit 1
fi

# Modules the bytecode refers to: the gateway, Helidon, Jackson, MaryTTS and the rest of libs/.
# Today: java.base java.compiler java.desktop java.management java.naming java.rmi
# java.scripting java.sql jdk.unsupported. java.desktop is javax.sound.sampled (MaryTTS) and
# java.beans; it brings java.xml. java.sql brings java.logging, the JUL Helidon logs through.
detected=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 \
    --class-path 'app/target/libs/*' "$jar")

# Modules jdeps cannot see: looked up by reflection or ServiceLoader, or used by operators.
# Checked by running the jar on the full JDK with -Xlog:class+load, then on this runtime:
# same health, same /observe/metrics names, byte-identical audio for the same text.
extra=(
    # The com.sun.management half of the platform MXBeans: process CPU load, container memory
    # size, GC notifications, HotSpotDiagnostic heap dumps. Today's meters are the same without
    # it, but metrics libraries (Micrometer's ProcessorMetrics, JvmGcMetrics) find these by
    # reflection and silently drop their meters when absent. About 100 KB.
    jdk.management
    # The zip/"jar:" FileSystemProvider (FileSystems.newFileSystem, Path.of(URI "jar:...")) that
    # libraries use to walk resources inside jars; without it that code path fails only at run
    # time with ProviderNotFoundException. About 100 KB.
    jdk.zipfs
    # Diagnostics without a rebuild: Flight Recorder (-XX:StartFlightRecording in
    # JDK_JAVA_OPTIONS) and `docker exec ... jcmd 1 Thread.print | GC.heap_info | JFR.dump`.
    # About 1.2 MB together.
    jdk.jfr
    jdk.jcmd
)
# TLS to the cloud providers (ECDHE, EC certificates): on JDK 21 the EC implementation is the
# jdk.crypto.ec module; from JDK 22 it is in java.base and jdk.crypto.ec is an empty module,
# deprecated for removal. Add it while the JDK has it, so a JDK 21 build keeps working TLS.
# (grep without -q reads all input: an early exit would SIGPIPE java and, with pipefail, fail.)
if "$JAVA_HOME/bin/java" --list-modules | grep '^jdk\.crypto\.ec@' >/dev/null; then
    extra+=(jdk.crypto.ec)
fi
# Left out on purpose (checked): jdk.localedata (+10 MB; MaryTTS speaks en_US and java.base has
# the en/ROOT locale data; the audio is byte-identical without it), jdk.charsets (+1 MB; only
# the XML serializer probes it, all text is UTF-8), jdk.naming.dns (no JNDI DNS lookups; host
# names resolve through java.base), jdk.net (optional socket options; java.base copes).

modules="$detected,$(IFS=,; echo "${extra[*]}")"
echo "jlink modules: $modules" >&2

"$JAVA_HOME/bin/jlink" \
    --add-modules "$modules" \
    --strip-debug \
    --no-man-pages \
    --no-header-files \
    --compress=zip-6 \
    --output "$output"
