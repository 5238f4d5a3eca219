package io.ttsgateway.provider;

import java.util.ArrayList;
import java.util.List;

/** The continuation of a provider without input streaming: each segment a request on the session, closed with it. */
public final class IndependentSegments implements Continuation {

    private final ProviderSession session;
    private final List<AudioStream> opened = new ArrayList<>();
    private boolean closed;

    /** Creates the continuation, whose segments are opened on {@code session}. */
    public IndependentSegments(ProviderSession session) {
        this.session = session;
    }

    @Override
    public AudioStream open(SynthesisRequest segment) throws ProviderException, InterruptedException {
        return keep(session.open(segment));
    }

    /** Keeps a segment's stream to close with the continuation. */
    public AudioStream keep(AudioStream stream) throws InterruptedException {
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
