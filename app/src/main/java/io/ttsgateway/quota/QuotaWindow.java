package io.ttsgateway.quota;

import java.time.Duration;
import java.time.Instant;

/**
 * A fixed window that characters are counted in: UTC clock minutes and UTC days, the same on every
 * replica, so counts kept in Redis agree without coordination. A window starts empty.
 */
public enum QuotaWindow {
    /** A UTC clock minute. */
    MINUTE("characters_per_minute", "characters per minute", Duration.ofMinutes(1)),
    /** A UTC day. */
    DAY("characters_per_day", "characters per day", Duration.ofDays(1));

    private final String id;
    private final String description;
    private final long millis;

    QuotaWindow(String id, String description, Duration length) {
        this.id = id;
        this.description = description;
        this.millis = length.toMillis();
    }

    /**
     * The name of the limit, in metrics and settings.
     *
     * @return for example {@code characters_per_minute}
     */
    public String id() {
        return id;
    }

    /**
     * The limit in words.
     *
     * @return for example {@code characters per minute}
     */
    public String description() {
        return description;
    }

    /**
     * Which window an instant falls in.
     *
     * @param now the instant
     * @return windows since the epoch
     */
    public long index(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), millis);
    }

    /**
     * Time from an instant to the start of the next window, when the count starts over.
     *
     * @param now the instant
     * @return at least a millisecond
     */
    public Duration untilNext(Instant now) {
        return Duration.ofMillis((index(now) + 1) * millis - now.toEpochMilli());
    }
}
