package io.ttsgateway.provider;

import java.util.ArrayList;
import java.util.List;

/**
 * The continuation of a provider without input streaming: every segment is a request of its own on
 * the connection's provider session. Closing it closes every segment stream it opened (closing a
 * finished stream again is harmless, so finished ones are simply kept until then).
 */
public final class IndependentSegments implements Continuation {

    private final ProviderSession session;
    private final List<AudioStream> opened = new ArrayList<>();
    private boolean closed;

    /**
     * Creates the continuation.
     *
     * @param session the session each segment is opened on
     */
    public IndependentSegments(ProviderSession session) {
        this.session = session;
    }

    @Override
    public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
        AudioStream stream = session.open(segment);
        synchronized (this) {
            if (!closed) {
                opened.add(stream);
                return stream;
            }
        }
        stream.close();
        throw new InterruptedException("continuation closed");
    }

    @Override
    public void close() {
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
}
