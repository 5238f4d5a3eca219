package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderErrorKind;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderTimeouts;
import io.ttsgateway.provider.link.Call;
import io.ttsgateway.provider.link.Frame;
import io.ttsgateway.provider.link.Route;
import io.ttsgateway.provider.net.AudioInbox;

import static io.ttsgateway.elevenlabs.ElevenLabsSettings.NAME;

/**
 * One ElevenLabs context on a link: a request, or an utterance whose segments all go into it with
 * {@code flush}, so the voice carries its prosody across the seams; {@code close_context} ends it.
 *
 * <p>ElevenLabs marks no flush in its answer, but its audio comes in order and carries character
 * timings ({@code sync_alignment}). So audio goes to the first segment not complete yet, and once
 * the timings have covered the spoken (non-blank) characters up to its end, that segment ends, even
 * while the next is still generating. Audio that comes while every segment so far is complete is
 * kept for the next one. Without timings no boundary shows: the first segment takes all the audio up
 * to the context's final message, which completes whatever is still open. Once the input ended, the
 * last segment ends with that final message. Closing a segment's stream before its end stops the
 * context: the segments after it fail, so partial audio never passes for a complete segment.
 */
final class ContextRoute implements Route, Segments, AudioInbox.Owner {

    private static final Logger LOGGER = Logger.getLogger(ContextRoute.class.getName());

    /** Where the context is; only {@link #move} changes it. */
    private enum Phase {
        /** Takes segments. */
        OPEN,
        /** The input ended ({@code close_context} sent); audio still comes. */
        FINISHED,
        /** The provider's final message came. */
        DONE,
        /** The provider failed it or the link was lost. */
        FAILED,
        /** Closed by the caller, or a segment was abandoned. */
        STOPPED;

        boolean live() {
            return this == OPEN || this == FINISHED;
        }
    }

    /** A chunk kept for the next segment. */
    private record Carried(byte[] audio, CharAlignment alignment) {
    }

    private final String id;
    private final VoiceSettings settings;
    private final AudioFormat produced;
    private final ProviderTimeouts timeouts;
    private final boolean timestamps;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Segment> segments = new ArrayList<>();
    private final List<Carried> carried = new ArrayList<>();
    private Phase phase = Phase.OPEN;
    private ProviderException failure;
    private Call call;
    /** The segment the audio goes to now. */
    private int head;
    private long sentChars;
    private long alignedChars;

    ContextRoute(String id, ResolvedRequest first, AudioFormat produced, ProviderTimeouts timeouts) {
        this.id = id;
        this.settings = first.settings();
        this.produced = produced;
        this.timeouts = timeouts;
        this.timestamps = first.timestamps();
    }

    /** The context's first message, with its voice settings. */
    String opening() {
        return ElevenLabsMessages.initContext(id, settings);
    }

    /** Binds the context to its call on the link; a context stopped meanwhile is cancelled now. */
    void attach(Call started) {
        Phase now;
        lock.lock();
        try {
            call = started;
            now = phase;
        } finally {
            lock.unlock();
        }
        if (!now.live()) {
            started.close(now != Phase.STOPPED);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public AudioStream open(ResolvedRequest segment) throws ProviderException {
        return add(segment, false);
    }

    @Override
    public AudioStream speak(ResolvedRequest request) throws ProviderException {
        return add(request, true);
    }

    @Override
    public void finish() {
        if (move(Phase.FINISHED)) {
            send(ElevenLabsMessages.closeContext(id), 0);
        }
    }

    @Override
    public void close() {
        List<Segment> all;
        boolean stopped;
        lock.lock();
        try {
            stopped = move(Phase.STOPPED);
            carried.clear();
            all = List.copyOf(segments);
        } finally {
            lock.unlock();
        }
        if (stopped) {
            cancel();
        }
        all.forEach(Segment::close);
    }

    @Override
    public void released(AudioInbox inbox, boolean finished) {
        if (finished) {
            return;
        }
        lock.lock();
        try {
            if (!move(Phase.STOPPED)) {
                return;
            }
            failure = new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME
                    + " utterance stopped: an earlier segment was not read to its end");
            failOpen();
        } finally {
            lock.unlock();
        }
        cancel();
    }

    @Override
    public void accept(Frame frame) {
        switch (frame) {
            case Frame.Event event when ElevenLabsCodec.AUDIO.equals(event.type()) -> onAudio(event.message());
            case Frame.Event event -> onProgress();
            case Frame.Done done -> onFinal();
            case Frame.Failed failed -> fail(failed.error());
            default -> {
            }
        }
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        fail(error);
    }

    /** Adds a segment and sends its text; the first segment always gets a stream, failed if the context did. */
    private AudioStream add(ResolvedRequest segment, boolean last) throws ProviderException {
        Segment added;
        boolean send;
        lock.lock();
        try {
            if (!segments.isEmpty() && phase != Phase.OPEN) {
                throw failure != null ? new ProviderException(failure.kind(), failure.providerStatus(),
                                                              failure.getMessage(), failure)
                                      : new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME
                                                                      + " context already ended");
            }
            sentChars += CharAlignment.spokenChars(segment.text());
            AudioInbox inbox = new AudioInbox(NAME, produced, timeouts, this).probeWith(call::ping);
            added = new Segment(inbox, sentChars, timestamps);
            segments.add(added);
            if (phase == Phase.FAILED) {
                added.fail(failure);
            } else if (segments.size() - 1 == head) {
                takeCarried(added);
            }
            // A request's only segment ends with the final message, not with its timings.
            send = phase == Phase.OPEN && (!last || move(Phase.FINISHED));
        } finally {
            lock.unlock();
        }
        if (send) {
            send(ElevenLabsMessages.textAndFlush(id, segment.text()), segment.text().length());
            if (last) {
                send(ElevenLabsMessages.closeContext(id), 0);
            }
        }
        return OutputPlan.deliver(added, segment.wanted());
    }

