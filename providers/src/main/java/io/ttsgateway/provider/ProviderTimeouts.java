package io.ttsgateway.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a cloud provider may take before a request fails with {@link ProviderErrorKind#TIMEOUT} (the
 * connection with UNAVAILABLE): the handshake, the first audio byte, and silence between two chunks.
 */
public record ProviderTimeouts(Duration connect, Duration firstByte, Duration stall) {

    /** Defaults: generous next to real first-byte times of 100-500 ms, short enough to fail over. */
    public static final ProviderTimeouts DEFAULT = new ProviderTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
                                                                        Duration.ofSeconds(10));

    /** Validates. */
    public ProviderTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(firstByte, "firstByte");
        Objects.requireNonNull(stall, "stall");
        if (connect.isNegative() || connect.isZero() || firstByte.isNegative() || firstByte.isZero()
                || stall.isNegative() || stall.isZero()) {
            throw new IllegalArgumentException("provider timeouts must be positive");
        }
    }
}
