# Sourced by the project's scripts: selects a JDK >= 21 through JAVA_HOME, or fails plainly.
# Order: $JAVA_HOME if it fits, then the newest JDK under /usr/lib/jvm, then `java` on the PATH.
_tts_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -n 1
}
_tts_pick_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
                     "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
        candidate="${candidate%/}"
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
        major=$(_tts_java_major "$candidate")
        if [ -n "$major" ] && [ "$major" -ge 21 ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}
if ! TTS_JDK=$(_tts_pick_jdk); then
    echo "error: tts-gateway needs a JDK 21 or newer (Helidon 4); none was found in JAVA_HOME, /usr/lib/jvm or on the PATH." >&2
    echo "       Install one (for example Temurin 25) and set JAVA_HOME to it." >&2
    exit 1
fi
export JAVA_HOME="$TTS_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
