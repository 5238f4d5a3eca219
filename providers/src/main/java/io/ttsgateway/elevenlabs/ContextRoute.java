package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.ttsgateway.audio.AudioFormat;
import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ConvertedAudioStream;
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
 * {@code flush}, so the voice carries its prosody across the seams. ElevenLabs marks no flush in its
 * answer, so the character timings tell the segments apart: audio goes to the first segment not
 * complete, which ends once the timings covered its spoken characters (without timings, at the final
 * message); the last ends with the context. A segment closed before its end stops the context.
 */
final class ContextRoute implements Route, Segments, AudioInbox.Owner {

    private static final Logger LOGGER = Logger.getLogger(ContextRoute.class.getName());

    /** OPEN takes segments; FINISHED sent {@code close_context}; the others are ends. */
    private enum Phase { OPEN, FINISHED, DONE, FAILED, STOPPED }

    /** A chunk that came while all segments were complete, kept for the next. */
    private record Carried(byte[] audio, CharAlignment alignment) {
    }

    private final Supplier<String> ids;
    private final ResolvedRequest first;
    private final AudioFormat produced;
    private final ProviderTimeouts timeouts;
    /** Guarded by this, as everything below but the two volatile fields. */
    private final List<Segment> segments = new ArrayList<>();
    private final List<Carried> carried = new ArrayList<>();
    private volatile String id;
    private volatile Call call;
    private Phase phase;
    private ProviderException failure;
    /** The segment the audio goes to now. */
    private int head;
    private long sentChars;
    private long alignedChars;

    /** A context with its first segment; a whole request's input ends with it. */
    ContextRoute(Supplier<String> ids, ResolvedRequest first, AudioFormat produced, ProviderTimeouts timeouts,
                 boolean whole) {
        this.ids = ids;
        this.id = ids.get();
        this.first = first;
        this.produced = produced;
        this.timeouts = timeouts;
        this.phase = whole ? Phase.FINISHED : Phase.OPEN;
        add(first.text());
    }

    /** The messages that start the context: its voice settings, its first text, and a request's end. */
    synchronized List<String> opening() {
        List<String> messages = new ArrayList<>(List.of(ElevenLabsMessages.initContext(id, first.settings()),
                                                        ElevenLabsMessages.textAndFlush(id, first.text())));
        if (phase == Phase.FINISHED) {
            messages.add(ElevenLabsMessages.closeContext(id));
        }
        return messages;
    }

    /** Binds the context to its call: the first segment's first-byte clock starts now that it is sent. */
    void attach(Call started) {
        boolean stopped;
        synchronized (this) {
            call = started;
            segments.getFirst().activate();
            stopped = phase == Phase.STOPPED;
        }
        if (stopped) {
            started.close(false);
        }
    }

    /** Whether the provider failed the context already: its error beat a send that failed. */
    synchronized boolean failed() {
        return phase == Phase.FAILED;
    }

    @Override
    public synchronized AudioStream first() {
        return ConvertedAudioStream.of(segments.getFirst(), first.wanted());
    }

