package io.ttsgateway.deepgram;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.net.ProviderErrors;
import io.ttsgateway.provider.net.ProviderSocket;

/**
 * Deepgram's error table: fatal errors come as close frames whose reason starts with a code such as
 * {@code DATA-0001} ("TTS Troubleshooting WebSocket, NET, and DATA Errors"); refused handshakes are
 * mapped by {@link ProviderSocket} from their status.
 */
final class DeepgramErrors {

    /** The provider's name, in every message. */
    static final String NAME = "deepgram";
    /** Warning sent when more than 20 flushes arrive within 60 seconds; the flush is ignored. */
    static final String EXCESSIVE_FLUSH = "EXCESSIVE_FLUSH";

    private static final Pattern CODE = Pattern.compile("^\\s*([A-Z]+-\\d{4})");

    private DeepgramErrors() {
    }

    /**
     * The failure of requests whose socket closed before their audio ended.
     *
     * @param code   the close code ({@link ProviderSocket#ABNORMAL_CLOSURE} when lost)
     * @param reason the close reason
     * @return the error; its message holds only the close code and Deepgram's code
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
        String detail = dgCode != null ? ", " + dgCode : code == ProviderSocket.ABNORMAL_CLOSURE ? ", connection lost" : "";
        return new ProviderException(kind, code, NAME + " " + what + " (close " + code + detail + ")", null);
    }

    /**
     * Whether a close means the socket was dead before Deepgram took anything (lost, idle, too old, or
     * shut down normally), so that sending again cannot repeat audio.
     *
     * @param code   the close code
     * @param reason the close reason
     * @return true when a resend on a new socket is safe
     */
    static boolean stale(int code, String reason) {
        String dgCode = codeOf(reason);
        if (dgCode != null) {
            return dgCode.equals("NET-0001") || dgCode.equals("NET-0003");
        }
        return code == ProviderSocket.ABNORMAL_CLOSURE || code == 1000 || code == 1001;
    }

    /**
     * The failure of a request Deepgram answered with an {@code Error} message.
     *
     * @param code the error's code, or null
     * @return the error
     */
    static ProviderException error(String code) {
        ProviderErrorKind kind = code == null ? ProviderErrorKind.SYNTHESIS_FAILED : kindOf(0, code);
        if (kind == ProviderErrorKind.UNAVAILABLE && !code.startsWith("NET-")) {
            // An error message is an answer, not a lost connection: the engine failed.
            kind = ProviderErrorKind.SYNTHESIS_FAILED;
        }
        String suffix = code == null ? "" : " (" + ProviderErrors.safeCode(code) + ")";
        return new ProviderException(kind, ProviderException.NO_STATUS, NAME + " failed the request" + suffix, null);
    }

    /**
     * The failure of a segment whose flush Deepgram refused twice.
     *
     * @return a {@link ProviderErrorKind#RATE_LIMITED} error
     */
    static ProviderException excessiveFlush() {
        return new ProviderException(ProviderErrorKind.RATE_LIMITED, ProviderException.NO_STATUS,
                                     NAME + " is rate limiting this gateway (" + EXCESSIVE_FLUSH + ")", null);
    }

    private static String codeOf(String reason) {
        Matcher m = CODE.matcher(reason == null ? "" : reason);
        return m.find() ? m.group(1) : null;
    }

    private static ProviderErrorKind kindOf(int code, String reason) {
        String text = reason == null ? "" : reason.toUpperCase(Locale.ROOT);
        if (text.startsWith("DATA-0001") || text.contains("RATE") || text.contains("TOO_MANY")
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
        // 1003 not text, 1007 bad data, 1008 policy (DATA-0000), 1009 too big (BIG-000x).
        return code == 1003 || code == 1007 || code == 1008 || code == 1009
                ? ProviderErrorKind.INVALID_REQUEST : ProviderErrorKind.UNAVAILABLE;
    }
}
