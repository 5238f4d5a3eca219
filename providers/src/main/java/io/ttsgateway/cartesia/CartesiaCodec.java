package io.ttsgateway.cartesia;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkCodec;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * Cartesia's {@code /tts/websocket} messages, both ways. Requests are multiplexed by
 * {@code context_id}; an {@code error} ends its context only, the socket serves on. A chunk tagged
 * with a {@code flush_id} is an {@link Frame.Event} of type {@code chunk}, so that a continuation
 * can route it to its segment; every other chunk is {@link Frame.Audio}.
 */
final class CartesiaCodec implements LinkCodec {

    /** The {@code flush_id} of a message that carries none. */
    static final int NO_FLUSH_ID = -1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOGGER = Logger.getLogger(CartesiaCodec.class.getName());
    private static final double MILLIS_PER_SECOND = 1000.0;

    /**
     * A {@code GenerationRequest}: the generation's fields with a text of its own. A whole request is
     * its transcript with {@code continue: false}; a continuation sends inputs with
     * {@code continue: true}, each followed by a manual flush ({@code ""}, {@code flush: true}), and
     * ends with the final input ({@code ""}, {@code continue: false}).
     *
     * @param generation the fields every input of the context keeps
     * @param contextId  the context
     * @param text       the transcript, sent verbatim (Cartesia joins a context's inputs as they are)
     * @param more       {@code continue}
     * @param flush      whether this is a manual flush
     * @return the JSON text
     */
    static String generation(CartesiaGeneration generation, String contextId, String text, boolean more,
                             boolean flush) {
        ObjectNode message = JSON.createObjectNode();
        message.put("model_id", generation.modelId());
        message.put("transcript", text);
        ObjectNode voice = message.putObject("voice").put("mode", "id").put("id", generation.voiceId());
        if (generation.experimentalSpeed() != null) {
            voice.putObject("__experimental_controls").put("speed", generation.experimentalSpeed());
        }
        if (generation.language() != null) {
            message.put("language", generation.language());
        }
        message.put("context_id", contextId);
        message.putObject("output_format").put("container", "raw")
                .put("encoding", CartesiaGeneration.encoding(generation.format()))
                .put("sample_rate", generation.format().sampleRate());
        if (generation.timestamps()) {
            message.put("add_timestamps", true);
        }
        if (generation.speed() != null) {
            message.put("speed", generation.speed());
        }
        if (!generation.config().isEmpty()) {
            message.set("generation_config", JSON.valueToTree(generation.config()));
        }
        message.put("continue", more);
        if (flush) {
            message.put("flush", true);
        }
        return message.toString();
    }

    @Override
    public List<String> cancel(String route) {
        return List.of(JSON.createObjectNode().put("context_id", route).put("cancel", true).toString());
    }

    @Override
    public Frame decode(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // Not attributable to a context; the requests' own timeouts cover a garbled stream.
            LOGGER.fine("Cartesia sent a message that is not JSON; ignored");
            return Frame.IGNORED;
        }
        String type = message.path("type").asText("");
        String context = message.path("context_id").asText(null);
        if (context == null) {
            // An error about the socket itself (unparseable input) closes nothing: logged only.
            LOGGER.fine(() -> "Cartesia sent a " + type + " message without a context; ignored");
            return Frame.IGNORED;
        }
        return switch (type) {
            case "chunk" -> chunk(context, message);
            case "done" -> new Frame.Done(context);
            case "error" -> new Frame.Failed(context, CartesiaErrors.fromMessage(message));
            default -> message.path("done").asBoolean(false) ? new Frame.Done(context)
                    : new Frame.Event(context, type, message);
        };
    }

    @Override
    public ProviderException closed(int code, String reason) {
        return ProviderErrors.dropped(CartesiaProvider.NAME, "close " + code + ", "
                + ProviderErrors.safeCode(reason.isBlank() ? "no reason" : reason));
    }

    /** The audio of a chunk the codec read, which it checked to be base64. */
    static byte[] audio(JsonNode chunk) {
        return Base64.getDecoder().decode(chunk.path("data").asText(""));
    }

    /** The {@code flush_id} of a message, or {@link #NO_FLUSH_ID}. */
    static int flushId(JsonNode message) {
        JsonNode id = message.get("flush_id");
        return id != null && id.canConvertToInt() && id.asInt() >= 0 ? id.asInt() : NO_FLUSH_ID;
    }

    /**
     * The words of a {@code timestamps} message, in milliseconds from the start of its context's audio.
     *
     * @param message the message
     * @return the words, or {@code null} when there are none or they are malformed
     */
    static WordAlignment words(JsonNode message) {
        JsonNode stamps = message.path("word_timestamps");
        JsonNode text = stamps.path("words");
        JsonNode start = stamps.path("start");
        JsonNode end = stamps.path("end");
        if (!text.isArray() || !start.isArray() || !end.isArray() || text.size() != start.size()
                || text.size() != end.size()) {
            return null;
        }
        List<String> words = new ArrayList<>(text.size());
        List<Long> startMs = new ArrayList<>(text.size());
        List<Long> endMs = new ArrayList<>(text.size());
        for (int i = 0; i < text.size(); i++) {
            words.add(text.get(i).asText());
            startMs.add(Math.round(start.get(i).asDouble() * MILLIS_PER_SECOND));
            endMs.add(Math.round(end.get(i).asDouble() * MILLIS_PER_SECOND));
        }
        return new WordAlignment(words, startMs, endMs);
    }

    private static Frame chunk(String context, JsonNode message) {
        byte[] audio;
        try {
            audio = audio(message);
        } catch (IllegalArgumentException e) {
            return new Frame.Failed(context, new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED,
                    CartesiaProvider.NAME + " sent audio that is not base64"));
        }
        return flushId(message) == NO_FLUSH_ID ? new Frame.Audio(context, audio)
                : new Frame.Event(context, "chunk", message);
    }
}
