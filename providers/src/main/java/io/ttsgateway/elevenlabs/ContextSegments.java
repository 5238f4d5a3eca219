package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.net.AudioInbox;

/**
 * A streamed utterance in one context of a multi-context socket: the context is opened with the
 * first segment exactly as a single request is (first message with the voice settings, then the
 * text with {@code flush}), every later segment is sent into it with {@code flush} as it comes, and
 * {@code close_context} follows the last one ({@link #finish()}). The context keeps the voice's
 * prosody across the seams.
 *
 * <p><b>Where a segment's audio ends.</b> ElevenLabs marks no flush in its answer; its final message
 * comes only once the whole context is closed. Audio chunks carry character timings, though (the
 * socket asks for {@code sync_alignment}), and a flush's audio comes in order, after the audio of the
 * texts flushed before it. So the audio goes to the first segment not complete yet, and the spoken
 * (non-whitespace) characters its timings cover are counted against the utterance's spoken
 * characters up to that segment's end; when the count reaches it, the segment is complete and its
 * stream ends at once, even while the next segment is still being generated or not sent yet. Audio
 * of segment n+1 that arrives while n is still being read simply goes to n+1's stream.
 *
 * <p><b>When timings are missing or do not add up.</b> A chunk without timings counts no character
 * and goes to the segment that receives audio at that moment. Audio that arrives while every segment
 * sent so far is complete (a chunk of trailing silence, say) is kept for the next segment. Should the
 * timings never come (a server that ignores {@code sync_alignment}), segment boundaries cannot be
 * seen: all audio then flows into the first segment, which ends when the context ends after
 * {@link #finish()}, and the later segments end empty. The utterance's audio is still complete and
 * in order and nothing waits without bound: a reader waiting for more audio of a segment is bounded
 * by the stall timeout, a segment not reached yet by the first-byte timeout. The context's final
 * message completes whatever segment is still open.
 *
 * <p>Closing one segment's stream before it ended (a cancel, a timeout) cancels the whole context:
 * the segments after it fail rather than end, so that no partial audio passes for a complete
 * segment. A failure of the context (error frame, dropped socket) fails every segment not complete.
 */
final class ContextSegments extends SocketContext implements AudioInbox.Owner {

    private static final Logger LOGGER = Logger.getLogger(ContextSegments.class.getName());

    private final ResolvedRequest first;
    private final AudioFormat produced;
    private final ProviderTimeouts timeouts;
    /** Guards everything below, and the state of every segment. */
    private final ReentrantLock state = new ReentrantLock();
    private final List<SegmentStream> segments = new ArrayList<>();
    /** The text of every segment, in order; what a resend on a fresh socket sends. */
    private final List<String> texts = new ArrayList<>();
    /** Audio that arrived while no segment was waiting for any, with its timings. */
    private final List<Carried> carried = new ArrayList<>();
    /** Index of the segment the context's audio goes to now. */
    private int head;
    /** Spoken characters of every segment opened so far. */
    private long sentChars;
    /** Spoken characters the timings received so far covered. */
    private long alignedChars;
    private boolean inputEnded;
    /** The context ended (its final message) or was closed: nothing is routed any more. */
    private boolean over;
    private boolean closing;
    private ProviderException failure;
    /** The socket every text so far was sent on; later texts go straight there. Under the sending lock. */
    private volatile ContextSocket sentOn;

    /** A chunk kept for the next segment. */
    private record Carried(byte[] audio, CharAlignment alignment) {
    }

    /**
     * Creates the utterance with its first segment, which becomes active now (its first-byte clock
     * starts).
     *
     * @param key      the socket it needs
     * @param first    the first segment, whose options every later one shares
     * @param produced the format ElevenLabs sends
     * @param timeouts first-byte and stall timeouts
     */
    ContextSegments(SocketKey key, ResolvedRequest first, AudioFormat produced, ProviderTimeouts timeouts) {
        super(key);
        this.first = first;
        this.produced = produced;
        this.timeouts = timeouts;
    }

    /**
     * Adds the first segment, before the context is sent.
     *
     * @return its stream
     */
    SegmentStream start() {
        state.lock();
        try {
            return add(first.text());
        } finally {
            state.unlock();
        }
    }

    /**
     * Adds a later segment and sends it with {@code flush} when the context is already on a socket;
     * otherwise the context's send (or resend) carries it.
     *
     * @param segment the segment, with the same options as the first
     * @return its stream
     * @throws ProviderException when the context failed or ended before
     */
    SegmentStream append(ResolvedRequest segment) throws ProviderException {
        sending().lock();
        try {
            SegmentStream stream;
            state.lock();
            try {
                if (failure != null) {
                    throw new ProviderException(failure.kind(), failure.providerStatus(), failure.getMessage(), failure);
                }
                if (over || inputEnded) {
                    throw new ProviderException(ProviderErrorKind.UNAVAILABLE, ElevenLabsProvider.NAME
                            + " context already ended");
                }
                stream = add(segment.text());
            } finally {
                state.unlock();
            }
            ContextSocket target = sentOn;
            if (target != null && !isCancelled()) {
                try {
                    target.sendNow(ElevenLabsMessages.textAndFlush(contextId(), segment.text()));
                } catch (ProviderException e) {
                    // The socket died: its end resends the context with this text, or fails it.
                    LOGGER.log(Level.FINE, "Segment not sent to " + ElevenLabsProvider.NAME, e);
                }
            }
            return stream;
        } finally {
            sending().unlock();
        }
    }

