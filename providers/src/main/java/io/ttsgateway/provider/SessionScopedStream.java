package io.ttsgateway.provider;

import io.ttsgateway.audio.AudioFormat;

/**
 * A stream that owns the provider session it was opened on: a request opened through
 * {@link TtsProvider#open(SynthesisRequest)}, outside any client connection, gets a session (and a
 * connection) of its own, released when the stream is closed.
 */
public final class SessionScopedStream implements AudioStream {

    private final AudioStream stream;
    private final ProviderSession session;

    private SessionScopedStream(AudioStream stream, ProviderSession session) {
        this.stream = stream;
        this.session = session;
    }

    /** Opens a request on a session opened for it alone, closed with the stream (or at once if it fails). */
    public static AudioStream open(ProviderSession session, SynthesisRequest request)
            throws ProviderException, InterruptedException {
        try {
            return new SessionScopedStream(session.open(request), session);
        } catch (ProviderException | InterruptedException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public AudioFormat format() {
        return stream.format();
    }

    @Override
    public byte[] read() throws ProviderException, InterruptedException {
        return stream.read();
    }

    @Override
    public WordAlignment nextAlignment() {
        return stream.nextAlignment();
    }

    @Override
    public boolean cacheable() {
        return stream.cacheable();
    }

    @Override
    public void close() {
        try {
            stream.close();
        } finally {
            session.close();
        }
    }
}
