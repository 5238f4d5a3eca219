package io.ttsgateway.observe;

import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The WARNING line of each provider failure or timeout, for operators: provider, error code,
 * request id, milliseconds since the request started, and the failure's client-safe
 * message (which by contract holds no key and no spoken text), e.g.
 * {@code Provider openai failed: code=provider_unavailable requestId=r1 elapsedMs=12 (OpenAI answered 500)}.
 */
public final class ProviderFailureLog {

    private static final Logger LOGGER = Logger.getLogger(ProviderFailureLog.class.getName());
    /** What stands for a request the client gave no id. */
    static final String NO_REQUEST_ID = "-";

    private ProviderFailureLog() {
    }

    /**
     * Logs one failure.
     *
     * @param provider     the provider that failed
     * @param code         the error code it maps to
     * @param requestId    the client's request id, or {@code null} when it gave none
     * @param startedNanos {@link System#nanoTime()} when the request started (its synthesis, or its delivery)
     * @param reason       the failure's client-safe message
     */
    public static void failed(String provider, String code, String requestId, long startedNanos, String reason) {
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        LOGGER.warning(() -> "Provider " + provider + " failed: code=" + code
                + " requestId=" + (requestId == null ? NO_REQUEST_ID : printable(requestId))
                + " elapsedMs=" + elapsedMs + " (" + printable(String.valueOf(reason)) + ")");
    }

    /** Control characters replaced, so that a client's id cannot start a line of its own. */
    private static String printable(String value) {
        StringBuilder shown = new StringBuilder(value.length());
        value.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return shown.toString();
    }
}
