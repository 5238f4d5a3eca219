package io.ttsgateway.session.producer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.ttsgateway.session.protocol.ErrorCode;
import io.ttsgateway.session.protocol.GatewayError;
import io.ttsgateway.session.protocol.ProtocolException;
import io.ttsgateway.text.SegmentSchedule;
import io.ttsgateway.text.Segmenter;

/**
 * The text of one request, as segments for its synthesis thread: a whole text is one segment
 * that is there from the start; streaming input is cut into segments by a {@link Segmenter} as the
 * session's reader thread appends it, and ends when the client says so.
 */
public final class TextFeed {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<String> segments = new ArrayDeque<>();
    private final Segmenter segmenter;
    private final int maxChars;
    private final long idleNanos;
    private int chars;
    private long lastInput = System.nanoTime();
    private boolean ended;
    private boolean stopped;
    private boolean waiting;
    private GatewayError failure;

    private TextFeed(Segmenter segmenter, int maxChars, Duration idleTimeout) {
        this.segmenter = segmenter;
        this.maxChars = maxChars;
        this.idleNanos = idleTimeout.toNanos();
    }

    /**
     * The feed of a whole text: one segment, already ended.
     *
     * @param text the text
     * @return the feed
     */
    public static TextFeed whole(String text) {
        TextFeed feed = new TextFeed(null, Integer.MAX_VALUE, Duration.ZERO);
        feed.segments.add(text);
        feed.ended = true;
        return feed;
    }

    /**
     * The feed of streaming input.
     *
     * @param schedule    where segments may be cut
     * @param maxChars    most characters the whole request may have
     * @param idleTimeout longest wait for the client's next append, flush or end
     * @return the feed
     */
    public static TextFeed streamed(SegmentSchedule schedule, int maxChars, Duration idleTimeout) {
        return new TextFeed(new Segmenter(schedule), maxChars, idleTimeout);
    }

    /**
     * The text of a whole feed, left in it.
     *
     * @return the text, or {@code null} for streaming input or once taken or stopped
     */
    public String wholeText() {
        if (streamed()) {
            return null;
        }
        lock.lock();
        try {
            return stopped ? null : segments.peek();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the text arrives incrementally.
     *
     * @return true for streaming input
     */
    public boolean streamed() {
        return segmenter != null;
    }

    /**
     * Adds text from the client. Text beyond the limit is refused without ending the request: the
     * caller reports the error to the client first, then ends the request with {@link #fail}.
     *
     * @param text the text
     * @throws ProtocolException when the request has ended or the text would exceed the limit
     */
    public void append(String text) throws ProtocolException {
        lock.lock();
        try {
            checkOpen();
            int length = text.codePointCount(0, text.length());
            if (chars + length > maxChars) {
                throw new ProtocolException(ErrorCode.TEXT_TOO_LONG, "the streamed text exceeds " + maxChars
                        + " characters");
            }
            chars += length;
            lastInput = System.nanoTime();
            offer(segmenter.append(text));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes what is buffered a segment now.
     *
     * @throws ProtocolException when the request has ended
     */
    public void flush() throws ProtocolException {
        lock.lock();
        try {
            checkOpen();
            lastInput = System.nanoTime();
            flushBuffered();
        } finally {
            lock.unlock();
        }
    }

    /**
     * No more text: what is buffered becomes the last segment.
     *
     * @throws ProtocolException when the request has ended already
     */
    public void end() throws ProtocolException {
        lock.lock();
        try {
            checkOpen();
            flushBuffered();
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the client may still send text.
     *
     * @return false once ended, failed or stopped
     */
    public boolean open() {
        lock.lock();
        try {
            return !ended && !stopped && failure == null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the synthesis thread is waiting for the client's text (so a quiet request is not a
     * stalled provider).
     *
     * @return true while waiting for input
     */
    public boolean awaitingInput() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next segment if one is ready, without waiting.
     *
     * @return the segment, or {@code null}
     */
    public String poll() {
        lock.lock();
        try {
            return stopped ? null : segments.poll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next segment.
     *
     * @return the segment, or {@code null} when the text has ended and every segment was taken
     * @throws ProtocolException    when the request failed: no input within the idle timeout, or too
     *                              much text
     * @throws InterruptedException when cancelled
     */
    public String next() throws ProtocolException, InterruptedException {
        lock.lockInterruptibly();
        try {
            waiting = true;
            while (true) {
                if (stopped) {
                    throw new InterruptedException("request stopped");
                }
                if (failure != null) {
                    throw new ProtocolException(failure.code(), failure.message());
                }
                String segment = segments.poll();
                if (segment != null || ended) {
                    return segment;
                }
                long remaining = lastInput + idleNanos - System.nanoTime();
                if (remaining <= 0) {
                    failWhileLocked(GatewayError.of(ErrorCode.INPUT_TIMEOUT, "no append, flush or end for "
                            + Duration.ofNanos(idleNanos).toSeconds() + " s"));
                    continue;
                }
                changed.awaitNanos(remaining);
            }
        } finally {
            waiting = false;
            lock.unlock();
        }
    }

    /**
     * Wakes a waiting synthesis thread for good: the request was cancelled.
     */
    public void stop() {
        lock.lock();
        try {
            stopped = true;
            segments.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the request with an error: its synthesis stops taking segments and fails with it.
     *
     * @param error the error
     */
    public void fail(GatewayError error) {
        lock.lock();
        try {
            failWhileLocked(error);
        } finally {
            lock.unlock();
        }
    }

    private void failWhileLocked(GatewayError error) {
        failure = error;
        segments.clear();
        changed.signalAll();
    }

    private void flushBuffered() {
        Optional<String> rest = segmenter.flush();
        rest.ifPresent(segment -> offer(List.of(segment)));
    }

    private void offer(List<String> ready) {
        if (!ready.isEmpty()) {
            segments.addAll(ready);
            changed.signalAll();
        }
    }

    private void checkOpen() throws ProtocolException {
        if (segmenter == null || ended || stopped || failure != null) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "the streamed request has ended");
        }
    }
}
