package io.ttsgateway.loadgen.profile;

import java.util.List;

import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;

/**
 * What part of the gateway a CPU sample belongs to: the innermost frame of the stack that one of the
 * roles claims, so a socket write is charged to whoever wrote (the cache, the provider client...).
 */
enum StackRole {
    CACHE("cache (lookup, tee, reads)", "io.ttsgateway.cache."),
    AUDIO("audio conversion and encoding", "io.ttsgateway.audio."),
    PROVIDER_CLIENT("provider clients (ours: inbox, codecs, links)", "io.ttsgateway.provider.", "io.ttsgateway.openai.",
            "io.ttsgateway.elevenlabs.", "io.ttsgateway.cartesia.", "io.ttsgateway.deepgram.", "io.ttsgateway.uplift.",
            "io.ttsgateway.marytts.", "io.ttsgateway.tone."),
    JDK_HTTP("provider transport (the JDK's HTTP and WebSocket client)", "jdk.internal.net.http."),
    SYNTHESIS("synthesis thread (producer, sources, fallback)", "io.ttsgateway.session.producer.",
            "io.ttsgateway.synthesis.", "io.ttsgateway.breaker."),
    HTTP_API("HTTP speech API (request, response writes)", "io.ttsgateway.speech."),
    SESSION("WebSocket sessions (delivery, outbound queue, frames)", "io.ttsgateway.session."),
    GATEWAY_OTHER("gateway, other (keys, usage, metrics)", "io.ttsgateway."),
    HELIDON_WEBSOCKET("Helidon WebSocket", "io.helidon.websocket.", "io.helidon.webserver.websocket."),
    HELIDON("Helidon server (HTTP parsing, routing, writes)", "io.helidon."),
    JACKSON("JSON (Jackson)", "com.fasterxml.jackson."),
    SCHEDULING("virtual-thread scheduling", "java.util.concurrent.ForkJoinPool", "java.lang.VirtualThread",
            "jdk.internal.vm.Continuation"),
    OTHER("other (JDK, libraries)");

    private final String label;
    private final List<String> prefixes;

    StackRole(String label, String... prefixes) {
        this.label = label;
        this.prefixes = List.of(prefixes);
    }

    String label() {
        return label;
    }

    /** The role of the innermost frame any role claims; {@link #OTHER} when none does. */
    static StackRole of(RecordedStackTrace stack) {
        for (RecordedFrame frame : stack.getFrames()) {
            String type = frame.getMethod().getType().getName();
            for (StackRole role : values()) {
                for (String prefix : role.prefixes) {
                    if (type.startsWith(prefix)) {
                        return role;
                    }
                }
            }
        }
        return OTHER;
    }
}