    private void onAudio(JsonNode message) {
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(ElevenLabsMessages.audio(message));
        } catch (IllegalArgumentException e) {
            fail(new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, NAME + " sent audio that is not base64"));
            return;
        }
        CharAlignment alignment = CharAlignment.fromSocket(message);
        lock.lock();
        try {
            if (!phase.live()) {
                return;
            }
            if (head < segments.size()) {
                segments.get(head).push(audio, alignment);
            } else {
                carried.add(new Carried(audio, alignment));
            }
            alignedChars += alignment == null ? 0 : alignment.spokenChars();
            completeCovered();
        } finally {
            lock.unlock();
        }
    }

    private void onProgress() {
        lock.lock();
        try {
            if (phase.live() && head < segments.size()) {
                segments.get(head).touch();
            }
        } finally {
            lock.unlock();
        }
    }

    private void onFinal() {
        lock.lock();
        try {
            if (!move(Phase.DONE)) {
                return;
            }
            if (!carried.isEmpty()) {
                LOGGER.fine(() -> NAME + " audio after the last segment was dropped (" + carried.size() + " chunks)");
                carried.clear();
            }
            if (segments.size() == 1) {
                segments.getFirst().markWhole();
            }
            for (; head < segments.size(); head++) {
                segments.get(head).complete();
            }
        } finally {
            lock.unlock();
        }
    }

    private void fail(ProviderException error) {
        lock.lock();
        try {
            if (move(Phase.FAILED)) {
                failure = error;
                failOpen();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Completes every segment the timings covered but the last once the input ended; under the lock. */
    private void completeCovered() {
        while (head < segments.size() && alignedChars >= segments.get(head).endChars) {
            Segment covered = segments.get(head);
            covered.markWhole();
            if (phase == Phase.FINISHED && head == segments.size() - 1) {
                return;
            }
            head++;
            if (head < segments.size()) {
                takeCarried(segments.get(head));
            }
            covered.complete();
        }
    }

    /** Makes a segment the one the audio goes to, with what was kept for it; under the lock. */
    private void takeCarried(Segment next) {
        next.activate();
        carried.forEach(chunk -> next.push(chunk.audio(), chunk.alignment()));
        carried.clear();
    }

    /** Fails every segment not complete; under the lock. */
    private void failOpen() {
        carried.clear();
        for (int i = head; i < segments.size(); i++) {
            segments.get(i).fail(failure);
        }
    }

    /** The one change of phase; false when the context is past it. */
    private boolean move(Phase to) {
        lock.lock();
        try {
            if (!phase.live() || phase == to) {
                return false;
            }
            phase = to;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void send(String message, int chars) {
        try {
            current().send(message, chars);
        } catch (ProviderException e) {
            // The link died: the core sends the context again on a new one, or fails it.
            LOGGER.log(Level.FINE, "Message not sent to " + NAME, e);
        }
    }

    private void cancel() {
        Call started = current();
        if (started != null) {
            started.close(false);
        }
    }

    private Call current() {
        lock.lock();
        try {
            return call;
        } finally {
            lock.unlock();
        }
    }
}
