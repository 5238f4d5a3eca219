package io.ttsgateway.usage;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.ttsgateway.audio.AudioFormat;

/**
 * The usage of one request as it goes: characters as they are admitted, audio as it is delivered,
 * and at its end (whatever the end) one entry in the {@link UsageLedger} under the provider that
 * served it. A cache hit counts under the provider asked for. Any thread.
 */
public final class RequestMeter {

    /** A request nobody meters. */
    public static final RequestMeter NONE = new RequestMeter(null, null, null, AudioFormat.pcm(AudioFormat.G711_RATE));

    /** The source of audio served from the cache. */
    private static final String CACHE = "cache";

    private final UsageLedger ledger;
    private final String key;
    private final String provider;
    private final AudioFormat format;
    private final AtomicLong characters = new AtomicLong();
    private final AtomicLong audioBytes = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();

    /**
     * Starts metering a request.
     *
     * @param ledger   where its usage goes
     * @param key      the key's name
     * @param provider the provider asked for
     * @param format   the format of the audio counted by {@link #audio(int)}
     */
    public RequestMeter(UsageLedger ledger, String key, String provider, AudioFormat format) {
        this.ledger = ledger;
        this.key = key;
        this.provider = provider;
        this.format = format;
    }

    /**
     * Counts characters admitted.
     *
     * @param count characters
     */
    public void characters(long count) {
        characters.addAndGet(count);
    }

    /**
     * Counts audio delivered to the client.
     *
     * @param bytes bytes in the meter's format
     */
    public void audio(int bytes) {
        audioBytes.addAndGet(bytes);
    }

    /**
     * Records the request's usage; only the first call counts.
     *
     * @param source {@code cache}, or the provider that produced the audio
     */
    public void finished(String source) {
        if (ledger == null || !finished.compareAndSet(false, true)) {
            return;
        }
        boolean cached = CACHE.equals(source);
        long millis = audioBytes.get() * 1000 / format.bytesPerSecond();
        ledger.record(new UsageKey(key, cached || source == null ? provider : source),
                      new Usage(characters.get(), millis, 1, cached ? 1 : 0));
    }
}
