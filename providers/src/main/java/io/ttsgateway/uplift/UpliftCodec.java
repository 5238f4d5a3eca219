package io.ttsgateway.uplift;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkCodec;
import io.ttsgateway.provider.net.JsonGet;
import io.ttsgateway.provider.net.JsonMappers;
import io.ttsgateway.provider.net.ProviderErrors;

import static io.ttsgateway.uplift.UpliftSettings.NAME;

/** Uplift's WebSocket messages and error codes; audio chunks go as {@link Frame.Event}s to their request's route. */
final class UpliftCodec implements LinkCodec {

    /** Path of the endpoint under the base URL, and the type of an audio chunk. */
    static final String PATH = "/v1/text-to-speech/multi-stream";
    static final String AUDIO = "audio";
    private static final ObjectMapper JSON = JsonMappers.create();

    /** A {@code synthesize} message for a request. */
    static String synthesize(String requestId, UpliftRequest request) {
        ObjectNode message = JSON.createObjectNode().put("type", "synthesize").put("requestId", requestId)
                .put("text", request.text()).put("voiceId", request.voiceId())
                .put("outputFormat", request.format().name());
        if (request.speed() != null) {
            message.put("speed", request.speed().doubleValue());
        }
        return JsonMappers.text(message);
    }

    @Override
    public List<String> cancel(String requestId) {
        return List.of(JsonMappers.text(JSON.createObjectNode().put("type", "cancel").put("requestId", requestId)));
    }

    @Override
    public boolean awaitsReady() {
        return true; // nothing may be sent before Uplift's ready
    }

    @Override
    public Frame decode(String message) {
        JsonNode json = JsonGet.parseOrNull(message);
        if (json == null) {
            return Frame.IGNORED;
        }
        String requestId = text(json, "requestId");
        String type = text(json, "type");
        return switch (type == null ? "" : type) {
            case "ready" -> new Frame.Ready(text(json, "sessionId"));
            case "audio_start", AUDIO -> new Frame.Event(requestId, type, json);
            case "audio_end" -> new Frame.Done(requestId);
            // Without a requestId the error concerns the connection: everything on it fails.
            case "error" -> new Frame.Failed(requestId, error(text(json, "code")));
            default -> Frame.IGNORED;
        };
    }

    @Override
    public ProviderException closed(int code, String reason) {
        // Uplift documents no close codes; a reason that is one of its error codes is trusted.
        ProviderErrorKind kind = reason == null || reason.isBlank() ? null : kindOf(reason.strip());
        return kind == ProviderErrorKind.AUTH_FAILED || kind == ProviderErrorKind.RATE_LIMITED
                ? error(reason.strip()) : ProviderErrors.dropped(NAME, "close " + code);
    }

    /** The failure a code means; never Uplift's free text, which may echo what was sent and reaches clients. */
    static ProviderException error(String code) {
        ProviderErrorKind kind = kindOf(code);
        String what = switch (kind) {
            case AUTH_FAILED -> "refused the API key";
            case RATE_LIMITED -> "is rate limiting this connection";
            case UNAVAILABLE -> "failed to synthesize";
            case INVALID_REQUEST -> "rejected the request";
            default -> "reported an error";
        };
        String shown = code == null || code.isBlank() ? "no code" : ProviderErrors.safeCode(code);
        return new ProviderException(kind, NAME + " " + what + " (" + shown + ")");
    }

    /** The kind a code means; codes the documentation does not list are judged by their words. */
    static ProviderErrorKind kindOf(String code) {
        String c = code == null ? "" : code.toLowerCase(Locale.ROOT);
        return switch (c) {
            case "auth_failed" -> ProviderErrorKind.AUTH_FAILED;
            case "rate_limit_exceeded" -> ProviderErrorKind.RATE_LIMITED; // over 60 requests a minute
            case "synthesis_failed" -> ProviderErrorKind.UNAVAILABLE; // documented as: retry with backoff
            case "text_too_long", "duplicate_request" -> ProviderErrorKind.INVALID_REQUEST;
            default -> c.matches(".*(auth|api_key|forbidden|balance|credit).*") ? ProviderErrorKind.AUTH_FAILED
                    : c.matches(".*(rate|too_many|concurren|quota).*") ? ProviderErrorKind.RATE_LIMITED
                    : c.matches(".*(unavailable|internal|timeout|overload).*") ? ProviderErrorKind.UNAVAILABLE
                    : c.matches(".*(invalid|too_long|unsupported|not_found|duplicate).*")
                    ? ProviderErrorKind.INVALID_REQUEST : ProviderErrorKind.SYNTHESIS_FAILED;
        };
    }

    static String text(JsonNode json, String field) {
        JsonNode node = json == null ? null : json.get(field);
        return node != null && node.isTextual() ? node.asText() : null;
    }
}
