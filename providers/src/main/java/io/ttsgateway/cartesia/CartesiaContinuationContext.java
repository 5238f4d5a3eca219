package io.ttsgateway.cartesia;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.WordAlignment;
import io.ttsgateway.provider.net.AudioInbox;
import io.ttsgateway.provider.net.ProviderErrors;

/**
 * One {@code context_id} of a {@link CartesiaContinuation}: the segments sent on it, in order, and
 * the routing of Cartesia's answers to their inboxes.
 *
 * <p>Every segment is sent as an input with {@code continue: true} followed by a manual flush, so
 * the n-th segment is the n-th flush of the context. Cartesia numbers flushes from 1 and tags each
 * chunk with the {@code flush_id} of the flush it belongs to; {@code flush_done} marks the end of a
 * flush's audio. The routing takes both as documented but does not depend on more than it must,
 * since the numbering is not confirmed anywhere but the definitions:
 *
 * <ul>
 *     <li>A context's audio comes in the order of its flushes, so a segment is <em>current</em> until
 *     Cartesia finished it; chunks without a usable {@code flush_id} (none, or one of a segment
 *     already finished) go to the current segment.</li>
 *     <li>{@code flush_done} n ends segment n and any earlier one still open. Should the first
 *     {@code flush_done} be numbered 0, numbering is taken to start at 0.</li>
 *     <li>A chunk tagged with a later segment's {@code flush_id} ends the segments before it (their
 *     audio is complete, whether or not their {@code flush_done} came) and goes to that segment.</li>
 *     <li>{@code done}, after the final input, ends every segment.</li>
 * </ul>
 *
 * <p>Cartesia's word timestamps count from the start of the context's audio; each segment's are
 * shifted to count from its own start, which is the length of the audio of the segments before it
 * (in bytes of the known format). Should a segment's timestamps restart near zero instead (they
 * start well before the previous segment's last word ended), they are taken as already relative.
 *
 * <p>A segment whose reader closes it before its audio ended gives the utterance up: the context is
 * cancelled at Cartesia and the later segments fail, so that no truncated segment passes for a
 * complete one. An error or the loss of the socket fails the segments not yet finished (unless they
 * may be {@link #retryable() sent again}); when all segments had finished, the context is simply
 * over and the next segment goes to a new one.
 */
final class CartesiaContinuationContext implements CartesiaReceiver {

    private static final Logger LOGGER = Logger.getLogger(CartesiaContinuationContext.class.getName());
    /** How far a segment's first word may start before the previous segment's last word ended and still count as context time. */
    private static final long RESTART_TOLERANCE_MS = 250;
    private static final double MILLIS_PER_SECOND = 1000.0;

    private final String id = UUID.randomUUID().toString();
    private final CartesiaContinuation continuation;
    private final CartesiaConnection connection;
    private final CartesiaGeneration template;
    private final boolean reused;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Segment> segments = new ArrayList<>();
    /** The oldest segment Cartesia has not finished; all segments before it are finished. */
    private int current;
    /** The segment that received the latest audio, or -1. */
    private int audioSegment = -1;
    private int flushBase = 1;
    private boolean flushBaseKnown;
    /** End of the last word seen, in milliseconds of context time. */
    private long lastWordEndMs;
    private boolean ended;
    /** No input may follow: done, failed, lost, retired or closed. */
    private boolean gone;
    private ProviderException failure;
    /** The first segment a failure caught unfinished. */
    private int failedFrom;
    /** Whether the failure was the socket ending on Cartesia's side. */
    private boolean lostByProvider;
    private volatile long lastHeard = System.nanoTime();

    /**
     * A segment to send, with the stream its reader holds.
     *
     * @param stream the reader's stream
     * @param text   its text
     */
    record Pending(CartesiaSegment stream, String text) {
    }

    /** A segment on this context. */
    private static final class Segment {
        private final Pending pending;
        private AudioInbox inbox;
        private long bytes;
        /** Whether its timestamps count from the start of the context; decided by its first ones. */
        private Boolean contextTime;

        private Segment(Pending pending) {
            this.pending = pending;
        }
    }

