package io.ttsgateway.usage;

/**
 * Counts of use: a total, or what one request adds to it.
 *
 * @param characters  characters of text admitted
 * @param audioMillis audio delivered, in milliseconds
 * @param requests    requests answered, whatever their end
 * @param cacheHits   requests served from the cache
 */
public record Usage(long characters, long audioMillis, long requests, long cacheHits) {

    /** Nothing. */
    public static final Usage NONE = new Usage(0, 0, 0, 0);

    /**
     * The sum of two counts.
     *
     * @param other the other counts
     * @return the sum
     */
    public Usage plus(Usage other) {
        return new Usage(characters + other.characters, audioMillis + other.audioMillis,
                         requests + other.requests, cacheHits + other.cacheHits);
    }

    /**
     * Audio delivered, in seconds.
     *
     * @return seconds
     */
    public double audioSeconds() {
        return audioMillis / 1000.0;
    }
}
