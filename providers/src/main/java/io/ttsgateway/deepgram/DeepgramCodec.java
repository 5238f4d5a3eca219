package io.ttsgateway.deepgram;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.LinkCodec;
import io.ttsgateway.provider.link.LinkLimits;
import io.ttsgateway.provider.net.JsonGet;
import io.ttsgateway.provider.net.JsonMappers;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * The messages of {@code /v1/speak}, Deepgram's limits per socket and its error table. The socket
 * carries no request ids, only order (a sequential link): binary frames are audio of the segment
 * being spoken, {@code Flushed} ends it, {@code Cleared} confirms a cancel. Fatal errors come as close
 * frames whose reason starts with a code such as {@code DATA-0001}; of warnings and errors only the
 * code is kept, never their free text.
 */
final class DeepgramCodec implements LinkCodec {

    static final String NAME = "deepgram";
    /** Speak what was sent since the last flush; answered by audio, then {@code Flushed}. */
    static final String FLUSH = "{\"type\":\"Flush\"}";
    /** Event type: the segment being spoken is complete. */
    static final String FLUSHED = "Flushed";
    /** Event type and warning code: Deepgram ignored a flush, over 20 a minute. */
    static final String EXCESSIVE_FLUSH = "EXCESSIVE_FLUSH";
    /** Flushes Deepgram takes per socket and minute. */
    static final int MAX_FLUSHES = 20;
    /** Characters Deepgram takes per socket and minute (beyond: close {@code 1008 DATA-0001}). */
    static final int MAX_CHARS = 2400;
    /** Pings on quiet sockets: Deepgram closes silent ones ({@code NET-0001}, about 10 s). */
    static final Duration KEEP_ALIVE_INTERVAL = Duration.ofSeconds(4);
    /** One utterance a socket; the minute plus 2 s (Deepgram counts arrivals); a minute idle; 2 s for answers. */
    static final LinkLimits LIMITS = new LinkLimits(1, true, MAX_CHARS, MAX_FLUSHES, Duration.ofSeconds(62),
                                                    Duration.ofSeconds(60), KEEP_ALIVE_INTERVAL,
                                                    Duration.ofSeconds(2), Duration.ofSeconds(2));

    private static final Logger LOGGER = Logger.getLogger(DeepgramCodec.class.getName());
    private static final ObjectMapper JSON = JsonMappers.create();
    private static final Pattern CODE = Pattern.compile("^\\s*([A-Z]+-\\d{4})");
    private static final Pattern RATE = Pattern.compile("^DATA-0001|RATE|TOO.MANY|CONCURREN");
    private static final Pattern AUTH = Pattern.compile("AUTH|CREDENTIAL|FORBIDDEN");
    private static final Pattern INVALID = Pattern.compile("^(DATA|BIG|MESSAGE)-");

    /** A {@code Speak} message of at most 2000 characters. */
    static String speak(String text) {
        return JsonMappers.text(JSON.createObjectNode().put("type", "Speak").put("text", text));
    }

    @Override
    public Frame decode(String message) {
        JsonNode node = JsonGet.parseOrNull(message);
        if (node == null) {
            return Frame.IGNORED;
        }
        String type = node.path("type").asText("");
        String code = type.isEmpty() ? null : firstText(node, "warn_code", "code", "variant", "err_code");
        return switch (type) {
            case FLUSHED -> new Frame.Event(null, FLUSHED, node);
            case "Cleared" -> new Frame.Done(null);
            case "Error" -> new Frame.Failed(null, error(code));
            case "Warning" -> {
                LOGGER.info(() -> "Deepgram warned: " + ProviderErrors.safeCode(code));
                yield EXCESSIVE_FLUSH.equals(code) ? new Frame.Event(null, EXCESSIVE_FLUSH, node) : Frame.IGNORED;
            }
            default -> Frame.IGNORED; // Metadata and what may come
        };
    }

    @Override
    public Frame decode(byte[] message) {
        return new Frame.Audio(null, message);
    }

    @Override
    public List<String> cancel(String route) {
        return List.of("{\"type\":\"Clear\"}");
    }

    @Override
    public boolean cancelHoldsSlot() {
        return true;
    }

    @Override
    public List<String> goodbye() {
        return List.of("{\"type\":\"Close\"}");
    }

    /** Requests in flight when the socket closed: the message holds only the close code and Deepgram's code. */
    @Override
    public ProviderException closed(int code, String reason) {
        String dgCode = codeOf(reason);
        ProviderErrorKind kind = kindOf(code, dgCode == null ? reason : dgCode);
        String what = switch (kind) {
            case AUTH_FAILED -> "refused the API key";
            case RATE_LIMITED -> "is rate limiting this gateway";
            case INVALID_REQUEST -> "rejected the request";
            default -> "closed the connection mid-stream";
        };
        String detail = dgCode != null ? ", " + dgCode : code == ProviderSocket.ABNORMAL_CLOSURE ? ", connection lost" : "";
        return new ProviderException(kind, code, NAME + " " + what + " (close " + code + detail + ")", null);
    }

    /** Resendable when the socket died before Deepgram took anything: lost, idle, too old, or closed normally. */
    @Override
    public boolean resendable(int code, String reason) {
        String dgCode = codeOf(reason);
        return dgCode != null ? dgCode.equals("NET-0001") || dgCode.equals("NET-0003")
                : code == ProviderSocket.ABNORMAL_CLOSURE || code == 1000 || code == 1001;
    }

    /** A segment whose flush Deepgram refused twice. */
    static ProviderException excessiveFlush() {
        return new ProviderException(ProviderErrorKind.RATE_LIMITED, ProviderException.NO_STATUS,
                                     NAME + " is rate limiting this gateway (" + EXCESSIVE_FLUSH + ")", null);
    }

    /** A request Deepgram answered with an {@code Error}: an answer, so the engine failed unless NET-. */
    private static ProviderException error(String code) {
        ProviderErrorKind kind = kindOf(0, code);
        kind = kind == ProviderErrorKind.UNAVAILABLE && (code == null || !code.startsWith("NET-"))
                ? ProviderErrorKind.SYNTHESIS_FAILED : kind;
        String suffix = code == null ? "" : " (" + ProviderErrors.safeCode(code) + ")";
        return new ProviderException(kind, ProviderException.NO_STATUS, NAME + " failed the request" + suffix, null);
    }

    /** By Deepgram's code or words in the reason, else by the close code. */
    private static ProviderErrorKind kindOf(int code, String reason) {
        String text = reason == null ? "" : reason.toUpperCase(Locale.ROOT);
        return RATE.matcher(text).find() ? ProviderErrorKind.RATE_LIMITED
                : AUTH.matcher(text).find() ? ProviderErrorKind.AUTH_FAILED
                : INVALID.matcher(text).find() ? ProviderErrorKind.INVALID_REQUEST
                : !text.startsWith("NET-") && (code == 1003 || code == 1007 || code == 1008 || code == 1009)
                ? ProviderErrorKind.INVALID_REQUEST : ProviderErrorKind.UNAVAILABLE;
    }

    private static String codeOf(String reason) {
        Matcher m = CODE.matcher(reason == null ? "" : reason);
        return m.find() ? m.group(1) : null;
    }

    private static String firstText(JsonNode node, String... fields) {
        return Stream.of(fields).map(f -> node.path(f).asText("")).filter(v -> !v.isBlank()).findFirst().orElse(null);
    }
}
