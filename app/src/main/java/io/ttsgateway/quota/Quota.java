package io.ttsgateway.quota;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The limits of one client key; an empty value is no limit.
 *
 * @param charactersPerMinute characters of text per UTC clock minute
 * @param charactersPerDay    characters of text per UTC day
 * @param sessions            WebSocket sessions and HTTP speech requests open at once, on one replica
 */
public record Quota(OptionalLong charactersPerMinute, OptionalLong charactersPerDay, OptionalInt sessions) {

    /** No limit at all. */
    public static final Quota NONE = new Quota(OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty());

    /**
     * Validates.
     *
     * @param charactersPerMinute positive when present
     * @param charactersPerDay    positive when present
     * @param sessions            positive when present
     */
    public Quota {
        if (charactersPerMinute.orElse(1) < 1 || charactersPerDay.orElse(1) < 1 || sessions.orElse(1) < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    /**
     * The limit of a window.
     *
     * @param window the window
     * @return its limit, or empty for none
     */
    public OptionalLong characters(QuotaWindow window) {
        return switch (window) {
            case MINUTE -> charactersPerMinute;
            case DAY -> charactersPerDay;
        };
    }
}