    @Override
    public AudioStream open(ResolvedRequest segment) throws ProviderException {
        Segment added;
        synchronized (this) {
            if (phase != Phase.OPEN) {
                throw failure == null ? new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME + " context ended")
                        : new ProviderException(failure.kind(), failure.providerStatus(), failure.getMessage(), failure);
            }
            added = add(segment.text());
        }
        send(ElevenLabsMessages.textAndFlush(id, segment.text()), segment.text().length());
        return ConvertedAudioStream.of(added, segment.wanted());
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
        synchronized (this) {
            move(Phase.STOPPED);
            carried.clear();
            all = List.copyOf(segments);
        }
        cancel();
        all.forEach(Segment::close);
    }

    /** A segment's stream closed; before its end, the context stops. */
    @Override
    public void released(AudioInbox inbox, boolean finished) {
        if (!finished && end(Phase.STOPPED, new ProviderException(ProviderErrorKind.UNAVAILABLE, NAME
                + " utterance stopped: an earlier segment was not read to its end"))) {
            cancel();
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** A resend never repeats a context id within the session. */
    @Override
    public String renew() {
        id = ids.get();
        return id;
    }

    @Override
    public void accept(Frame frame) {
        switch (frame) {
            case Frame.Event event when ElevenLabsMessages.AUDIO.equals(event.type()) -> audio(event.message());
            case Frame.Event event -> progress();
            case Frame.Done done -> done();
            case Frame.Failed failed -> end(Phase.FAILED, failed.error());
            default -> {
            }
        }
    }

    @Override
    public void lost(ProviderException error, boolean answered) {
        end(Phase.FAILED, error);
    }

    /** Adds a segment; under the monitor (or in the constructor). */
    private Segment add(String text) {
        sentChars += CharAlignment.spokenChars(text);
        Segment added = new Segment(new AudioInbox(NAME, produced, timeouts, this).probeWith(this::ping), sentChars,
                                    first.timestamps());
        segments.add(added);
        if (segments.size() - 1 == head) {
            takeCarried(added);
        }
        return added;
    }

    private void audio(JsonNode message) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(ElevenLabsMessages.audio(message));
        } catch (IllegalArgumentException e) {
            end(Phase.FAILED, new ProviderException(ProviderErrorKind.SYNTHESIS_FAILED, NAME
                    + " sent audio that is not base64"));
            return;
        }
        CharAlignment alignment = CharAlignment.fromSocket(message);
        synchronized (this) {
            if (phase == Phase.OPEN || phase == Phase.FINISHED) {
                if (head < segments.size()) {
                    segments.get(head).push(bytes, alignment);
                } else {
                    carried.add(new Carried(bytes, alignment));
                }
                alignedChars += alignment == null ? 0 : alignment.spokenChars();
                completeCovered();
            }
        }
    }

    private synchronized void progress() {
        if (head < segments.size()) {
            segments.get(head).touch();
        }
    }

    private synchronized void done() {
        if (move(Phase.DONE)) {
            if (!carried.isEmpty()) {
                LOGGER.fine(() -> NAME + " audio after the last segment dropped (" + carried.size() + " chunks)");
            }
            if (segments.size() == 1) {
                segments.getFirst().markWhole();
            }
            for (; head < segments.size(); head++) {
                segments.get(head).complete();
            }
        }
    }

    /** Fails every segment not complete; false when the context had ended already. */
    private synchronized boolean end(Phase to, ProviderException error) {
        if (!move(to)) {
            return false;
        }
        failure = error;
        carried.clear();
        segments.subList(head, segments.size()).forEach(segment -> segment.fail(error));
        return true;
    }

    /** Completes every segment the timings covered, but the last once the input ended; under the monitor. */
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

    /** Makes a segment the one the audio goes to, with what was kept for it; under the monitor. */
    private void takeCarried(Segment next) {
        next.activate();
        carried.forEach(chunk -> next.push(chunk.audio(), chunk.alignment()));
        carried.clear();
    }

    /** The one change of phase: only an open or finished context moves, and only forward. */
    private synchronized boolean move(Phase to) {
        boolean moves = (phase == Phase.OPEN || phase == Phase.FINISHED) && to.ordinal() > phase.ordinal();
        phase = moves ? to : phase;
        return moves;
    }

    private void send(String message, int chars) {
        try {
            call.send(message, chars);
        } catch (ProviderException e) {
            // The link died: its end fails the context, or the core sends it again.
            LOGGER.log(Level.FINE, "Message not sent to " + NAME, e);
        }
    }

    private void ping() {
        Call current = call;
        if (current != null) {
            current.ping();
        }
    }

    private void cancel() {
        Call current = call;
        if (current != null) {
            current.close(false);
        }
    }
}
