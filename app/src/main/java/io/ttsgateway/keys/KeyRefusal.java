package io.ttsgateway.keys;

import java.time.Duration;

/**
 * Why a key may not do what it asked: it was revoked, the provider or format is not among its
 * rights, or a limit would be passed. The message names the key by its name only.
 */
public final class KeyRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** The rule or limit that refused. */
    public enum Reason {
        /** The key is no longer in force. */
        REVOKED("revoked"),
        /** The provider is not among the key's. */
        PROVIDER("provider"),
        /** The format is not among the key's. */
        FORMAT("format"),
        /** Characters per minute. */
        CHARACTERS_PER_MINUTE("characters_per_minute"),
        /** Characters per day. */
        CHARACTERS_PER_DAY("characters_per_day"),
        /** Sessions open at once. */
        SESSIONS("sessions");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        /**
         * The reason in metrics.
         *
         * @return for example {@code characters_per_minute}
         */
        public String id() {
            return id;
        }
    }

    private final Reason reason;
    private final transient Duration retryAfter;
    private final boolean retryable;

    /**
     * Creates the refusal.
     *
     * @param reason     the rule or limit
     * @param message    client-safe description
     * @param retryAfter when the same request may succeed, or {@code null} when unknown or never
     * @param retryable  whether it may succeed later at all
     */
    public KeyRefusal(Reason reason, String message, Duration retryAfter, boolean retryable) {
        super(message, null, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
        this.retryable = retryable;
    }

    /**
     * The rule or limit that refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * When the same request may succeed.
     *
     * @return the wait, or {@code null} when unknown or never
     */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Whether the same request may succeed later.
     *
     * @return retryability
     */
    public boolean retryable() {
        return retryable;
    }
}
