package io.ttsgateway.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.WordAlignment;

/**
 * The JSON messages the server sends. A request without a client id gets messages without one,
 * exactly as xRx clients expect.
 */
final class ServerMessages {

    /** Terminal status of a request. */
    enum Status {
        COMPLETED("completed"), CANCELLED("cancelled"), FAILED("failed");

        private final String wire;

        Status(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }
    }

    private final ObjectMapper mapper;

    ServerMessages(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String start(String requestId, String format, String source) {
        ObjectNode node = action("start", requestId);
        node.put("format", format);
        node.put("source", source);
        return write(node);
    }

    String alignment(String requestId, WordAlignment alignment) {
        ObjectNode node = action("alignment", requestId);
        ArrayNode words = node.putArray("words");
        alignment.words().forEach(words::add);
        ArrayNode starts = node.putArray("startMs");
        alignment.startMs().forEach(starts::add);
        ArrayNode ends = node.putArray("endMs");
        alignment.endMs().forEach(ends::add);
        return write(node);
    }

    String done(String requestId, Status status, GatewayError error) {
        ObjectNode node = action("done", requestId);
        node.put("status", status.wire);
        if (error != null) {
            ObjectNode body = node.putObject("error");
            body.put("code", error.code().wireName());
            body.put("message", error.message());
            body.put("retryable", error.retryable());
        }
        return write(node);
    }

    String error(GatewayError error, String requestId) {
        ObjectNode node = action("error", requestId);
        node.put("code", error.code().wireName());
        node.put("message", error.message());
        node.put("retryable", error.retryable());
        return write(node);
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
