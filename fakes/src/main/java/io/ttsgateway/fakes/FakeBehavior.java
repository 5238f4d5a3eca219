package io.ttsgateway.fakes;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * How a fake server behaves: pace and size of its audio, and a one-shot failure for the next
 * request. Thread-safe; a test changes it between requests.
 */
public final class FakeBehavior {

    /** A failure a fake can be told to produce for its next request. */
    public enum Failure {
        /** Behave normally. */
        NONE,
        /** Refuse the key: 401 (or the provider's own auth error). */
        UNAUTHORIZED,
        /** Throttle: 429 (or the provider's own rate message). */
        RATE_LIMITED,
        /** Fail inside: 500 (or the provider's internal error). */
        SERVER_ERROR,
        /** Accept the request, then send nothing at all. */
        STALL_BEFORE_AUDIO,
        /** Send the first chunk, then nothing more, keeping the connection open. */
        STALL_MID_STREAM,
        /** Send the first chunk, then cut the connection without a close handshake. */
        DROP_MID_STREAM;

        /**
         * Whether a list request fails with it; a list answers the others normally.
         *
         * @return true for {@link #UNAUTHORIZED}, {@link #RATE_LIMITED} and {@link #SERVER_ERROR}
         */
        public boolean failsList() {
            return this == UNAUTHORIZED || this == RATE_LIMITED || this == SERVER_ERROR;
        }
    }

    /** Samples per chunk by default: 100 ms at 24 kHz. */
    public static final int DEFAULT_CHUNK_SAMPLES = 2400;
    /** Chunks per request by default. */
    public static final int DEFAULT_CHUNKS = 5;
    /** Audio per chunk by default, in milliseconds. */
    public static final int DEFAULT_CHUNK_MILLIS = 100;

    private final AtomicReference<Failure> next = new AtomicReference<>(Failure.NONE);
    /** The failure of every request without a one-shot failure of its own. */
    private volatile Failure every = Failure.NONE;
    private final AtomicReference<Failure> nextList = new AtomicReference<>(Failure.NONE);
    private volatile Duration firstChunkDelay = Duration.ofMillis(20);
    private volatile Duration chunkInterval = Duration.ofMillis(5);
    private volatile int chunks = DEFAULT_CHUNKS;
    private volatile int chunkMillis = DEFAULT_CHUNK_MILLIS;

    /**
     * Makes the next request fail; later requests behave normally again.
     *
     * @param failure how to fail
     * @return this
     */
    public FakeBehavior failNext(Failure failure) {
        next.set(failure);
        return this;
    }

    /**
     * Makes every request fail this way (a provider that is down) until told {@link Failure#NONE};
     * a failure set by {@link #failNext} still comes first.
     *
     * @param failure how every request fails
     * @return this
     */
    public FakeBehavior failEvery(Failure failure) {
        every = failure;
        return this;
    }

    /**
     * Takes the failure scripted for this request, leaving {@link Failure#NONE} for the next (or the
     * failure of every request, see {@link #failEvery}).
     *
     * @return the failure to produce now
     */
    public Failure takeFailure() {
        Failure once = next.getAndSet(Failure.NONE);
        return once != Failure.NONE ? once : every;
    }

    /**
     * Takes the scripted failure only when {@code applies} accepts it, in one atomic step, so a
     * handshake that does not use a request's failure never hides it from that request.
     *
     * @param applies which failures this step produces
     * @return the failure taken, or {@link Failure#NONE} when the scripted one stays for later
     */
    public Failure takeFailureIf(Predicate<Failure> applies) {
        Failure taken = next.getAndUpdate(f -> applies.test(f) ? Failure.NONE : f);
        if (applies.test(taken) && taken != Failure.NONE) {
            return taken;
        }
        Failure always = every;
        return taken == Failure.NONE && applies.test(always) ? always : Failure.NONE;
    }

    /**
     * Makes the next voice or model list request fail; synthesis requests do not take it. Only
     * {@link Failure#UNAUTHORIZED}, {@link Failure#RATE_LIMITED} and {@link Failure#SERVER_ERROR}
     * apply to a list; the others answer normally.
     *
     * @param failure how to fail
     * @return this
     */
    public FakeBehavior failNextList(Failure failure) {
        nextList.set(failure);
        return this;
    }

    /**
     * Takes the failure scripted for this list request, leaving {@link Failure#NONE} for the next.
     *
     * @return the failure to produce now
     */
    public Failure takeListFailure() {
        return nextList.getAndSet(Failure.NONE);
    }

    /**
     * Sets the delay between a request and its first chunk.
     *
     * @param delay the delay
     * @return this
     */
    public FakeBehavior firstChunkDelay(Duration delay) {
        this.firstChunkDelay = delay;
        return this;
    }

    /**
     * Sets the delay between chunks.
     *
     * @param interval the delay
     * @return this
     */
    public FakeBehavior chunkInterval(Duration interval) {
        this.chunkInterval = interval;
        return this;
    }

    /**
     * Sets how many chunks a request gets.
     *
     * @param count chunks per request
     * @return this
     */
    public FakeBehavior chunks(int count) {
        this.chunks = count;
        return this;
    }

    /**
     * Sets how much audio each chunk holds.
     *
     * @param millis milliseconds of audio per chunk
     * @return this
     */
    public FakeBehavior chunkMillis(int millis) {
        this.chunkMillis = millis;
        return this;
    }

    /**
     * The delay before the first chunk.
     *
     * @return the delay
     */
    public Duration firstChunkDelay() {
        return firstChunkDelay;
    }

    /**
     * The delay between chunks.
     *
     * @return the delay
     */
    public Duration chunkInterval() {
        return chunkInterval;
    }

    /**
     * Chunks per request.
     *
     * @return the count
     */
    public int chunks() {
        return chunks;
    }

    /**
     * Audio per chunk.
     *
     * @return milliseconds
     */
    public int chunkMillis() {
        return chunkMillis;
    }

    /**
     * Sleeps for a scripted delay. Fakes pace their output this way; tests never sleep.
     *
     * @param delay how long
     * @throws InterruptedException when the fake's connection is torn down
     */
    public static void pause(Duration delay) throws InterruptedException {
        if (!delay.isZero() && !delay.isNegative()) {
            Thread.sleep(delay);
        }
    }
}
