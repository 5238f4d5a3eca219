package io.ttsgateway.provider;

import io.ttsgateway.audio.AudioFormat;

/** A stream owning the session opened for it alone (a request outside any client connection), closed with it. */
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
