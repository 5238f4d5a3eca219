package io.ttsgateway.cartesia;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkCodec;
import io.ttsgateway.provider.net.JsonGet;
import io.ttsgateway.provider.net.JsonMappers;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * What Cartesia's {@code /tts/websocket} messages mean, multiplexed by {@code context_id}, and its
 * cancel (a generation writes its own requests). A chunk with a {@code flush_id} is an
 * {@link Frame.Event} {@code chunk} (a continuation routes it by that id), any other {@link Frame.Audio}.
 * An {@code error} ends its context only: a free-text {@code error} before version 2026-03-01, then
 * {@code error_code}, {@code title} and {@code message}, all with {@code status_code}; these texts may
 * echo the transcript or the key, so they are read to classify and never copied.
 */
final class CartesiaCodec implements LinkCodec {

    /** The provider's name, in messages and logs. */
    static final String NAME = "cartesia";
    /** The {@code flush_id} of a message that carries none. */
    static final int NO_FLUSH_ID = -1;
    private static final ObjectMapper JSON = JsonMappers.create();
    private static final Logger LOGGER = Logger.getLogger(CartesiaCodec.class.getName());
    /** Codes (2026-03-01+) and phrases (older free text) that mean throttling, whatever the status. */
    private static final List<String> RATE = List.of("concurrency_limited", "rate_limited", "too_many_requests",
                                                     "concurrency limit", "concurrent request", "rate limit",
                                                     "too many requests", "too many concurrent");
    /** Phrases of free-text errors that mean the key was refused. */
    private static final List<String> AUTH = List.of("api key", "api_key", "unauthorized", "unauthenticated",
                                                     "authentication", "invalid token", "forbidden");

    @Override
    public List<String> cancel(String route) {
        return List.of(JsonMappers.text(JSON.createObjectNode().put("context_id", route).put("cancel", true)));
    }

    @Override
    public Frame decode(String text) {
        JsonNode message = JsonGet.parseOrNull(text);
        if (message == null) {
            LOGGER.fine("Cartesia sent a message that is not JSON; ignored"); // the requests' timeouts cover it
            return Frame.IGNORED;
        }
        String type = message.path("type").asText("");
        String context = message.path("context_id").asText(null);
        if (context == null) {
            // An error about the socket (unparseable input) closes nothing: logged only.
            LOGGER.fine(() -> "Cartesia sent a " + type + " message without a context; ignored");
            return Frame.IGNORED;
        }
        return switch (type) {
            case "chunk" -> chunk(context, message);
            case "done" -> new Frame.Done(context);
            case "error" -> new Frame.Failed(context, error(message));
            default -> message.path("done").asBoolean(false) ? new Frame.Done(context)
                    : new Frame.Event(context, type, message);
        };
    }

    @Override
    public ProviderException closed(int code, String reason) {
        return ProviderErrors.dropped(NAME, "close " + code + ", "
                + ProviderErrors.safeCode(reason.isBlank() ? "no reason" : reason));
    }

    /** The audio of a chunk already decoded once, so known to be base64. */
    static byte[] audio(JsonNode chunk) {
        return Base64.getDecoder().decode(chunk.path("data").asText(""));
    }

    /** The {@code flush_id} of a message, or {@link #NO_FLUSH_ID}. */
    static int flushId(JsonNode message) {
        JsonNode id = message.get("flush_id");
        return id != null && id.canConvertToInt() && id.asInt() >= 0 ? id.asInt() : NO_FLUSH_ID;
    }

    /** The words of a {@code timestamps} message in milliseconds of context time, or {@code null} when malformed. */
    static WordAlignment words(JsonNode message) {
        JsonNode stamps = message.path("word_timestamps");
        List<String> words = new ArrayList<>();
        stamps.path("words").forEach(word -> words.add(word.asText()));
        List<Long> starts = millis(stamps.path("start"));
        List<Long> ends = millis(stamps.path("end"));
        return words.size() == starts.size() && words.size() == ends.size() ? new WordAlignment(words, starts, ends)
                : null;
    }

    private static List<Long> millis(JsonNode seconds) {
        List<Long> millis = new ArrayList<>();
        seconds.forEach(value -> millis.add(Math.round(value.asDouble() * 1000)));
        return millis;
    }

    /** The failure an {@code error} message, or a refused HTTP call shaped like one, reports; safe for clients. */
    static ProviderException error(JsonNode message) {
        int status = message.path("status_code").asInt(ProviderException.NO_STATUS);
        String code = message.path("error_code").isTextual() ? message.path("error_code").asText() : "";
        String words = Stream.of("error", "title", "message", "error_code").map(message::path)
                .filter(JsonNode::isTextual).map(JsonNode::asText).collect(Collectors.joining(" "))
                .toLowerCase(Locale.ROOT);
        boolean authCode = Stream.of("api_key", "unauthorized").anyMatch(code.toLowerCase(Locale.ROOT)::contains);
        // Without a usable status an error is final for its context, and nothing says the request was at fault.
        ProviderErrorKind kind = RATE.stream().anyMatch(words::contains) ? ProviderErrorKind.RATE_LIMITED
                : authCode || (status == 0 || status == 400) && AUTH.stream().anyMatch(words::contains)
                ? ProviderErrorKind.AUTH_FAILED
                : status >= 400 ? ProviderErrors.kindOf(status) : ProviderErrorKind.SYNTHESIS_FAILED;
        String detail = Stream.of(status == ProviderException.NO_STATUS ? "" : "status " + status,
                                  code.isBlank() ? "" : ProviderErrors.safeCode(code))
                .filter(part -> !part.isEmpty()).collect(Collectors.joining(", "));
        return new ProviderException(kind, status, NAME + " failed the request: "
                + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + (detail.isEmpty() ? "" : " (" + detail + ")"), null);
    }

    /** A refused HTTP call, classified as an {@code error}: a JSON body lends its fields, a text one its words. */
    static ProviderException refused(int status, byte[] body) {
        ObjectNode message = JsonGet.parseOrNull(body) instanceof ObjectNode object ? object
                : JSON.createObjectNode().put("error", new String(body, StandardCharsets.UTF_8));
        return error(message.put("status_code", status));
    }

    private static Frame chunk(String context, JsonNode message) {
        byte[] audio;
        try {
            audio = audio(message);
        } catch (IllegalArgumentException e) {
            return new Frame.Failed(context, new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED,
                    NAME + " sent audio that is not base64"));
        }
        return flushId(message) == NO_FLUSH_ID ? new Frame.Audio(context, audio)
                : new Frame.Event(context, "chunk", message);
    }
}
