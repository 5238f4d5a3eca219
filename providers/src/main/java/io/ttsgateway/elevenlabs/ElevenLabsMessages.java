package io.ttsgateway.elevenlabs;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkCodec;
import io.ttsgateway.provider.link.LinkLimits;
import io.ttsgateway.provider.net.JsonGet;
import io.ttsgateway.provider.net.JsonMappers;
import io.ttsgateway.provider.net.ProviderErrors;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * ElevenLabs' wire, and its codec on the link core: the multi-context socket's messages, routed by
 * {@code contextId}, and the HTTP bodies, errors included. Spellings differ between the AsyncAPI, the
 * docs and the SDKs ({@code isFinal}/{@code is_final}, {@code contextId}/{@code context_id}); readers accept both.
 */
final class ElevenLabsMessages implements LinkCodec {

    /** Thread-safe once configured; shared by all connections. */
    static final ObjectMapper JSON = JsonMappers.create();
    /** Type of the events made of audio messages; the others are progress. */
    static final String AUDIO = "audio";
    private static final Logger LOGGER = Logger.getLogger(ElevenLabsMessages.class.getName());

    /**
     * Five contexts a socket, a cancelled one counted until its final message; an idle socket 20 s from
     * its inactivity timeout is replaced, as a request could cross the server's close. A reused socket
     * silent for half the shorter timeout (a quarter to two seconds) counts as dead.
     */
    static LinkLimits limits(ProviderTimeouts timeouts) {
        long probe = Math.clamp(Math.min(timeouts.firstByte().toMillis(), timeouts.stall().toMillis()) / 2, 250, 2000);
        return new LinkLimits(5, false, 0, Duration.ZERO, Duration.ofSeconds(SocketKey.INACTIVITY_TIMEOUT_SECONDS - 20),
                              Duration.ofSeconds(30), Duration.ofMillis(probe),
                              timeouts.firstByte().plus(timeouts.stall()));
    }

    /** Opens a context with its voice settings, which only its first message may carry. */
    static String initContext(String contextId, VoiceSettings settings) {
        // The protocol wants a single space as the first message's text.
        return JsonMappers.text(JSON.createObjectNode().put("text", " ")
                .<ObjectNode>set("voice_settings", settings.toJson()).put("context_id", contextId));
    }

    /** A whole text with {@code flush}: waiting for the chunk schedule would only add latency. */
    static String textAndFlush(String contextId, String text) {
        // "Should always end with a single space": the server buffers up to the last word boundary.
        return JsonMappers.text(JSON.createObjectNode().put("text", text.endsWith(" ") ? text : text + " ")
                .put("context_id", contextId).put("flush", true));
    }

    /** Closes a context: after a flush the server finishes its audio, then sends the final message. */
    static String closeContext(String contextId) {
        return JsonMappers.text(JSON.createObjectNode().put("context_id", contextId).put("close_context", true));
    }

    /** The body of {@code POST /v1/text-to-speech/{voice_id}/stream}, with the text spoken before, or null. */
    static String httpBody(ResolvedRequest request, String previousText) {
        ObjectNode node = JSON.createObjectNode().put("text", request.text()).put("model_id", request.model());
        if (request.language() != null) {
            node.put("language_code", request.language());
        }
        node.set("voice_settings", request.settings().toJson());
        if (previousText != null && !previousText.isBlank()) {
            node.put("previous_text", previousText);
        }
        return JsonMappers.text(node);
    }

    /** Whether a server message ends its context. */
    static boolean isFinal(JsonNode message) {
        return message.path("isFinal").asBoolean(false) || message.path("is_final").asBoolean(false);
    }

    /** The context a server message belongs to, or null for the default context. */
    static String contextId(JsonNode message) {
        String id = text(message, "contextId");
        return id != null ? id : text(message, "context_id");
    }

    /** The base64 audio of a server message, or null (final messages carry null or ""). */
    static String audio(JsonNode message) {
        return text(message, "audio");
    }

    /** Whether a server message carries an error rather than audio or a final message. */
    static boolean isErrorFrame(JsonNode frame) {
        return frame.hasNonNull("error")
                || frame.hasNonNull("message") && !frame.hasNonNull("audio") && !isFinal(frame);
    }

    /** The code of a WebSocket error frame: a known {@code error}, else a guess from {@code message}, else any. */
    static String frameCode(JsonNode frame) {
        String error = text(frame, "error");
        if (error != null && ElevenLabsErrors.kindOfCode(error) != null) {
            return error;
        }
        String guessed = ElevenLabsErrors.codeFromText(text(frame, "message"));
        return guessed != null ? guessed : error;
    }

    /** The code of an HTTP error body (null when it was not JSON): {@code detail.status} or a guess. */
    static String httpCode(JsonNode body) {
        if (body == null) {
            return null;
        }
        JsonNode detail = body.path("detail");
        return detail.isObject() ? codeOrGuess(detail, "status") : detail.isArray() ? ElevenLabsErrors.VALIDATION_ERROR
                : detail.isTextual() ? ElevenLabsErrors.codeFromText(detail.asText()) : codeOrGuess(body, "error");
    }

    /** A failed HTTP request, from its status and its (bounded, possibly not JSON) body. */
    static ProviderException httpFailure(int status, byte[] body) {
        return ElevenLabsErrors.forHttp(status, httpCode(JsonGet.parseOrNull(body)));
    }

    @Override
    public Frame decode(String text) {
        JsonNode message = JsonGet.parseOrNull(text);
        if (message == null) {
            return Frame.IGNORED;
        }
        String id = message.isObject() ? contextId(message) : null;
        if (message.isObject() && isErrorFrame(message)) {
            String code = frameCode(message);
            LOGGER.fine(() -> NAME + " reported " + ProviderErrors.safeCode(String.valueOf(code))
                    + (id == null ? " for the socket" : " for a context"));
            // An idle socket's timeout only means "reconnect": the close that follows ends the link,
            // and what had no answer goes again on a new one.
            return id == null && ElevenLabsErrors.INPUT_TIMEOUT.equals(code) ? Frame.IGNORED : new Frame.Failed(id,
                    ElevenLabsErrors.forSocket(code, message.path("code").asInt(ElevenLabsErrors.POLICY_VIOLATION)));
        }
        if (id == null) {
            // The server's default context, which this client never uses.
            return Frame.IGNORED;
        }
        return isFinal(message) ? new Frame.Done(id) : new Frame.Event(id, audio(message) == null ? "progress" : AUDIO,
                                                                       message);
    }

    @Override
    public List<String> cancel(String route) {
        return List.of(closeContext(route));
    }

    @Override
    public boolean cancelHoldsSlot() {
        return true;
    }

    @Override
    public String readdress(String message, String from, String to) {
        return JsonGet.parseOrNull(message) instanceof ObjectNode node && from.equals(contextId(node))
                ? JsonMappers.text(node.put("context_id", to)) : message;
    }

    @Override
    public ProviderException closed(int code, String reason) {
        return ElevenLabsErrors.forClose(code, reason);
    }

    /** A field's code, else one guessed from the {@code message}. */
    private static String codeOrGuess(JsonNode node, String field) {
        String code = text(node, field);
        return code != null ? code : ElevenLabsErrors.codeFromText(text(node, "message"));
    }

    /** A field's text, or null when it is missing, not text or blank. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