    private CartesiaContinuationContext(CartesiaContinuation continuation, CartesiaConnection connection,
                                        boolean reused, CartesiaGeneration template) {
        this.continuation = continuation;
        this.connection = connection;
        this.reused = reused;
        this.template = template;
    }

    /**
     * Opens a context with its first segments: each as an input and a flush, then the final input
     * when asked.
     *
     * @param continuation the continuation it belongs to
     * @param connection   the socket
     * @param reused       whether the socket served before
     * @param template     the fields every input of the context keeps
     * @param pending      the segments, in order
     * @param end          whether no segment follows them
     * @return the context
     * @throws ProviderException {@code UNAVAILABLE} when it could not be sent; nothing of it is then
     *                           routed any more
     */
    static CartesiaContinuationContext start(CartesiaContinuation continuation, CartesiaConnection connection,
                                             boolean reused, CartesiaGeneration template, List<Pending> pending,
                                             boolean end) throws ProviderException {
        CartesiaContinuationContext context = new CartesiaContinuationContext(continuation, connection, reused,
                                                                              template);
        ObjectMapper mapper = connection.mapper();
        List<String> messages = new ArrayList<>();
        context.lock.lock();
        try {
            for (Pending segment : pending) {
                context.attach(segment);
                messages.add(template.input(mapper, context.id, segment.text()));
                messages.add(template.flush(mapper, context.id));
            }
            if (end) {
                context.ended = true;
                messages.add(template.end(mapper, context.id));
            }
        } finally {
            context.lock.unlock();
        }
        try {
            connection.start(context, reused, messages);
        } catch (ProviderException e) {
            // Streams attached here are attached again by a retry; if there is none, they end now.
            context.fail(e, false);
            throw e;
        }
        LOGGER.finer(() -> "Cartesia continuation context " + context.id + " opened with " + pending.size()
                + " segment(s): " + template);
        return context;
    }

    /**
     * Sends a further segment: an input and a flush.
     *
     * @param stream the reader's stream of the segment
     * @param text   its text, sent verbatim (Cartesia joins inputs as they are, so the caller keeps the
     *               whitespace between segments)
     * @throws ProviderException {@code UNAVAILABLE} when it could not be sent, which ends the context
     *                           as a lost socket does
     */
    void add(CartesiaSegment stream, String text) throws ProviderException {
        lock.lock();
        try {
            if (gone) {
                throw ProviderErrors.dropped(CartesiaProvider.NAME, "context already ended");
            }
            attach(new Pending(stream, text));
        } finally {
            lock.unlock();
        }
        ObjectMapper mapper = connection.mapper();
        try {
            connection.send(template.input(mapper, id, text));
            connection.send(template.flush(mapper, id));
        } catch (ProviderException e) {
            // The socket is dead, or the sender was interrupted; its close handler may not have run yet.
            fail(e, !continuation.isClosed() && !Thread.currentThread().isInterrupted());
            throw e;
        }
    }

    /**
     * Sends the final input, after which Cartesia ends the context with {@code done} once the last
     * segment's audio is out. Failures are left to the socket's close handler.
     */
    void end() {
        lock.lock();
        try {
            if (gone || ended) {
                return;
            }
            ended = true;
        } finally {
            lock.unlock();
        }
        try {
            connection.send(template.end(connection.mapper(), id));
        } catch (ProviderException e) {
            LOGGER.fine(() -> "Final input of a Cartesia context not sent: " + e.getMessage());
        }
    }

    /**
     * Stops using the context without failing anything: every segment finished, and the context may
     * expire at Cartesia before another input would arrive. Cartesia is told to drop it.
     */
    void retire() {
        lock.lock();
        try {
            gone = true;
        } finally {
            lock.unlock();
        }
        connection.abandon(id);
    }

    /**
     * Ends every segment stream of the context (their readers see the end) and cancels the context
     * at Cartesia, unless nothing of it is left to generate. Idempotent, any thread; blocks for at
     * most a send.
     */
    void close() {
        List<Segment> all;
        boolean generating;
        lock.lock();
        try {
            gone = true;
            all = List.copyOf(segments);
            // After the final input with every segment finished, only done is left to come.
            generating = !ended || current < segments.size();
        } finally {
            lock.unlock();
        }
        for (Segment segment : all) {
            segment.inbox.close();
        }
        if (generating) {
            connection.abandon(id);
        } else {
            connection.detach(id);
        }
    }

