package io.ttsgateway.fakes;

import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One {@code context_id} of {@link FakeCartesia}: the fields all its inputs must keep, the transcript
 * buffered since the last flush, and the virtual thread that speaks it.
 *
 * <p>Inputs arrive on the socket's reader thread ({@link #input}) and become work for the speaker:
 * a flush ({@code flush: true}) speaks what was buffered, its chunks tagged with the flush's
 * {@code flush_id} (1 for the first flush of the context), then sends {@code flush_done}; the final
 * input ({@code continue: false}) speaks the rest and sends {@code done}
 * ({@link FakeCartesia#flushVariant} varies what is unconfirmed of this). A context that only ever
 * had one final input is a plain request: its chunks carry no {@code flush_id}, as in Cartesia's
 * minimal exchange. The audio of a context is one continuous tone across its inputs, and word
 * timestamps are in seconds from the start of the context's audio. A context left waiting for input
 * expires {@link FakeCartesia#contextExpiry() some time} after its last output, as Cartesia's do
 * (1 s after the last audio).
 */
final class CartesiaFakeContext {

    /** Fields an input may change; every other field must stay as the context's first input had it. */
    static final Set<String> VARIABLE_FIELDS = Set.of("transcript", "continue", "duration", "flush", "context_id");

    private static final double MILLIS_PER_SECOND = 1000.0;
    /** Longest a stalled context holds before the fake gives up on it (a test's upper bound). */
    private static final long STALL_HOLD_SECONDS = 60;

    /** Something the speaker does, in the order the inputs asked for it. */
    private sealed interface Work permits Speak, FlushDone, Done, Stop {
    }

    /** Speak text; {@code flushId} tags its chunks, {@code null} for a plain request. */
    private record Speak(String text, Integer flushId, FakeBehavior.Failure failure) implements Work {
    }

    /** Report the end of a flush. */
    private record FlushDone(int flushId) implements Work {
    }

    /** End the context. */
    private record Done() implements Work {
    }

    /** Wake the speaker after a cancel. */
    private record Stop() implements Work {
    }

    private final CartesiaFakeSocket socket;
    private final FakeCartesia fake;
    private final FakeEvents events;
    private final String id;
    private final ObjectNode fixed;
    private final String encoding;
    private final int rate;
    private final boolean timestamps;
    private final CountDownLatch cancelled = new CountDownLatch(1);
    private final LinkedBlockingQueue<Work> work = new LinkedBlockingQueue<>();
    /** Touched by the socket's reader thread only. */
    private final StringBuilder pending = new StringBuilder();
    private int flushes;
    private boolean continued;
    private FakeBehavior.Failure pendingFailure = FakeBehavior.Failure.NONE;
    private volatile boolean ended;
    /** Touched by the speaker only. */
    private long nextSample;
    private volatile long lastOutput = System.nanoTime();

    /**
     * Creates the context of a validated first input; {@link #start()} starts its speaker.
     *
     * @param socket     the socket it lives on
     * @param id         its {@code context_id}
     * @param first      its first input
     * @param encoding   raw encoding of its audio
     * @param rate       sample rate of its audio
     */
    CartesiaFakeContext(CartesiaFakeSocket socket, String id, JsonNode first, String encoding, int rate) {
        this.socket = socket;
        this.fake = socket.fake();
        this.events = fake.events();
        this.id = id;
        this.fixed = fixedFields(first);
        this.encoding = encoding;
        this.rate = rate;
        this.timestamps = first.path("add_timestamps").asBoolean(false);
    }

    /**
     * The fields of an input that must stay the same across a context.
     *
     * @param input the input
     * @return a copy without {@link #VARIABLE_FIELDS}
     */
    static ObjectNode fixedFields(JsonNode input) {
        ObjectNode copy = ((ObjectNode) input).deepCopy();
        copy.remove(VARIABLE_FIELDS);
        return copy;
    }

    /**
     * The context's identifier.
     *
     * @return the {@code context_id}
     */
    String id() {
        return id;
    }

    /**
     * Starts the speaker.
     */
    void start() {
        Thread.ofVirtual().name("fake-cartesia-" + id).start(this::run);
    }

    /**
     * Whether an input keeps the fields of the context's first input.
     *
     * @param input a later input
     * @return true when only transcript, continue, flush and duration differ
     */
    boolean matches(JsonNode input) {
        return fixed.equals(fixedFields(input));
    }

    /**
     * Whether the final input arrived.
     *
     * @return true after {@code continue: false}
     */
    boolean ended() {
        return ended;
    }

    /**
     * Whether nothing is queued for the speaker.
     *
     * @return true when idle
     */
    boolean idle() {
        return work.isEmpty();
    }

    /**
     * Takes an input. Called on the socket's reader thread, under the socket's context lock.
     *
     * @param transcript its transcript
     * @param more       its {@code continue}
     * @param flush      its {@code flush}
     * @param failure    a failure scripted for it
     */
    void input(String transcript, boolean more, boolean flush, FakeBehavior.Failure failure) {
        events.add("input:" + id + " chars=" + transcript.length() + " continue=" + more + " flush=" + flush);
        pending.append(transcript);
        if (failure != FakeBehavior.Failure.NONE) {
            pendingFailure = failure;
        }
        if (more) {
            continued = true;
        }
        if (flush) {
            int flushId = flushes + fake.firstFlushId();
            flushes++;
            events.add("flush:" + id + " " + flushId);
            speakPending(flushId);
            work.add(new FlushDone(flushId));
        }
        if (!more) {
            ended = true;
            events.add("end:" + id);
            speakPending(continued ? flushes + fake.firstFlushId() : null);
            work.add(new Done());
        }
    }

    /**
     * Stops the context: its speaker ends at its next pause, without {@code done}.
     */
    void cancel() {
        cancelled.countDown();
        work.add(new Stop());
    }

    private void speakPending(Integer flushId) {
        if (!pending.isEmpty()) {
            work.add(new Speak(pending.toString(), flushId, pendingFailure));
            pending.setLength(0);
            pendingFailure = FakeBehavior.Failure.NONE;
        }
    }

    /** The speaker; never interrupted (that would close the socket). */
    private void run() {
        boolean completed = false;
        try {
            while (true) {
                Work next = next();
                if (next == null) {
                    return; // expired
                }
                switch (next) {
                    case Speak speak -> {
                        if (!speak(speak)) {
                            return;
                        }
                    }
                    case FlushDone flushDone -> {
                        stopIfCancelled();
                        ObjectNode message = CartesiaFakeSocket.base("flush_done", id, 206, false);
                        message.put("flush_id", flushDone.flushId());
                        message.put("flush_done", true);
                        socket.send(message.toString());
                        lastOutput = System.nanoTime();
                        events.add("flush_done:" + id + " " + flushDone.flushId());
                    }
                    case Done done -> {
                        stopIfCancelled();
                        socket.send(CartesiaFakeSocket.base("done", id, 206, true).toString());
                        events.add("done:" + id);
                        completed = true;
                        return;
                    }
                    case Stop stop -> throw new InterruptedException("cancelled");
                }
            }
        } catch (InterruptedException e) {
            events.add("stopped:" + id);
        } catch (RuntimeException e) {
            socket.end("send-failed");
        } finally {
            socket.forget(this, completed);
        }
    }

    /**
     * The next work, or {@code null} once the context expired waiting for input.
     */
    private Work next() throws InterruptedException {
        while (true) {
            if (ended) {
                return work.take();
            }
            long expiry = fake.contextExpiry().toNanos();
            long remaining = lastOutput + expiry - System.nanoTime();
            Work next = remaining > 0 ? work.poll(remaining, TimeUnit.NANOSECONDS) : work.poll();
            if (next != null) {
                return next;
            }
            if (socket.expire(this)) {
                events.add("expired:" + id);
                return null;
            }
        }
    }

    /**
     * Speaks one stretch of text.
     *
     * @return false when the speaker must end here (stalled or dropped)
     */
    private boolean speak(Speak speak) throws InterruptedException {
        FakeBehavior behavior = fake.behavior();
        FakeBehavior.Failure failure = speak.failure();
        pause(behavior.firstChunkDelay().toNanos());
        if (failure == FakeBehavior.Failure.STALL_BEFORE_AUDIO) {
            hold();
            return false;
        }
        int chunks = behavior.chunks();
        int chunkMillis = behavior.chunkMillis();
        int perChunk = FakeAudio.samplesPerChunk(rate, chunkMillis);
        double offsetSeconds = fake.timestampsFromFlush() ? 0 : (double) nextSample / rate;
        List<String> words = timestamps ? List.of(speak.text().strip().split("\\s+")) : List.of();
        int nextWord = 0;
        for (int i = 0; i < chunks; i++) {
            if (i > 0) {
                pause(behavior.chunkInterval().toNanos());
            }
            byte[] audio = CartesiaFakeAudio.samples(encoding, rate, nextSample, perChunk);
            nextSample += perChunk;
            ObjectNode chunk = CartesiaFakeSocket.base("chunk", id, 206, false);
            chunk.put("data", Base64.getEncoder().encodeToString(audio));
            chunk.put("step_time", 12.5);
            if (speak.flushId() != null && fake.tagsChunks()) {
                chunk.put("flush_id", speak.flushId());
            }
            socket.send(chunk.toString());
            lastOutput = System.nanoTime();
            if (!words.isEmpty()) {
                nextWord = timestamps(words, nextWord, i, chunks, chunkMillis, offsetSeconds);
            }
            if (i == 0 && failure == FakeBehavior.Failure.STALL_MID_STREAM) {
                hold();
                return false;
            }
            if (i == 0 && failure == FakeBehavior.Failure.DROP_MID_STREAM) {
                // Cut when the next chunk is due, not in the same breath as this one: the JDK
                // client can miss an end of stream that arrives packed behind a message.
                pause(behavior.chunkInterval().toNanos());
                socket.drop();
                return false;
            }
        }
        stopIfCancelled();
        return true;
    }

    /**
     * Sends the words starting within chunk {@code index} of a stretch, times in seconds from the
     * start of the context's audio.
     */
    private int timestamps(List<String> words, int from, int index, int chunks, int chunkMillis,
                           double offsetSeconds) {
        double totalSeconds = chunks * chunkMillis / MILLIS_PER_SECOND;
        double perWord = totalSeconds / words.size();
        double chunkEnd = (index + 1) * chunkMillis / MILLIS_PER_SECOND;
        int next = from;
        ObjectNode message = CartesiaFakeSocket.base("timestamps", id, 206, false);
        ObjectNode stamps = message.putObject("word_timestamps");
        ArrayNode text = stamps.putArray("words");
        ArrayNode start = stamps.putArray("start");
        ArrayNode end = stamps.putArray("end");
        while (next < words.size() && (next * perWord < chunkEnd - 1e-9 || index == chunks - 1)) {
            text.add(words.get(next));
            start.add(offsetSeconds + next * perWord);
            end.add(offsetSeconds + (next + 1) * perWord);
            next++;
        }
        if (!text.isEmpty()) {
            socket.send(message.toString());
        }
        return next;
    }

    private void stopIfCancelled() throws InterruptedException {
        if (cancelled.getCount() == 0) {
            throw new InterruptedException("cancelled");
        }
    }

    /**
     * Waits a scripted delay on the cancel latch rather than sleeping, so a cancel ends it.
     *
     * @throws InterruptedException when the context was cancelled (not a real interrupt)
     */
    private void pause(long nanos) throws InterruptedException {
        if (nanos > 0 ? cancelled.await(nanos, TimeUnit.NANOSECONDS) : cancelled.getCount() == 0) {
            throw new InterruptedException("cancelled");
        }
    }

    private void hold() throws InterruptedException {
        if (cancelled.await(STALL_HOLD_SECONDS, TimeUnit.SECONDS)) {
            throw new InterruptedException("cancelled");
        }
    }
}
