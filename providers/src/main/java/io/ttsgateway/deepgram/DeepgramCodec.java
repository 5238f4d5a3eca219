package io.ttsgateway.deepgram;

import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkCodec;
import io.ttsgateway.provider.link.LinkLimits;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * The messages of {@code /v1/speak} and Deepgram's limits per socket. The socket carries no request
 * ids, only order (a sequential link): binary frames are audio of the segment being spoken,
 * {@code Flushed} ends it, {@code Cleared} confirms a cancel. Free text of warnings and errors is never
 * kept: only their codes.
 */
final class DeepgramCodec implements LinkCodec {

    /** Speak everything sent so far; answered by {@code Flushed}. */
    static final String FLUSH = "{\"type\":\"Flush\"}";
    /** Drop the text sent so far and stop its audio; answered by {@code Cleared}. */
    static final String CLEAR = "{\"type\":\"Clear\"}";
    /** Finish and close the socket; Deepgram answers with close 1000. */
    static final String CLOSE = "{\"type\":\"Close\"}";
    /** Event type of a {@code Flushed}: the segment being spoken is complete. */
    static final String FLUSHED = "Flushed";

    /** Flushes Deepgram accepts per minute on one socket (beyond: {@code EXCESSIVE_FLUSH}). */
    static final int MAX_FLUSHES = 20;
    /** Characters Deepgram accepts per minute on one socket (beyond: close {@code 1008 DATA-0001}). */
    static final int MAX_CHARS = 2400;
    /** Pings on quiet sockets: Deepgram closes silent ones ({@code NET-0001}, about 10 s). */
    static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(4);
    /**
     * One utterance per socket; Deepgram's minute plus 2 s, as it counts arrivals, later than sends;
     * pooled sockets idle for a minute are closed; 2 s for {@code Cleared}.
     */
    static final LinkLimits LIMITS = new LinkLimits(1, true, MAX_CHARS, MAX_FLUSHES, Duration.ofSeconds(62),
                                                    Duration.ofSeconds(60), KEEP_ALIVE_INTERVAL,
                                                    Duration.ofSeconds(2), Duration.ofSeconds(2));

    private static final Logger LOGGER = Logger.getLogger(DeepgramCodec.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A {@code Speak} message.
     *
     * @param text at most {@link SpeakSplitter#MAX_SPEAK_CHARS} characters
     * @return the JSON
     */
    static String speak(String text) {
        return JSON.createObjectNode().put("type", "Speak").put("text", text).toString();
    }

    @Override
    public Frame decode(String message) {
        JsonNode node;
        try {
            node = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            return Frame.IGNORED;
        }
        String type = node == null ? "" : node.path("type").asText("");
        String code = firstText(node, "warn_code", "code", "variant", "err_code");
        return switch (type) {
            case FLUSHED -> new Frame.Event(null, FLUSHED, node);
            case "Cleared" -> new Frame.Done(null);
            case "Error" -> new Frame.Failed(null, DeepgramErrors.error(code));
            case "Warning" -> {
                LOGGER.info(() -> "Deepgram warned: " + ProviderErrors.safeCode(code));
                yield DeepgramErrors.EXCESSIVE_FLUSH.equals(code)
                        ? new Frame.Event(null, DeepgramErrors.EXCESSIVE_FLUSH, node) : Frame.IGNORED;
            }
            case "Metadata" -> {
                LOGGER.fine(() -> "Deepgram request_id " + ProviderErrors.safeCode(firstText(node, "request_id")));
                yield Frame.IGNORED;
            }
            default -> Frame.IGNORED;
        };
    }

    @Override
    public Frame decode(byte[] message) {
        return new Frame.Audio(null, message);
    }

    @Override
    public List<String> cancel(String route) {
        return List.of(CLEAR);
    }

    @Override
    public boolean cancelHoldsSlot() {
        return true;
    }

    @Override
    public ProviderException closed(int code, String reason) {
        return DeepgramErrors.closed(code, reason);
    }

    @Override
    public boolean resendable(int code, String reason) {
        return DeepgramErrors.stale(code, reason);
    }

    @Override
    public List<String> goodbye() {
        return List.of(CLOSE);
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node == null ? null : node.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }
}
