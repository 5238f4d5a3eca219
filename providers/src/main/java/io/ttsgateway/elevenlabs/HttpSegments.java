package io.ttsgateway.elevenlabs;

import io.ttsgateway.provider.AudioStream;
import io.ttsgateway.provider.IndependentSegments;
import io.ttsgateway.provider.ProviderException;
import io.ttsgateway.provider.ProviderSession;

/**
 * An utterance over HTTP ({@code eleven_v3}, or a model whose WebSocket was refused): a request per
 * segment, with the end of the text before it as {@code previous_text}, which ElevenLabs documents
 * for continuity across separate generations.
 */
final class HttpSegments implements Segments {

    /** Longest {@code previous_text} sent: the API states no limit; a few sentences carry the intonation. */
    static final int PREVIOUS_TEXT_MAX_CHARS = 500;

    private final HttpSynthesis http;
    private final IndependentSegments streams;
    private final StringBuilder spoken = new StringBuilder();
    private final AudioStream first;

    /** Starts the utterance with its first segment, on the session's requests. */
    HttpSegments(ProviderSession session, HttpSynthesis http, ResolvedRequest first)
            throws ProviderException, InterruptedException {
        this.http = http;
        this.streams = new IndependentSegments(session);
        this.first = open(first);
    }

    @Override
    public AudioStream first() {
        return first;
    }

    @Override
    public AudioStream open(ResolvedRequest segment) throws ProviderException, InterruptedException {
        String previous;
        synchronized (this) {
            previous = previousText(spoken);
            if (!spoken.isEmpty() && !Character.isWhitespace(spoken.charAt(spoken.length() - 1))
                    && !Character.isWhitespace(segment.text().charAt(0))) {
                spoken.append(' ');
            }
            spoken.append(segment.text());
        }
        return streams.keep(http.start(segment, previous));
    }

    @Override
    public void close() {
        streams.close();
    }

    /** The end of the text so far, cut at a word boundary past {@link #PREVIOUS_TEXT_MAX_CHARS}; null if none. */
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