    /**
     * The socket the context is on.
     *
     * @return the connection
     */
    CartesiaConnection connection() {
        return connection;
    }

    /**
     * Whether no further segment may be sent on this context.
     *
     * @return true once it ended, failed, was lost, retired or closed
     */
    boolean isGone() {
        lock.lock();
        try {
            return gone;
        } finally {
            lock.unlock();
        }
    }

    /**
     * What failed segments of this context, if any did.
     *
     * @return the failure, or {@code null}
     */
    ProviderException failure() {
        lock.lock();
        try {
            return failure;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether every segment finished and Cartesia has said nothing for a while, so the context may
     * be about to expire.
     *
     * @param nanos how long counts as a while
     * @return true when a further segment should go to a new context
     */
    boolean idleFor(long nanos) {
        lock.lock();
        try {
            return !gone && current >= segments.size() && System.nanoTime() - lastHeard > nanos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the segments the loss of the socket caught unfinished may be sent again on a fresh
     * socket: none of them received audio, so nothing of them was delivered, and the socket had
     * served before they were sent (it was reused, or earlier segments finished on it), so its death
     * is likelier a stale socket (an idle close crossing them) than a failure of these segments.
     *
     * @return true when a resend is allowed
     */
    boolean retryable() {
        lock.lock();
        try {
            if (failure == null || !lostByProvider || !reused && failedFrom == 0) {
                return false;
            }
            for (Segment segment : segments.subList(failedFrom, segments.size())) {
                if (segment.bytes > 0) {
                    return false;
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The segments a failure caught unfinished, for a resend.
     *
     * @return them, in order
     */
    List<Pending> unfinished() {
        lock.lock();
        try {
            return segments.subList(failedFrom, segments.size()).stream().map(segment -> segment.pending).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void heard() {
        lastHeard = System.nanoTime();
    }

    @Override
    public boolean wantsTimestamps() {
        return template.timestamps();
    }

    @Override
    public boolean audio(byte[] chunk, int flushId) {
        Segment target;
        List<Segment> complete;
        lock.lock();
        try {
            if (gone) {
                return true;
            }
            int index = current;
            int tagged = flushId == NO_FLUSH_ID ? NO_FLUSH_ID : flushId - flushBase;
            if (tagged > current && tagged < segments.size()) {
                index = tagged;
            }
            if (index >= segments.size()) {
                LOGGER.fine("Cartesia sent audio after the last flush of a continuation; dropped");
                return true;
            }
            complete = finishBefore(index);
            target = segments.get(index);
            target.bytes += chunk.length;
            audioSegment = index;
        } finally {
            lock.unlock();
        }
        complete.forEach(segment -> segment.inbox.finish());
        // Refused when its reader closed it or timed out; the reader's close settles the rest.
        target.inbox.push(chunk);
        return true;
    }

    @Override
    public void words(WordAlignment words) {
        Segment target;
        WordAlignment shifted;
        lock.lock();
        try {
            if (gone || words.isEmpty()) {
                return;
            }
            int index = Math.max(audioSegment, current);
            if (index >= segments.size()) {
                return;
            }
            target = segments.get(index);
            long offset = offsetMs(index);
            if (target.contextTime == null) {
                target.contextTime = index == 0 || words.startMs().getFirst() + RESTART_TOLERANCE_MS >= lastWordEndMs;
            }
            long shift = target.contextTime ? offset : 0;
            List<String> kept = new ArrayList<>();
            List<Long> starts = new ArrayList<>();
            List<Long> ends = new ArrayList<>();
            for (int i = 0; i < words.words().size(); i++) {
                long start = words.startMs().get(i) - shift;
                if (start < -RESTART_TOLERANCE_MS) {
                    continue; // a word of an earlier segment, arriving late
                }
                kept.add(words.words().get(i));
                starts.add(Math.max(0, start));
                ends.add(Math.max(0, words.endMs().get(i) - shift));
            }
            lastWordEndMs = Math.max(lastWordEndMs, words.endMs().getLast() + (target.contextTime ? 0 : offset));
            shifted = new WordAlignment(kept, starts, ends);
        } finally {
            lock.unlock();
        }
        target.inbox.align(shifted);
    }

    @Override
    public void flushDone(int flushId) {
        List<Segment> complete;
        lock.lock();
        try {
            if (gone || segments.isEmpty()) {
                return;
            }
            lastHeard = System.nanoTime();
            int index;
            if (flushId == NO_FLUSH_ID) {
                index = current;
            } else {
                if (!flushBaseKnown) {
                    flushBaseKnown = true;
                    flushBase = flushId == 0 ? 0 : 1;
                }
                index = flushId - flushBase;
            }
            if (index < current) {
                return; // already finished
            }
            complete = finishBefore(Math.min(index, segments.size() - 1) + 1);
        } finally {
            lock.unlock();
        }
        complete.forEach(segment -> segment.inbox.finish());
    }

    @Override
    public void progress() {
        Segment target = null;
        lock.lock();
        try {
            if (current < segments.size()) {
                target = segments.get(current);
            }
        } finally {
            lock.unlock();
        }
        if (target != null) {
            target.inbox.touch();
        }
    }

    @Override
    public void done() {
        List<Segment> complete;
        lock.lock();
        try {
            gone = true;
            complete = finishBefore(segments.size());
        } finally {
            lock.unlock();
        }
        complete.forEach(segment -> segment.inbox.finish());
    }

    @Override
    public void failed(ProviderException error) {
        fail(error, false);
    }

    @Override
    public void lost(ProviderException error, boolean byProvider) {
        fail(error, byProvider);
    }

    private void fail(ProviderException error, boolean byProvider) {
        List<Segment> open;
        lock.lock();
        try {
            if (gone) {
                return;
            }
            gone = true;
            lostByProvider = byProvider;
            failedFrom = current;
            open = List.copyOf(segments.subList(current, segments.size()));
            if (!open.isEmpty()) {
                failure = error;
            }
            current = segments.size();
        } finally {
            lock.unlock();
        }
        open.forEach(segment -> segment.inbox.fail(error));
    }

    /** Adds a segment and points its stream at its new inbox; called under the lock. */
    private void attach(Pending pending) {
        Segment segment = new Segment(pending);
        segment.inbox = connection.inbox(template.output().format(), (box, finished) -> released(segment, finished));
        segments.add(segment);
        pending.stream().attach(this, segment.inbox);
    }

    /** Marks the segments before {@code index} finished; called under the lock. */
    private List<Segment> finishBefore(int index) {
        if (index <= current) {
            return List.of();
        }
        List<Segment> complete = List.copyOf(segments.subList(current, index));
        current = index;
        return complete;
    }

    /** Milliseconds of audio before a segment; called under the lock. */
    private long offsetMs(int index) {
        long bytes = 0;
        for (int i = 0; i < index; i++) {
            bytes += segments.get(i).bytes;
        }
        return Math.round(bytes * MILLIS_PER_SECOND / template.output().format().bytesPerSecond());
    }

    /**
     * A segment's reader closed its stream. Before the segment's audio ended (a timeout, an
     * overflow, or a request given up), the utterance cannot go on: its context is cancelled at
     * Cartesia and the segments after it fail rather than wait for audio that will not come.
     */
    private void released(Segment segment, boolean finished) {
        if (finished || continuation.isClosed()) {
            return;
        }
        List<Segment> others;
        ProviderException abandoned = new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, CartesiaProvider.NAME
                + " utterance given up: an earlier segment was closed before its audio ended");
        lock.lock();
        try {
            if (gone || segments.indexOf(segment) < current) {
                return; // over anyway, or Cartesia had finished this segment as its reader closed it
            }
            gone = true;
            failure = abandoned;
            others = new ArrayList<>(segments.subList(current, segments.size()));
            others.remove(segment);
            current = segments.size();
        } finally {
            lock.unlock();
        }
        connection.abandon(id);
        others.forEach(other -> other.inbox.fail(abandoned));
    }
}
