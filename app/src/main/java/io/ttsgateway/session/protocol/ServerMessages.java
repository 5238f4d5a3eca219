package io.ttsgateway.session.protocol;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.WordAlignment;

/**
 * The JSON messages the server sends. A request without a client id gets messages without one,
 * exactly as xRx clients expect.
 */
public final class ServerMessages {

    /** Terminal status of a request. */
    public enum Status {
        COMPLETED("completed"), CANCELLED("cancelled"), FAILED("failed");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        /**
         * The status on the wire.
         *
         * @return for example {@code completed}
         */
        public String wire() {
            return wire;
        }
    }

    private final ObjectMapper mapper;

    /**
     * Creates the messages.
     *
     * @param mapper JSON mapper
     */
    public ServerMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The {@code start} sent before a request's first audio.
     *
     * @param requestId the request, or {@code null}
     * @param format    the format the client hears
     * @param source    {@code cache} or the provider
     * @return the message
     */
    public String start(String requestId, String format, String source) {
        ObjectNode node = action("start", requestId);
        node.put("format", format);
        node.put("source", source);
        return write(node);
    }

    /**
     * Word timings of a request.
     *
     * @param requestId the request, or {@code null}
     * @param alignment the timings, in the request's time
     * @return the message
     */
    public String alignment(String requestId, WordAlignment alignment) {
        ObjectNode node = action("alignment", requestId);
        ArrayNode words = node.putArray("words");
        alignment.words().forEach(words::add);
        ArrayNode starts = node.putArray("startMs");
        alignment.startMs().forEach(starts::add);
        ArrayNode ends = node.putArray("endMs");
        alignment.endMs().forEach(ends::add);
        return write(node);
    }

    /**
     * The one terminal message of a request.
     *
     * @param requestId the request, or {@code null}
     * @param status    how it ended
     * @param error     why it failed, or {@code null}
     * @return the message
     */
    public String done(String requestId, Status status, GatewayError error) {
        return done(requestId, status, error, List.of());
    }

    /**
     * The one terminal message of a request, naming the providers a fallback served it after.
     *
     * @param requestId    the request, or {@code null}
     * @param status       how it ended
     * @param error        why it failed, or {@code null}
     * @param fallbackFrom the providers that failed before the one that made its audio; empty
     *                     (and left out) when no fallback served
     * @return the message
     */
    public String done(String requestId, Status status, GatewayError error, List<String> fallbackFrom) {
        ObjectNode node = action("done", requestId);
        node.put("status", status.wire);
        if (!fallbackFrom.isEmpty()) {
            ArrayNode from = node.putArray("fallbackFrom");
            fallbackFrom.forEach(from::add);
        }
        if (error != null) {
            describe(node.putObject("error"), error);
        }
        return write(node);
    }

    /**
     * A message that could not become a request.
     *
     * @param error     what is wrong
     * @param requestId the request it names, or {@code null}
     * @return the message
     */
    public String error(GatewayError error, String requestId) {
        ObjectNode node = action("error", requestId);
        describe(node, error);
        return write(node);
    }

    /** The fields of an error: code, message, retryable, and retryAfterMs when known. */
    private static void describe(ObjectNode node, GatewayError error) {
        node.put("code", error.code().wireName());
        node.put("message", error.message());
        node.put("retryable", error.retryable());
        if (error.retryAfter() != null) {
            node.put("retryAfterMs", Math.max(1, error.retryAfter().toMillis()));
        }
    }

    private ObjectNode action(String action, String requestId) {
        ObjectNode node = mapper.createObjectNode();
        node.put("action", action);
        if (requestId != null) {
            node.put("requestId", requestId);
        }
        return node;
    }

    private String write(ObjectNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings always serializes", e);
        }
    }
}