    /**
     * Ends the input: {@code close_context} after the last segment, so the server finishes the
     * audio and sends the context's final message.
     */
    void finish() {
        sending().lock();
        try {
            state.lock();
            try {
                if (inputEnded || over) {
                    return;
                }
                inputEnded = true;
            } finally {
                state.unlock();
            }
            ContextSocket target = sentOn;
            if (target != null && !isCancelled()) {
                try {
                    target.sendNow(ElevenLabsMessages.closeContext(contextId()));
                } catch (ProviderException e) {
                    LOGGER.log(Level.FINE, "End of input not sent to " + ElevenLabsProvider.NAME, e);
                }
            }
        } finally {
            sending().unlock();
        }
    }

    /**
     * Cancels the utterance: {@code close_context} at the provider, and every segment stream ends
     * at once (a blocked read returns). Idempotent, any thread.
     */
    void close() {
        List<SegmentStream> all;
        state.lock();
        try {
            closing = true;
            over = true;
            carried.clear();
            all = new ArrayList<>(segments);
        } finally {
            state.unlock();
        }
        cancel();
        all.forEach(SegmentStream::close);
    }

    @Override
    synchronized boolean attach(ContextSocket target, String id, boolean reuse) {
        // A fresh socket (a resend) gets every text again before later ones go straight to it.
        sentOn = null;
        return super.attach(target, id, reuse);
    }

    @Override
    VoiceSettings voiceSettings() {
        return first.settings();
    }

    @Override
    List<String> texts() {
        state.lock();
        try {
            return List.copyOf(texts);
        } finally {
            state.unlock();
        }
    }

    @Override
    boolean inputEnded() {
        state.lock();
        try {
            return inputEnded;
        } finally {
            state.unlock();
        }
    }

    @Override
    void sent(ContextSocket target) {
        sentOn = target;
    }

    @Override
    boolean wantsAlignment() {
        return true;
    }

    @Override
    boolean bindable() {
        state.lock();
        try {
            return !over && failure == null;
        } finally {
            state.unlock();
        }
    }

    @Override
    void onAudio(byte[] audio, CharAlignment alignment) {
        accepted();
        int spoken = alignment == null ? 0 : alignment.spokenChars();
        state.lock();
        try {
            if (over || failure != null) {
                return;
            }
            if (head < segments.size()) {
                segments.get(head).push(audio, alignment);
            } else {
                carried.add(new Carried(audio, alignment));
            }
            alignedChars += spoken;
            completeCovered();
        } finally {
            state.unlock();
        }
    }

    @Override
    void onProgress() {
        accepted();
        state.lock();
        try {
            if (!over && head < segments.size()) {
                segments.get(head).touch();
            }
        } finally {
            state.unlock();
        }
    }

    @Override
    void onFinal() {
        accepted();
        state.lock();
        try {
            if (over) {
                return;
            }
            over = true;
            if (!carried.isEmpty()) {
                LOGGER.fine(() -> ElevenLabsProvider.NAME + " audio after the last segment was dropped ("
                        + carried.size() + " chunk(s))");
                carried.clear();
            }
            for (int i = head; i < segments.size(); i++) {
                segments.get(i).complete();
            }
            head = segments.size();
        } finally {
            state.unlock();
        }
    }

    @Override
    void fail(ProviderException error) {
        state.lock();
        try {
            if (over || failure != null) {
                return;
            }
            failure = error;
            carried.clear();
            for (int i = head; i < segments.size(); i++) {
                segments.get(i).fail(error);
            }
        } finally {
            state.unlock();
        }
    }

    @Override
    public void released(AudioInbox released, boolean finished) {
        if (!finished) {
            abandoned();
        }
    }

    /**
     * A segment's stream was closed before its audio was complete: the utterance cannot go on.
     */
    void abandoned() {
        state.lock();
        try {
            if (!closing && !over && failure == null) {
                failure = new ProviderException(ProviderErrorKind.UNAVAILABLE, ElevenLabsProvider.NAME
                        + " utterance stopped: an earlier segment was not read to its end");
                carried.clear();
                for (int i = head; i < segments.size(); i++) {
                    segments.get(i).fail(failure);
                }
            }
        } finally {
            state.unlock();
        }
        cancel();
    }

    /** Adds a segment; under the lock. */
    private SegmentStream add(String text) {
        sentChars += CharAlignment.spokenChars(text);
        SegmentStream stream = new SegmentStream(this, state, produced, timeouts, sentChars, first.timestamps());
        segments.add(stream);
        texts.add(text);
        if (failure != null) {
            stream.fail(failure);
        } else if (segments.size() - 1 == head) {
            activate(stream);
            completeCovered();
        }
        return stream;
    }

    /** Completes every segment whose characters the timings covered, activating the next; under the lock. */
    private void completeCovered() {
        while (head < segments.size() && alignedChars >= segments.get(head).endChars()) {
            SegmentStream done = segments.get(head);
            head++;
            if (head < segments.size()) {
                activate(segments.get(head));
            }
            done.markAligned();
            done.complete();
        }
    }

    /** Makes a segment the one audio goes to, handing it what was kept meanwhile; under the lock. */
    private void activate(SegmentStream stream) {
        if (!stream.activate()) {
            return;
        }
        for (Carried chunk : carried) {
            stream.push(chunk.audio(), chunk.alignment());
        }
        carried.clear();
    }
}
