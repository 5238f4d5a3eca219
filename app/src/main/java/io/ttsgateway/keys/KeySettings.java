package io.ttsgateway.keys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How client keys and their usage are managed.
 *
 * @param file               the key file ({@code GATEWAY_KEYS_FILE}), or empty
 * @param reloadInterval     how often the key file is looked at for changes
 * @param adminKey           the key of the admin endpoint ({@code GATEWAY_ADMIN_KEY}), or empty: no endpoint
 * @param usageFlushInterval longest time before a request's usage is stored
 */
public record KeySettings(Optional<Path> file, Duration reloadInterval, Optional<String> adminKey,
                          Duration usageFlushInterval) {

    /** No key file, no admin endpoint. */
    public static final KeySettings NONE = new KeySettings(Optional.empty(), Duration.ofSeconds(2), Optional.empty(),
                                                           Duration.ofSeconds(5));

    /**
     * Never prints the admin key.
     *
     * @return a loggable description
     */
    @Override
    public String toString() {
        return "KeySettings[file=" + file.map(Path::toString).orElse("none") + ", reload=" + reloadInterval
                + ", admin=" + (adminKey.isPresent() ? "set" : "none") + ", flush=" + usageFlushInterval + "]";
    }
}
