package io.ttsgateway.elevenlabs;

import java.util.ArrayList;
import java.util.List;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.ProviderException;

/**
 * The segments of an utterance whose model streams over HTTP only ({@code eleven_v3}, or a model
 * whose WebSocket was refused): each segment is a request of its own, with the end of the text
 * before it as {@code previous_text}, which ElevenLabs documents for "the speech's continuity when
 * concatenating together multiple generations".
 */
final class HttpSegments {

    /**
     * Longest {@code previous_text} sent. The API states no limit; a few sentences carry the
     * intonation, and every character more is only payload.
     */
    static final int PREVIOUS_TEXT_MAX_CHARS = 500;

    private final ElevenLabsSession session;
    private final StringBuilder spoken = new StringBuilder();
    private final List<AudioStream> opened = new ArrayList<>();
    private boolean closed;

    /**
     * Creates the segments' sequence.
     *
     * @param session the session the requests go on
     */
    HttpSegments(ElevenLabsSession session) {
        this.session = session;
    }

    /**
     * Starts a segment's request.
     *
     * @param segment the segment
     * @return its audio
     * @throws ProviderException    when the request cannot be started
     * @throws InterruptedException when the utterance was closed meanwhile
     */
    AudioStream open(ResolvedRequest segment) throws ProviderException, InterruptedException {
        String previous;
        synchronized (this) {
            previous = previousText(spoken);
            if (!spoken.isEmpty() && !Character.isWhitespace(spoken.charAt(spoken.length() - 1))
                    && !Character.isWhitespace(segment.text().charAt(0))) {
                spoken.append(' ');
            }
            spoken.append(segment.text());
        }
        AudioStream stream = session.openHttp(segment, previous);
        synchronized (this) {
            if (!closed) {
                opened.add(stream);
                return stream;
            }
        }
        stream.close();
        throw new InterruptedException("utterance closed");
    }

    /**
     * Stops every segment's request. Idempotent.
     */
    void close() {
        List<AudioStream> streams;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            streams = new ArrayList<>(opened);
            opened.clear();
        }
        streams.forEach(AudioStream::close);
    }

    /**
     * The end of the text so far, cut at a word boundary when it is longer than
     * {@link #PREVIOUS_TEXT_MAX_CHARS}.
     *
     * @param text the text spoken so far
     * @return the previous text, or {@code null} when there is none
     */
    static String previousText(CharSequence text) {
        String all = text.toString().strip();
        if (all.isEmpty()) {
            return null;
        }
        if (all.length() <= PREVIOUS_TEXT_MAX_CHARS) {
            return all;
        }
        String tail = all.substring(all.length() - PREVIOUS_TEXT_MAX_CHARS);
        int space = tail.indexOf(' ');
        return space >= 0 && space < tail.length() - 1 ? tail.substring(space + 1) : tail;
    }
}
