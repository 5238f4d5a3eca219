package io.ttsgateway.deepgram;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * Maps how Deepgram ends a request on an open socket to a {@link ProviderException}: fatal errors
 * arrive as close frames whose reason is a code such as {@code DATA-0001} (documented in
 * "TTS Troubleshooting WebSocket, NET, and DATA Errors"). Refused handshakes are mapped by
 * {@link ProviderSocket} from their HTTP status.
 */
final class DeepgramErrors {

    /** Close code of an input message that is not a text frame ({@code MESSAGE-0000}). */
    static final int UNSUPPORTED_DATA = 1003;
    /** Close code of invalid commands ({@code DATA-0000}) and of too much text too fast ({@code DATA-0001}). */
    static final int POLICY_VIOLATION = 1008;
    /** Close code of a message or text too large ({@code BIG-0000}, {@code BIG-0001}). */
    static final int TOO_BIG = 1009;
    /** Close code of Deepgram's network and internal errors ({@code NET-000x}). */
    static final int INTERNAL_ERROR = 1011;

    /** Too many characters in the recent time window: Deepgram's throughput limit. */
    static final String TOO_MUCH_TEXT = "DATA-0001";
    /** Deepgram closed the socket because it received nothing for too long. */
    static final String CLIENT_IDLE = "NET-0001";
    /** The socket reached Deepgram's connection time limit. */
    static final String TIME_LIMIT = "NET-0003";
    /** Warning sent when more than 20 flushes arrive within 60 seconds. */
    static final String EXCESSIVE_FLUSH = "EXCESSIVE_FLUSH";

    /** A Deepgram code at the start of a close reason: {@code DATA-0001}, {@code NET-0000}... */
    private static final Pattern CODE = Pattern.compile("^\\s*([A-Z]+-\\d{4})");

    private DeepgramErrors() {
    }

    /**
     * The failure of a request whose socket closed before its audio ended.
     *
     * @param code   the close code ({@link ProviderSocket#ABNORMAL_CLOSURE} when the connection was lost)
     * @param reason the close reason
     * @return the exception; its message holds the close code and Deepgram's short code only
     */
    static ProviderException closed(int code, String reason) {
        String dgCode = codeOf(reason);
        ProviderErrorKind kind = kindOf(code, dgCode == null ? reason : dgCode);
        String what = switch (kind) {
            case AUTH_FAILED -> "refused the API key";
            case RATE_LIMITED -> "is rate limiting this gateway";
            case INVALID_REQUEST -> "rejected the request";
            default -> "closed the connection mid-stream";
        };
        String detail = dgCode != null ? ", " + dgCode
                : code == ProviderSocket.ABNORMAL_CLOSURE ? ", connection lost" : "";
        return new ProviderException(kind, code, DeepgramProvider.NAME + " " + what + " (close " + code + detail + ")",
                                     null);
    }

    /**
     * The failure of a request Deepgram answered with an {@code Error} message.
     *
     * @param code the error's code, or {@code null}
     * @return the exception
     */
    static ProviderException error(String code) {
        ProviderErrorKind kind = code == null ? ProviderErrorKind.SYNTHESIS_FAILED : kindOf(0, code);
        if (kind == ProviderErrorKind.UNAVAILABLE && code != null && !code.startsWith("NET-")) {
            // An error message is an answer, not a lost connection: the engine failed.
            kind = ProviderErrorKind.SYNTHESIS_FAILED;
        }
        String suffix = code == null ? "" : " (" + ProviderErrors.safeCode(code) + ")";
        return new ProviderException(kind, ProviderException.NO_STATUS,
                                     DeepgramProvider.NAME + " failed the request" + suffix, null);
    }

    /**
     * The failure of a request whose flush Deepgram refused with an {@code EXCESSIVE_FLUSH} warning.
     *
     * @return a {@link ProviderErrorKind#RATE_LIMITED} exception
     */
    static ProviderException excessiveFlush() {
        return new ProviderException(ProviderErrorKind.RATE_LIMITED, ProviderException.NO_STATUS,
                                     DeepgramProvider.NAME + " is rate limiting this gateway (" + EXCESSIVE_FLUSH + ")",
                                     null);
    }

    /**
     * Whether a close means the socket was dead before Deepgram took the request, so that sending the
     * request again on a new socket cannot duplicate audio: the connection was lost without a close
     * frame, or Deepgram closed it as idle or as too old, or shut it down normally.
     *
     * @param code   the close code
     * @param reason the close reason
     * @return true when a retry on a new socket is safe
     */
    static boolean isStaleSocket(int code, String reason) {
        String dgCode = codeOf(reason);
        if (dgCode != null) {
            return dgCode.equals(CLIENT_IDLE) || dgCode.equals(TIME_LIMIT);
        }
        return code == ProviderSocket.ABNORMAL_CLOSURE || code == 1000 || code == 1001;
    }

    /**
     * Deepgram's code at the start of a close reason.
     *
     * @param reason the reason
     * @return the code, or {@code null}
     */
    static String codeOf(String reason) {
        if (reason == null) {
            return null;
        }
        Matcher m = CODE.matcher(reason);
        return m.find() ? m.group(1) : null;
    }

    private static ProviderErrorKind kindOf(int code, String reason) {
        String text = reason == null ? "" : reason.toUpperCase(Locale.ROOT);
        if (text.startsWith(TOO_MUCH_TEXT) || text.contains("RATE") || text.contains("TOO_MANY")
                || text.contains("TOO MANY") || text.contains("CONCURREN")) {
            return ProviderErrorKind.RATE_LIMITED;
        }
        if (text.contains("AUTH") || text.contains("CREDENTIAL") || text.contains("FORBIDDEN")) {
            return ProviderErrorKind.AUTH_FAILED;
        }
        if (text.startsWith("DATA-") || text.startsWith("BIG-") || text.startsWith("MESSAGE-")) {
            return ProviderErrorKind.INVALID_REQUEST;
        }
        if (text.startsWith("NET-")) {
            return ProviderErrorKind.UNAVAILABLE;
        }
        return switch (code) {
            case UNSUPPORTED_DATA, 1007, POLICY_VIOLATION, TOO_BIG -> ProviderErrorKind.INVALID_REQUEST;
            default -> ProviderErrorKind.UNAVAILABLE;
        };
    }
}
