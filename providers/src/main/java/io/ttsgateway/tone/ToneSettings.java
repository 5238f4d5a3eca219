package io.ttsgateway.tone;

import java.time.Duration;

/**
 * Script of the tone provider.
 *
 * @param firstByteDelay time before the first chunk, as a provider's time to first byte
 * @param chunkInterval  time between chunks after the first; zero sends as fast as possible
 * @param chunk          duration of audio per chunk
 * @param perCharacter   duration of audio per character of text
 * @param frequencyHz    tone frequency
 */
public record ToneSettings(Duration firstByteDelay, Duration chunkInterval, Duration chunk,
                           Duration perCharacter, double frequencyHz) {

    /**
     * Validates.
     *
     * @param firstByteDelay time before the first chunk
     * @param chunkInterval  time between chunks
     * @param chunk          audio per chunk
     * @param perCharacter   audio per character
     * @param frequencyHz    tone frequency
     */
    public ToneSettings {
        if (chunk.toMillis() < 1 || perCharacter.isNegative() || frequencyHz <= 0) {
            throw new IllegalArgumentException("tone chunk, per-character duration and frequency must be positive");
        }
    }
}
